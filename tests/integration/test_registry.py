from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.db import UowFactory
from bot.knowledge import KnowledgeBase, load_knowledge_base
from bot.stack import PROJECT_ROOT
from bot.warranty.models import SoldUnit
from bot.warranty.registry import RegistryFileError, find_unit, import_registry

TODAY = date(2026, 11, 22)
HEADER = "serial_number,model,purchase_date,sales_channel,phone,exchanged_on,days_in_repair\n"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(PROJECT_ROOT / "knowledge_base")


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "units.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_import_keeps_good_rows_and_reports_bad_ones_by_line(
    tmp_path: Path, uow_factory: UowFactory, kb: KnowledgeBase
) -> None:
    path = _write(
        tmp_path,
        "WM2304001234,WM-8012,2024-03-15,Online store,138 1234 5678,,\n"  # line 2
        "RF2303001234,RF-9999,2024-03-15,Shop,13812345678,,\n"  # 3: unknown model
        "AC2201009911,AC-3609,2027-01-01,Shop,13812345678,,\n"  # 4: future date
        "WH2011002468,WH-6050,2024-13-01,Shop,13812345678,,\n"  # 5: bad date
        "WP1234567890,WP-800,2025-06-01,Shop,12345,,\n"  # 6: bad phone
        "RF2209001357,RF-5501,2022-09-01,Shop,+44 7700 900123,2023-01-10,12\n"  # 7
        "WM2304001234,WM-7010,2024-03-15,Shop,13812345678,,\n"  # 8: duplicate serial
        "AC2107003344,WM-8012,2024-03-15,Shop,13812345678,,\n",  # 9: serial of another category
    )
    report = import_registry(path, uow_factory, kb, TODAY)

    assert (report.inserted, report.updated, report.unchanged) == (2, 0, 0)
    assert [e.split(":")[0] for e in report.errors] == [
        "line 3",
        "line 4",
        "line 5",
        "line 6",
        "line 8",
        "line 9",
    ]
    assert "unknown model 'RF-9999'" in report.errors[0]
    assert "in the future" in report.errors[1]
    assert "not a valid phone number" in report.errors[3]
    assert "already given on line 2" in report.errors[4]
    with uow_factory() as uow:
        unit = uow.session.get_one(SoldUnit, "RF2209001357")
        assert (unit.phone, unit.exchanged_on, unit.days_in_repair) == (
            "+447700900123",
            date(2023, 1, 10),
            12,
        )
        assert uow.session.get_one(SoldUnit, "WM2304001234").phone == "+8613812345678"


def test_import_is_idempotent_and_updates_changed_rows(
    tmp_path: Path, uow_factory: UowFactory, kb: KnowledgeBase
) -> None:
    path = _write(tmp_path, "WM2304001234,WM-8012,2024-03-15,Shop,13812345678,,\n")
    assert import_registry(path, uow_factory, kb, TODAY).inserted == 1
    again = import_registry(path, uow_factory, kb, TODAY)
    assert (again.inserted, again.updated, again.unchanged, again.errors) == (0, 0, 1, [])

    path = _write(tmp_path, "WM2304001234,WM-8012,2024-03-15,Shop,13812345678,,5\n")
    changed = import_registry(path, uow_factory, kb, TODAY)
    assert (changed.updated, changed.unchanged) == (1, 0)
    with uow_factory() as uow:
        assert uow.session.get_one(SoldUnit, "WM2304001234").days_in_repair == 5


def test_a_file_without_required_columns_is_refused(
    tmp_path: Path, uow_factory: UowFactory, kb: KnowledgeBase
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("serial,model\nWM2304001234,WM-8012\n", encoding="utf-8")
    with pytest.raises(RegistryFileError, match="missing column"):
        import_registry(path, uow_factory, kb, TODAY)
    with pytest.raises(RegistryFileError, match="cannot be read"):
        import_registry(tmp_path / "absent.csv", uow_factory, kb, TODAY)


def test_unit_is_found_only_with_the_buyers_phone(
    tmp_path: Path, uow_factory: UowFactory, kb: KnowledgeBase
) -> None:
    import_registry(
        _write(tmp_path, "WM2304001234,WM-8012,2024-03-15,Shop,13812345678,,\n"),
        uow_factory,
        kb,
        TODAY,
    )
    with uow_factory() as uow:
        found = find_unit(uow, "wm2304001234", "+86 138-1234-5678")
        assert found is not None
        assert found.model == "WM-8012"
        assert find_unit(uow, "WM2304001234", "13900000000") is None
        assert find_unit(uow, "WM2304009999", "13812345678") is None
        assert find_unit(uow, "WM2304001234", "not a phone") is None
