"""What several integration tests build or read: service network files, windows, row counts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import ColumnElement, func, select

from bot.db import UowFactory
from bot.repairs import NetworkImportReport, Window, import_network, load_network

__all__ = [
    "DATABASES",
    "count_rows",
    "database_url",
    "import_network_data",
    "network_data",
    "region",
    "technician",
    "window_at",
    "write_network",
]


def region(
    code: str, zh: str, en: str, categories: Sequence[str], aliases: Sequence[str] = ()
) -> dict[str, Any]:
    """A region as written in a network file."""
    written: dict[str, Any] = {"code": code, "name": {"zh": zh, "en": en}}
    if aliases:
        written["aliases"] = list(aliases)
    written["categories"] = list(categories)
    return written


def technician(
    tech_id: str, region: str, categories: Sequence[str], days: Any, hours: str
) -> dict[str, Any]:
    """A technician as written in a network file, named after the id."""
    return {
        "id": tech_id,
        "name": {"zh": f"{tech_id}师傅", "en": f"Technician {tech_id}"},
        "region": region,
        "categories": list(categories),
        "days": days,
        "hours": hours,
    }


def network_data(
    regions: list[dict[str, Any]], technicians: list[dict[str, Any]]
) -> dict[str, Any]:
    """A network file's content: 2-hour windows, booked up to 7 days ahead, 2 hours' lead."""
    return {
        "window_hours": 2,
        "booking_horizon_days": 7,
        "min_lead_hours": 2,
        "regions": regions,
        "technicians": technicians,
    }


def write_network(path: Path, data: dict[str, Any]) -> Path:
    """Writes a network file as staff would, Chinese unescaped; returns its path."""
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def import_network_data(
    tmp_path: Path, uow_factory: UowFactory, data: dict[str, Any], now: datetime
) -> NetworkImportReport:
    """Writes ``network.yml`` in ``tmp_path`` and imports it as of ``now``."""
    path = write_network(tmp_path / "network.yml", data)
    return import_network(uow_factory, load_network(path), now=now)


def window_at(day: int, hour: int) -> Window:
    """The window starting at ``hour`` o'clock, China time, on ``day`` November 2026."""
    return Window.from_key(f"2026-11-{day:02d}T{hour:02d}:00+08:00")


def count_rows(uow_factory: UowFactory, table: type[Any], *where: ColumnElement[bool]) -> int:
    """How many rows of a mapped table there are, of those matching ``where`` if given."""
    with uow_factory() as uow:
        statement = select(func.count()).select_from(table).where(*where)
        return uow.session.scalar(statement) or 0


#: Every database the integration tests run on; PostgreSQL's need the local server.
DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty database of the kind the test is parametrised with."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'assistant.db'}"
    return str(request.getfixturevalue("postgres_url"))
