"""Command-line commands for the complaints desk.

``report complaints --since YYYY-MM-DD [--language zh|en]`` prints the report;
``complaints show CP-…`` prints one complaint and its history;
``complaints update CP-… --status in_progress|resolved --note TEXT [--owner NAME]
[--resolution TEXT]`` records an agent's progress; ``complaints feedback CP-… --rating
1-5 --note TEXT`` records the customer's review.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timezone

from bot.complaints.categories import category_label
from bot.complaints.desk import (
    AGENT_STATUSES,
    complaint_history,
    get_complaint,
    record_feedback,
    update_status,
)
from bot.complaints.errors import ComplaintsError
from bot.complaints.report import complaint_report, format_report
from bot.complaints.view import Complaint
from bot.db import UowFactory

__all__ = ["add_commands", "run"]

_ACTION = "complaints_action"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _rating(text: str) -> int:
    if text.strip() not in {"1", "2", "3", "4", "5"}:
        raise argparse.ArgumentTypeError("the rating is a whole number from 1 to 5")
    return int(text)


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds the ``report`` and ``complaints`` commands to a command-line parser.

    Each command sets ``complaints_action`` on the parsed arguments, which
    :func:`run` dispatches on.
    """
    report = subparsers.add_parser("report", help="reports")
    reports = report.add_subparsers(dest="report_command", required=True)
    complaints_report = reports.add_parser("complaints", help="complaints report")
    complaints_report.add_argument("--since", type=_day, required=True, help="YYYY-MM-DD (UTC)")
    complaints_report.add_argument("--language", choices=["en", "zh"], default="en")
    complaints_report.set_defaults(**{_ACTION: "report"})

    complaints = subparsers.add_parser("complaints", help="follow complaints to closure")
    actions = complaints.add_subparsers(dest="complaints_command", required=True)
    show = actions.add_parser("show", help="show a complaint and its history")
    show.add_argument("reference")
    show.set_defaults(**{_ACTION: "show"})

    update = actions.add_parser("update", help="record progress or the resolution")
    update.add_argument("reference")
    update.add_argument("--status", choices=AGENT_STATUSES, required=True)
    update.add_argument("--note", required=True)
    update.add_argument("--owner")
    update.add_argument("--resolution")
    update.add_argument("--author", default="complaints-desk", help="who is writing")
    update.set_defaults(**{_ACTION: "update"})

    feedback = actions.add_parser("feedback", help="record the customer's review")
    feedback.add_argument("reference")
    feedback.add_argument("--rating", type=_rating, required=True)
    feedback.add_argument("--note", required=True)
    feedback.set_defaults(**{_ACTION: "feedback"})


def _when(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _describe(complaint: Complaint) -> list[str]:
    fields = [
        ("reference", complaint.reference),
        ("status", complaint.status),
        ("category", f"{complaint.category} ({category_label(complaint.category, 'en')})"),
        ("severity", complaint.severity),
        ("safety words", ", ".join(complaint.safety_words) or "-"),
        ("repeat of", ", ".join(complaint.repeat_of) or "-"),
        ("owner", complaint.owner),
        ("due", _when(complaint.due_at)),
        ("customer", f"{complaint.customer_name or '-'}, {complaint.phone}"),
        ("language", complaint.language),
        ("model", complaint.model or "-"),
        ("serial number", complaint.serial_number or "-"),
        ("booking", complaint.booking_reference or "-"),
        ("conversation", complaint.conversation_id or "-"),
        ("filed", _when(complaint.created_at)),
        ("description", complaint.description),
        ("resolution", complaint.resolution or "-"),
        (
            "review",
            "-"
            if complaint.review_rating is None
            else f"{complaint.review_rating}/5 {complaint.review_note or ''}".rstrip(),
        ),
    ]
    return [f"{name + ':':<15}{value}" for name, value in fields]


def run(args: argparse.Namespace, uow_factory: UowFactory, now: datetime) -> int:
    """Runs a command added by :func:`add_commands`.

    Args:
        args: The parsed arguments.
        uow_factory: Makes units of work on the assistant's database.
        now: The current time, timezone-aware.

    Returns:
        0 on success, 1 when the complaint cannot be found or changed (the reason is
        printed on standard error), 2 for arguments this module did not add.
    """
    action = getattr(args, _ACTION, None)
    try:
        if action == "report":
            report = complaint_report(uow_factory, since=args.since, now=now)
            print(format_report(report, args.language), end="")
            return 0
        if action == "show":
            complaint = get_complaint(uow_factory, args.reference)
            print("\n".join(_describe(complaint)))
            print("history:")
            for entry in complaint_history(uow_factory, args.reference):
                print(f"  {_when(entry.at)}  {entry.kind:<13} {entry.author}: {entry.text}")
            return 0
        if action == "update":
            complaint = update_status(
                uow_factory,
                args.reference,
                status=args.status,
                note=args.note,
                author=args.author,
                now=now,
                owner=args.owner,
                resolution=args.resolution,
            )
            print(f"{complaint.reference}: {complaint.status}, owner {complaint.owner}")
            return 0
        if action == "feedback":
            complaint = record_feedback(
                uow_factory, args.reference, rating=args.rating, note=args.note, now=now
            )
            print(f"{complaint.reference}: review {complaint.review_rating}/5 recorded")
            return 0
    except ComplaintsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 2
