from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.repairs import CATEGORIES, ServiceNetworkError, load_network
from bot.stack import PROJECT_ROOT


def _region(code: str, **overrides: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": {"zh": f"{code}市", "en": code.title()},
        "aliases": [f"{code} city"],
        "categories": ["washing_machine"],
        **overrides,
    }


def _technician(tech_id: str, region: str = "shanghai", **overrides: Any) -> dict[str, Any]:
    return {
        "id": tech_id,
        "name": {"zh": "王师傅", "en": "Master Wang"},
        "region": region,
        "categories": ["washing_machine"],
        "days": "daily",
        "hours": "08:00-18:00",
        **overrides,
    }


def _network(**overrides: Any) -> dict[str, Any]:
    return {
        "window_hours": 2,
        "booking_horizon_days": 30,
        "min_lead_hours": 2,
        "regions": [_region("shanghai")],
        "technicians": [_technician("T-SH-01")],
        **overrides,
    }


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "network.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _problems(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    path = _write(tmp_path, data)
    with pytest.raises(ServiceNetworkError) as caught:
        load_network(path)
    assert all(p.startswith(f"{path}: ") for p in caught.value.problems)
    for problem in caught.value.problems:
        assert problem in str(caught.value)
    return caught.value.problems


def test_the_demo_network_is_valid_and_covers_every_category_every_day() -> None:
    network = load_network(PROJECT_ROOT / "demo" / "service_network.yml")
    assert 4 <= len(network.regions) <= 6
    for region in network.regions:
        assert set(region.categories) == set(CATEGORIES)
        technicians = [t for t in network.technicians if t.region == region.code]
        assert 2 <= len(technicians) <= 4
    assert network.window_hours == 2


def test_a_valid_network_is_read(tmp_path: Path) -> None:
    data = _network(
        technicians=[
            _technician("T-SH-01", days=["mon", "tue", "wed", "thu", "fri"]),
            _technician("T-SH-02", days=["sat", "sun"], hours="10:00-20:00"),
        ]
    )
    network = load_network(_write(tmp_path, data))
    assert network.source == str(tmp_path / "network.yml")
    assert [t.id for t in network.technicians] == ["T-SH-01", "T-SH-02"]
    assert network.technicians[0].shift.days == frozenset(range(5))
    assert (network.technicians[1].shift.start, network.technicians[1].shift.end) == (600, 1200)
    assert network.regions[0].aliases == ("shanghai city",)


@pytest.mark.parametrize(
    ("data", "reported"),
    [
        pytest.param(
            _network(
                regions=[_region("shanghai", categories=["washing_machine", "toaster"])],
                technicians=[_technician("T-SH-01", categories=["washing_machine", "dishwasher"])],
            ),
            [
                "region shanghai: unknown category 'toaster'",
                "technician T-SH-01: unknown category 'dishwasher'",
            ],
            id="unknown category, named with its item",
        ),
        pytest.param(
            _network(
                regions=[_region("shanghai"), _region("shanghai", aliases=[])],
                technicians=[_technician("T-SH-01"), _technician("T-SH-01")],
            ),
            [
                "regions[1]: duplicate region code 'shanghai'",
                "technicians[1]: duplicate technician id 'T-SH-01'",
            ],
            id="duplicate ids and codes",
        ),
        pytest.param(
            _network(technicians=[_technician("T-SH-01"), _technician("T-X", "atlantis")]),
            ["technician T-X: unknown region 'atlantis'"],
            id="technician in an unknown region",
        ),
        pytest.param(
            _network(
                technicians=[
                    _technician("T-SH-01"),
                    _technician("T-BACK", hours="18:00-09:00"),
                    _technician("T-ODD", hours="08:00-17:00"),
                    _technician("T-BAD", hours="8 to 5"),
                    _technician("T-25", hours="08:00-25:00"),
                ]
            ),
            [
                "technician T-BACK: hours '18:00-09:00' end before they start",
                "technician T-ODD: hours '08:00-17:00' are not a whole number of 2-hour windows",
                "technician T-BAD: hours '8 to 5' are not like",
                ("technician T-25:", "does not exist"),
            ],
            id="bad hours",
        ),
        pytest.param(
            _network(
                technicians=[_technician("T-SH-01"), _technician("T-2", days=["mon", "funday"])]
            ),
            ["technician T-2: unknown weekday 'funday'"],
            id="unknown weekday",
        ),
        pytest.param(
            _network(
                regions=[_region("shanghai", categories=["washing_machine", "water_heater"])],
                technicians=[
                    _technician("T-SH-01", days=["mon", "tue", "wed", "thu", "fri", "sat"]),
                    _technician("T-SH-02", categories=["water_heater"], days=["mon"]),
                ],
            ),
            [
                "region shanghai: no technician for washing_machine on sun",
                "region shanghai: no technician for water_heater on tue, wed, thu, fri, sat, sun",
            ],
            id="every category of a region must be covered every day",
        ),
        pytest.param(
            _network(
                technicians=[_technician("T-SH-01", categories=["washing_machine", "refrigerator"])]
            ),
            ["category refrigerator is not serviced in region shanghai"],
            id="a technician category the region does not service",
        ),
        pytest.param(
            _network(
                regions=[
                    _region("shanghai", aliases=["Huangpu"]),
                    _region("guangzhou", aliases=["huangpu"]),
                ],
                technicians=[_technician("T-SH-01"), _technician("T-GZ-01", "guangzhou")],
            ),
            ["region guangzhou: name or alias 'huangpu' is already used"],
            id="an alias may belong to one region only",
        ),
        pytest.param(
            _network(
                window_hours=0,
                booking_horizon_days="soon",
                regions=[_region("shanghai", name={"zh": "上海"}, colour="red")],
            ),
            [
                "window_hours: 0 is not a whole number",
                "booking_horizon_days: 'soon' is not a whole number",
                "region shanghai: name has no en text",
                "region shanghai: unknown field 'colour'",
            ],
            id="bad rules, missing names and unknown fields",
        ),
    ],
)
def test_problems_are_reported(
    tmp_path: Path, data: dict[str, Any], reported: list[str | tuple[str, ...]]
) -> None:
    problems = _problems(tmp_path, data)
    for expected in reported:
        parts = (expected,) if isinstance(expected, str) else expected
        assert any(all(part in p for part in parts) for p in problems), (expected, problems)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        _network(
            technicians=[_technician("T-SH-01", hours="18:00-09:00", days=["noday"], region="x")]
        ),
    )
    assert len(problems) >= 4  # region, weekday, hours, coverage


def test_missing_or_broken_file(tmp_path: Path) -> None:
    with pytest.raises(ServiceNetworkError, match="cannot be read"):
        load_network(tmp_path / "absent.yml")
    broken = tmp_path / "broken.yml"
    broken.write_text("regions: [unclosed", encoding="utf-8")
    with pytest.raises(ServiceNetworkError, match="not valid YAML"):
        load_network(broken)
