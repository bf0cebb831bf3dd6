"""The complaints report: what came in, by category, model and severity, and what is late.

Period figures count complaints filed since the given day (00:00 UTC). Open-work
figures — overdue complaints and unresolved ones without an owner — cover every date,
so an old forgotten complaint never drops out of sight ("four nothing-missed").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any, Final

from sqlalchemy import func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, selectinload

from bot.complaints.categories import CATEGORIES, category_label
from bot.complaints.models import ComplaintRecord
from bot.complaints.triage import SEVERITIES
from bot.complaints.view import Complaint, complaint_view
from bot.db import UowFactory
from bot.language import Language
from bot.texts import render

__all__ = ["ComplaintReport", "complaint_report", "format_report"]

UNKNOWN_MODEL = "unknown"


@dataclass(frozen=True)
class ComplaintReport:
    """Complaint figures for a period, and the open work of every date.

    Attributes:
        since: First day of the period (UTC).
        now: When the report was made.
        total: Complaints filed in the period.
        by_category: Per category, every category present (zeros included).
        by_model: Per product model; complaints without a model count as ``unknown``.
        by_severity: Per severity, every severity present (zeros included).
        resolved: Complaints of the period that are resolved.
        awaiting_review: Complaints of the period resolved without the customer's review.
        overdue: Unresolved complaints of any date past their due time, longest overdue
            first.
        unresolved_without_owner: Unresolved complaints of any date with a blank owner
            (the service always sets one; this guards against edits made elsewhere).
    """

    since: date
    now: datetime
    total: int
    by_category: dict[str, int]
    by_model: dict[str, int]
    by_severity: dict[str, int]
    resolved: int
    awaiting_review: int
    overdue: list[Complaint]
    unresolved_without_owner: int


def complaint_report(uow_factory: UowFactory, *, since: date, now: datetime) -> ComplaintReport:
    """Counts the complaints filed since a day and lists every overdue one.

    Args:
        uow_factory: Makes the unit of work.
        since: First day of the period, taken as 00:00 UTC.
        now: The current time, timezone-aware; a complaint is overdue when its due
            time is before it.

    Returns:
        The report.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    start = datetime.combine(since, time.min, tzinfo=timezone.utc)
    in_period = ComplaintRecord.created_at >= start
    count = func.count(ComplaintRecord.id)
    with uow_factory() as uow:
        session = uow.session

        def grouped(column: InstrumentedAttribute[Any]) -> dict[Any, int]:
            rows = session.execute(select(column, count).where(in_period).group_by(column))
            return {key: number for key, number in rows}

        categories = grouped(ComplaintRecord.category)
        models = grouped(ComplaintRecord.model)
        severities = grouped(ComplaintRecord.severity)
        resolved = session.scalar(
            select(count).where(in_period, ComplaintRecord.status == "resolved")
        )
        awaiting = session.scalar(
            select(count).where(
                in_period,
                ComplaintRecord.status == "resolved",
                ComplaintRecord.review_rating.is_(None),
            )
        )
        unresolved = ComplaintRecord.status != "resolved"
        without_owner = session.scalar(
            select(count).where(
                unresolved,
                or_(ComplaintRecord.owner.is_(None), func.trim(ComplaintRecord.owner) == ""),
            )
        )
        overdue = session.scalars(
            select(ComplaintRecord)
            .where(unresolved, ComplaintRecord.due_at < now)
            .order_by(ComplaintRecord.due_at, ComplaintRecord.created_at, ComplaintRecord.id)
            .options(selectinload(ComplaintRecord.updates))
        ).all()
        by_model: dict[str, int] = {}
        for model, number in sorted(models.items(), key=lambda item: item[0] or "~"):
            key = model or UNKNOWN_MODEL
            by_model[key] = by_model.get(key, 0) + number
        return ComplaintReport(
            since=since,
            now=now,
            total=sum(categories.values()),
            by_category={c: categories.get(c, 0) for c in CATEGORIES},
            by_model=by_model,
            by_severity={s: severities.get(s, 0) for s in SEVERITIES},
            resolved=resolved or 0,
            awaiting_review=awaiting or 0,
            overdue=[complaint_view(record) for record in overdue],
            unresolved_without_owner=without_owner or 0,
        )


_COLUMNS: Final = ("reference", "category", "severity", "due", "owner")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def _table(rows: list[tuple[str, ...]], indent: str = "  ") -> list[str]:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        indent + "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]


def format_report(report: ComplaintReport, language: str = "en") -> str:
    """Writes the report as a plain-text table in Chinese (``zh``) or English."""
    lang: Language = "zh" if language == "zh" else "en"

    def label(key: str, **values: str) -> str:
        return render(f"complaint_report_{key}", lang, **values)

    def severity(name: str) -> str:
        return label(f"severity_{name}")

    when = report.now.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")
    lines = [
        label("title"),
        label("period", since=report.since.isoformat(), now=when),
        "",
        *_table(
            [
                (label("total"), str(report.total)),
                (label("resolved"), str(report.resolved)),
                (label("awaiting"), str(report.awaiting_review)),
            ],
            indent="",
        ),
        "",
        label("category"),
        *_table([(category_label(c, lang), str(n)) for c, n in report.by_category.items()]),
        "",
        label("severity"),
        *_table([(severity(s), str(n)) for s, n in report.by_severity.items()]),
        "",
        label("model"),
    ]
    models = list(report.by_model.items())
    lines += _table([(m, str(n)) for m, n in models]) if models else [f"  {label('none')}"]
    lines += [
        "",
        label("open"),
        *_table(
            [
                (label("without_owner"), str(report.unresolved_without_owner)),
                (label("overdue"), str(len(report.overdue))),
            ]
        ),
    ]
    if report.overdue:
        rows: list[tuple[str, ...]] = [tuple(label(f"column_{c}") for c in _COLUMNS)]
        rows += [
            (
                c.reference,
                category_label(c.category, lang),
                severity(c.severity),
                c.due_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M"),
                c.owner.strip() or label("no_owner"),
            )
            for c in report.overdue
        ]
        lines += _table(rows, indent="    ")
    return "\n".join(lines) + "\n"
