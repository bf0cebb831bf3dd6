"""Command-line pieces: ``network import`` and ``repairs show|outcome|list``.

The main command line adds them with :func:`add_commands` and, for a parsed
``network`` or ``repairs`` command, calls :func:`run` with a unit-of-work factory.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.db import UowFactory
from bot.repairs.errors import RepairsError
from bot.repairs.importer import import_network
from bot.repairs.lookup import get_booking, list_bookings
from bot.repairs.network import load_network
from bot.repairs.outcomes import first_visit_fix_rate, record_outcome
from bot.repairs.view import Booking

__all__ = ["COMMANDS", "add_commands", "run"]

COMMANDS = ("network", "repairs")
"""The top-level command names :func:`add_commands` adds (``args.command``)."""


def add_commands(subparsers: Any) -> None:
    """Adds the ``network`` and ``repairs`` commands.

    Args:
        subparsers: What ``ArgumentParser.add_subparsers(dest="command")`` returned.
    """
    network = subparsers.add_parser("network", help="the technician service network")
    network_commands = network.add_subparsers(dest="network_command", required=True)
    network_import = network_commands.add_parser(
        "import", help="validate and import a service network YAML file (idempotent)"
    )
    network_import.add_argument("file", type=Path)

    repairs = subparsers.add_parser("repairs", help="technician visits")
    repairs_commands = repairs.add_subparsers(dest="repairs_command", required=True)
    show = repairs_commands.add_parser("show", help="show one booking")
    show.add_argument("reference")
    outcome = repairs_commands.add_parser("outcome", help="record the outcome of a visit")
    outcome.add_argument("reference")
    fixed = outcome.add_mutually_exclusive_group(required=True)
    fixed.add_argument("--fixed", dest="fixed", action="store_true", help="fixed on this visit")
    fixed.add_argument("--not-fixed", dest="fixed", action="store_false", help="not fixed")
    outcome.add_argument(
        "--part", dest="parts", action="append", default=[], metavar="NAME", help="part used"
    )
    listing = repairs_commands.add_parser("list", help="list visits from a day on")
    listing.add_argument("--since", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")


def _details(booking: Booking) -> str:
    outcome = (
        "unknown"
        if booking.fixed_first_visit is None
        else ("fixed on first visit" if booking.fixed_first_visit else "not fixed")
    )
    fee = "-" if booking.quoted_fee is None else f"CNY {booking.quoted_fee}"
    lines = [
        f"{booking.reference}  {booking.status}",
        f"  window:     {booking.window.label('en')} ({booking.window.key})",
        f"  technician: {booking.technician_id} {booking.technician_name_en} "
        f"({booking.technician_name_zh})",
        f"  customer:   {booking.customer_name}, {booking.phone}, {booking.language}",
        f"  address:    {booking.region}: {booking.address}",
        f"  appliance:  {booking.category} {booking.model or '-'} {booking.serial_number or '-'}",
        f"  symptom:    {booking.symptom}"
        + (f" (error {booking.error_code})" if booking.error_code else ""),
        f"  warranty:   {booking.warranty_status}, quoted fee {fee}",
        f"  rescheduled {booking.reschedule_count} time(s); outcome {outcome}; parts: "
        + (", ".join(booking.parts_used) or "-"),
    ]
    return "\n".join(lines)


def _line(booking: Booking) -> str:
    return (
        f"{booking.reference}  {booking.window.label('en'):<24} {booking.status:<9} "
        f"{booking.region:<10} {booking.category:<16} {booking.technician_id}"
    )


def _repairs(args: argparse.Namespace, uow_factory: UowFactory, now: datetime) -> int:
    if args.repairs_command == "show":
        booking = get_booking(uow_factory, args.reference)
        if booking is None:
            print(f"error: no booking {args.reference}", file=sys.stderr)
            return 1
        print(_details(booking))
        return 0
    if args.repairs_command == "outcome":
        booking = record_outcome(
            uow_factory,
            args.reference,
            fixed_first_visit=args.fixed,
            parts_used=args.parts,
            now=now,
        )
        print(_details(booking))
        return 0
    bookings = list_bookings(uow_factory, args.since)
    for booking in bookings:
        print(_line(booking))
    rate = first_visit_fix_rate(uow_factory, args.since)
    print(
        f"{len(bookings)} visit(s) since {args.since}; first-visit fix rate: "
        + ("-" if rate is None else f"{rate:.0%}")
    )
    return 0


def run(args: argparse.Namespace, uow_factory: UowFactory, now: datetime) -> int:
    """Runs a parsed ``network`` or ``repairs`` command.

    Args:
        args: The parsed arguments.
        uow_factory: Opens units of work on the assistant's database.
        now: The current time, timezone-aware (from the runtime's clock).

    Returns:
        The exit code: 0 on success, 1 when the file is invalid, the import is
        refused, or the booking does not exist or cannot be changed.
    """
    try:
        if args.command == "network":
            network = load_network(args.file)
            report = import_network(uow_factory, network, now=now)
            print(f"{args.file}: {report.summary()}")
            return 0
        return _repairs(args, uow_factory, now)
    except RepairsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
