"""Imports the service network into the database: idempotent, and safe for bookings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import SystemClock
from bot.db import UowFactory, write_transaction
from bot.repairs.availability import shift_of
from bot.repairs.errors import ServiceNetworkError
from bot.repairs.models import (
    BookingRecord,
    NetworkSettings,
    RegionRecord,
    TechnicianRecord,
)
from bot.repairs.network import RegionSpec, ServiceNetwork, TechnicianSpec
from bot.repairs.windows import Window

__all__ = ["NetworkImportReport", "import_network"]


@dataclass
class _Counts:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)

    def line(self, noun: str) -> str:
        text = (
            f"{noun}: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.deactivated)} deactivated"
        )
        return text + (f" ({', '.join(self.deactivated)})" if self.deactivated else "")


@dataclass
class NetworkImportReport:
    """What an import did.

    Attributes:
        regions: Codes of regions added, updated, unchanged and deactivated.
        technicians: Ids of technicians added, updated, unchanged and deactivated.
        settings_changed: Whether the booking rules (window length, horizon, lead
            time) were created or changed.
    """

    regions: _Counts = field(default_factory=_Counts)
    technicians: _Counts = field(default_factory=_Counts)
    settings_changed: bool = False

    def summary(self) -> str:
        """A few lines for the command line."""
        return "\n".join(
            [
                self.regions.line("regions"),
                self.technicians.line("technicians"),
                f"booking rules: {'changed' if self.settings_changed else 'unchanged'}",
            ]
        )


def _apply(record: object, values: dict[str, object]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    return changed


def _region_values(spec: RegionSpec) -> dict[str, object]:
    return {
        "name_zh": spec.name_zh,
        "name_en": spec.name_en,
        "aliases": list(spec.aliases),
        "categories": list(spec.categories),
        "active": True,
    }


def _technician_values(spec: TechnicianSpec) -> dict[str, object]:
    return {
        "name_zh": spec.name_zh,
        "name_en": spec.name_en,
        "region_code": spec.region,
        "categories": list(spec.categories),
        "days": sorted(spec.shift.days),
        "start_minute": spec.shift.start,
        "end_minute": spec.shift.end,
        "active": True,
    }


_Record = TypeVar("_Record", RegionRecord, TechnicianRecord)


def _upsert(
    session: Session,
    model: type[_Record],
    key: str,
    specs: dict[str, dict[str, object]],
    counts: _Counts,
) -> None:
    existing = {getattr(r, key): r for r in session.scalars(select(model))}
    for ident, values in specs.items():
        record = existing.get(ident)
        if record is None:
            session.add(model(**{key: ident, **values}))
            counts.added.append(ident)
        elif _apply(record, values):
            counts.updated.append(ident)
        else:
            counts.unchanged.append(ident)
    for ident, record in existing.items():
        if ident not in specs and record.active:
            record.active = False
            counts.deactivated.append(ident)
    session.flush()


def _stranded(session: Session, settings: NetworkSettings, now: datetime, source: str) -> list[str]:
    """Active future bookings that the changed network could no longer serve."""
    problems = []
    bookings = session.scalars(
        select(BookingRecord)
        .where(BookingRecord.status == "booked", BookingRecord.window_end > now)
        .order_by(BookingRecord.window_start)
    )
    for booking in bookings:
        window = Window(booking.window_start, booking.window_end)
        technician = session.get_one(TechnicianRecord, booking.technician_id)
        region = session.get_one(RegionRecord, booking.region_code)
        reasons = []
        if not region.active or booking.category not in region.categories:
            reasons.append(f"region {region.code} would no longer service {booking.category}")
        if not technician.active:
            reasons.append(f"technician {technician.id} would be removed")
        elif technician.region_code != booking.region_code:
            reasons.append(f"technician {technician.id} would move to {technician.region_code}")
        elif booking.category not in technician.categories:
            reasons.append(f"technician {technician.id} would no longer repair {booking.category}")
        elif not shift_of(technician).works(window, settings.window_hours):
            reasons.append(f"technician {technician.id} would no longer work that window")
        if reasons:
            problems.append(
                f"{source}: booking {booking.reference} ({window.label('en')}, "
                f"{booking.category}, technician {booking.technician_id}): {'; '.join(reasons)}"
            )
    return problems


def import_network(
    uow_factory: UowFactory, network: ServiceNetwork, *, now: datetime | None = None
) -> NetworkImportReport:
    """Loads a validated network into the database; importing it again changes nothing.

    Regions and technicians are added or updated by code and id; those missing from
    the file are deactivated, never deleted. Everything happens in one transaction,
    which is refused as a whole when an active future booking would be left with a
    technician who no longer works its window (or a region or category that is no
    longer serviced).

    Args:
        uow_factory: Opens units of work.
        network: From :func:`bot.repairs.load_network`.
        now: The current time (aware), from the caller's clock; bookings whose
            window ended before it do not count. Without it, the system clock is read.

    Returns:
        What changed.

    Raises:
        ServiceNetworkError: Bookings would be stranded; each is listed.
    """
    moment = now if now is not None else SystemClock().now()
    source = network.source or "service network"
    report = NetworkImportReport()
    with write_transaction(uow_factory) as uow:
        session = uow.session
        rules = {
            "window_hours": network.window_hours,
            "booking_horizon_days": network.booking_horizon_days,
            "min_lead_hours": network.min_lead_hours,
        }
        settings = session.get(NetworkSettings, 1)
        if settings is None:
            settings = NetworkSettings(id=1, **rules)
            session.add(settings)
            report.settings_changed = True
        else:
            report.settings_changed = _apply(settings, dict(rules))
        _upsert(
            session,
            RegionRecord,
            "code",
            {r.code: _region_values(r) for r in network.regions},
            report.regions,
        )
        _upsert(
            session,
            TechnicianRecord,
            "id",
            {t.id: _technician_values(t) for t in network.technicians},
            report.technicians,
        )
        problems = _stranded(session, settings, moment, source)
        if problems:
            raise ServiceNetworkError(
                [
                    f"{source}: the import is refused: {len(problems)} active booking(s) "
                    "could no longer be served; move or cancel them first",
                    *problems,
                ]
            )
        uow.commit()
    return report
