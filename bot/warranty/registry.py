"""The registry of sold units: CSV import and look-up by serial number and phone."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Final

from bot.db import UnitOfWork, UowFactory
from bot.knowledge import KnowledgeBase
from bot.parsing import find_serial
from bot.phone import normalise_phone
from bot.warranty.models import SoldUnit

__all__ = ["REQUIRED_COLUMNS", "ImportReport", "RegistryFileError", "find_unit", "import_registry"]

REQUIRED_COLUMNS: Final = ("serial_number", "model", "purchase_date", "sales_channel", "phone")
OPTIONAL_COLUMNS: Final = ("exchanged_on", "days_in_repair")


class RegistryFileError(Exception):
    """The file cannot be imported at all (missing, unreadable, wrong columns)."""


@dataclass
class ImportReport:
    """What an import did. Line numbers count the header as line 1."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line per fact, for the command line."""
        lines = [
            f"{self.inserted} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.errors)} rejected"
        ]
        return "\n".join(lines + [f"  {e}" for e in self.errors])


def _date(value: str) -> date:
    return date.fromisoformat(value.strip())


def _row(
    raw: dict[str, str | None], kb: KnowledgeBase, today: date
) -> tuple[SoldUnit | None, list[str]]:
    def get(name: str) -> str:
        return (raw.get(name) or "").strip()

    problems = []
    serial = find_serial(get("serial_number"))
    if serial is None or serial != get("serial_number").upper():
        problems.append(f"serial number {get('serial_number')!r} is not 2 letters + 10 digits")
    model = get("model").upper()
    if model not in kb.models:
        problems.append(f"unknown model {get('model')!r}")
    elif serial and not model.startswith(serial[:2]):
        problems.append(f"serial {serial} does not belong to a {model}")
    purchased: date | None = None
    try:
        purchased = _date(get("purchase_date"))
        if purchased > today:
            problems.append(f"purchase date {purchased} is in the future")
    except ValueError:
        problems.append(f"purchase date {get('purchase_date')!r} is not YYYY-MM-DD")
    phone = normalise_phone(get("phone"))
    if phone is None:
        problems.append(f"phone {get('phone')!r} is not a valid phone number")
    if not get("sales_channel"):
        problems.append("sales channel is empty")
    exchanged: date | None = None
    if get("exchanged_on"):
        try:
            exchanged = _date(get("exchanged_on"))
            if purchased and not purchased <= exchanged <= today:
                problems.append(f"exchange date {exchanged} is not between purchase and today")
        except ValueError:
            problems.append(f"exchange date {get('exchanged_on')!r} is not YYYY-MM-DD")
    days = 0
    if get("days_in_repair"):
        if get("days_in_repair").isdigit():
            days = int(get("days_in_repair"))
        else:
            problems.append(f"days in repair {get('days_in_repair')!r} is not a whole number")
    if problems or serial is None or purchased is None or phone is None:
        return None, problems
    return (
        SoldUnit(
            serial_number=serial,
            model=model,
            purchased_on=purchased,
            sales_channel=get("sales_channel"),
            phone=phone,
            exchanged_on=exchanged,
            days_in_repair=days,
        ),
        [],
    )


_FIELDS: Final = (
    "model",
    "purchased_on",
    "sales_channel",
    "phone",
    "exchanged_on",
    "days_in_repair",
)


def import_registry(
    path: Path, uow_factory: UowFactory, kb: KnowledgeBase, today: date
) -> ImportReport:
    """Imports sold units from a CSV file; running it again changes nothing.

    Good rows are added or updated (by serial number) in one transaction; bad rows are
    reported with their line numbers and skipped.

    Raises:
        RegistryFileError: The file is missing, unreadable or lacks a required column.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = set(reader.fieldnames or ())
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            if missing:
                raise RegistryFileError(f"{path}: missing column(s): {', '.join(missing)}")
            rows = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise RegistryFileError(f"{path}: cannot be read: {exc}") from exc

    report = ImportReport()
    units: dict[str, tuple[int, SoldUnit]] = {}
    for line, raw in rows:
        unit, problems = _row(raw, kb, today)
        if unit is not None and unit.serial_number in units:
            problems = [
                f"serial {unit.serial_number} already given on line {units[unit.serial_number][0]}"
            ]
        if problems or unit is None:
            report.errors.append(f"line {line}: {'; '.join(problems)}")
            continue
        units[unit.serial_number] = (line, unit)

    with uow_factory() as uow:
        for _, unit in units.values():
            existing = uow.session.get(SoldUnit, unit.serial_number)
            if existing is None:
                uow.session.add(unit)
                report.inserted += 1
            elif any(getattr(existing, f) != getattr(unit, f) for f in _FIELDS):
                for f in _FIELDS:
                    setattr(existing, f, getattr(unit, f))
                report.updated += 1
            else:
                report.unchanged += 1
        uow.commit()
    return report


def find_unit(uow: UnitOfWork, serial_number: str, phone: str) -> SoldUnit | None:
    """Returns the unit only if the serial number and the buyer's phone both match.

    A wrong phone and an unknown serial look the same, so nothing is revealed.
    """
    serial = find_serial(serial_number)
    normalised = normalise_phone(phone)
    if serial is None or normalised is None:
        return None
    unit = uow.session.get(SoldUnit, serial)
    if unit is None or unit.phone != normalised:
        return None
    return unit
