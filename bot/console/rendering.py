"""The console's templates: where they are, and the labels and time formats they use.

Jinja2 escapes every value (autoescape is on for ``.html``), so customer and agent text
is always shown as text. Every page is sent with a strict Content Security Policy: only
the console's own script and style run.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Final

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from bot.clock import SERVICE_TZ
from bot.handoff.queue import HandoffView
from bot.handoff.summary import HandoffSummary

__all__ = [
    "SECURITY_HEADERS",
    "STATIC_DIR",
    "TEMPLATES_DIR",
    "page",
    "summary_facts",
    "templates",
]

_HERE: Final = Path(__file__).parent
TEMPLATES_DIR: Final = _HERE / "templates"
STATIC_DIR: Final = _HERE / "static"

SECURITY_HEADERS: Final = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

_REASONS: Final = {
    "critical_complaint": "Critical complaint",
    "customer_request": "Asked for a person",
    "bot_cannot_help": "Bot could not help",
    "safety_hazard": "Safety hazard",
    "customer_upset": "Customer upset",
}
_SENDERS: Final = {"customer": "Customer", "bot": "Bot", "agent": "Agent"}


def _reason_label(reason: str) -> str:
    return _REASONS.get(reason, reason.replace("_", " ").capitalize())


def _priority_label(priority: int) -> str:
    return "Urgent" if priority == 0 else f"Priority {priority}"


def _status_label(handoff: HandoffView) -> str:
    if handoff.status == "agent" and handoff.agent:
        return f"With {handoff.agent}"
    return {"waiting": "Waiting", "resolved": "Resolved", "cancelled": "Cancelled"}.get(
        handoff.status, handoff.status
    )


def _sender_label(message: Any) -> str:
    author = getattr(message, "author", None)
    if message.sender == "agent" and author:
        return str(author)
    sender = str(message.sender)
    return _SENDERS.get(sender, sender)


def _clock(moment: datetime) -> str:
    return moment.astimezone(SERVICE_TZ).strftime("%H:%M")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(SERVICE_TZ).strftime("%Y-%m-%d %H:%M")


def _detail(detail: dict[str, Any]) -> str:
    return ", ".join(f"{key}: {value}" for key, value in detail.items())


def summary_facts(summary: HandoffSummary) -> list[tuple[str, str]]:
    """The summary card's lines after "Wants": only what is known."""
    lists = (
        ("Articles given", summary.article_ids),
        ("Bookings", summary.booking_references),
        ("Complaints", summary.complaint_references),
        ("Units on phone", summary.units),
    )
    facts = [
        ("Safety hazard", summary.hazard),
        ("Phone", summary.phone),
        ("Appliance", summary.category.replace("_", " ") if summary.category else None),
        ("Model", summary.model),
        ("Serial", summary.serial_number),
        ("Error code", summary.error_code),
        (
            "Warranty",
            summary.warranty_status.replace("_", " ") if summary.warranty_status else None,
        ),
        *((label, ", ".join(values) or None) for label, values in lists),
    ]
    return [(label, value) for label, value in facts if value]


@cache
def templates() -> Jinja2Templates:
    """The console's template environment, built on first use."""
    result = Jinja2Templates(directory=TEMPLATES_DIR)
    result.env.globals.update(
        reason_label=_reason_label,
        priority_label=_priority_label,
        status_label=_status_label,
        sender_label=_sender_label,
    )
    result.env.filters.update(clock=_clock, stamp=_stamp, detail=_detail)
    return result


def page(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Renders a console page with the security headers.

    Args:
        request: The request being answered.
        name: The template's file name.
        context: The template's values.
        status_code: The HTTP status.
        headers: Extra headers.
    """
    return templates().TemplateResponse(
        request,
        name,
        context,
        status_code=status_code,
        headers={**SECURITY_HEADERS, **(headers or {})},
    )
