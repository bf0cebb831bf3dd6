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


def test_unknown_category_is_named_with_its_item(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        _network(
            regions=[_region("shanghai", categories=["washing_machine", "toaster"])],
            technicians=[_technician("T-SH-01", categories=["washing_machine", "dishwasher"])],
        ),
    )
    assert any("region shanghai: unknown category 'toaster'" in p for p in problems)
    assert any("technician T-SH-01: unknown category 'dishwasher'" in p for p in problems)


def test_duplicate_ids_and_codes(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        _network(
            regions=[_region("shanghai"), _region("shanghai", aliases=[])],
            technicians=[_technician("T-SH-01"), _technician("T-SH-01")],
        ),
    )
    assert any("regions[1]: duplicate region code 'shanghai'" in p for p in problems)
    assert any("technicians[1]: duplicate technician id 'T-SH-01'" in p for p in problems)


def test_technician_in_unknown_region(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, _network(technicians=[_technician("T-SH-01"), _technician("T-X", "atlantis")])
    )
    assert any("technician T-X: unknown region 'atlantis'" in p for p in problems)


def test_bad_hours(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        _network(
            technicians=[
                _technician("T-SH-01"),
                _technician("T-BACK", hours="18:00-09:00"),
                _technician("T-ODD", hours="08:00-17:00"),
                _technician("T-BAD", hours="8 to 5"),
                _technician("T-25", hours="08:00-25:00"),
            ]
        ),
    )
    assert any(
        "technician T-BACK: hours '18:00-09:00' end before they start" in p for p in problems
    )
    assert any(
        "technician T-ODD: hours '08:00-17:00' are not a whole number of 2-hour windows" in p
        for p in problems
    )
    assert any("technician T-BAD: hours '8 to 5' are not like" in p for p in problems)
    assert any("technician T-25:" in p and "does not exist" in p for p in problems)


def test_unknown_weekday(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        _network(technicians=[_technician("T-SH-01"), _technician("T-2", days=["mon", "funday"])]),
    )
    assert any("technician T-2: unknown weekday 'funday'" in p for p in problems)


def test_every_category_of_a_region_must_be_covered_every_day(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        _network(
            regions=[_region("shanghai", categories=["washing_machine", "water_heater"])],
            technicians=[
                _technician("T-SH-01", days=["mon", "tue", "wed", "thu", "fri", "sat"]),
                _technician("T-SH-02", categories=["water_heater"], days=["mon"]),
            ],
        ),
    )
    assert any("region shanghai: no technician for washing_machine on sun" in p for p in problems)
    assert any(
        "region shanghai: no technician for water_heater on tue, wed, thu, fri, sat, sun" in p
        for p in problems
    )


def test_a_technician_category_the_region_does_not_service(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        _network(
            technicians=[_technician("T-SH-01", categories=["washing_machine", "refrigerator"])]
        ),
    )
    assert any("category refrigerator is not serviced in region shanghai" in p for p in problems)


def test_an_alias_may_belong_to_one_region_only(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        _network(
            regions=[
                _region("shanghai", aliases=["Huangpu"]),
                _region("guangzhou", aliases=["huangpu"]),
            ],
            technicians=[_technician("T-SH-01"), _technician("T-GZ-01", "guangzhou")],
        ),
    )
    assert any("region guangzhou: name or alias 'huangpu' is already used" in p for p in problems)


def test_bad_rules_missing_names_and_unknown_fields(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        _network(
            window_hours=0,
            booking_horizon_days="soon",
            regions=[_region("shanghai", name={"zh": "上海"}, colour="red")],
        ),
    )
    assert any("window_hours: 0 is not a whole number" in p for p in problems)
    assert any("booking_horizon_days: 'soon' is not a whole number" in p for p in problems)
    assert any("region shanghai: name has no en text" in p for p in problems)
    assert any("region shanghai: unknown field 'colour'" in p for p in problems)


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
