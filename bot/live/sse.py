r"""Frames of a server-sent event stream (``text/event-stream``), written safely.

An event is ``id:``, ``event:`` and one ``data:`` line per line of its data, ended by
a blank line; a line starting with ``:`` is a comment the browser ignores (keep-alive).
Data may hold any text: every line break (``\r\n``, ``\r`` or ``\n``) starts a new
``data:`` line, so no data can end an event early or forge a field. Ids and event
names cannot hold line breaks at all.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

__all__ = ["KEEP_ALIVE", "comment", "event_frame", "json_event"]

#: The comment sent when nothing else was sent for a while.
KEEP_ALIVE: Final = ": keep-alive\n\n"

_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")


def _field(name: str, value: str) -> str:
    if _LINE_BREAK.search(value) or "\0" in value:
        raise ValueError(f"an event's {name} cannot hold a line break or NUL")
    return f"{name}: {value}\n"


def event_frame(
    data: str, *, event: str | None = None, event_id: str | None = None, retry_ms: int | None = None
) -> str:
    """Returns one event, ready to send.

    Args:
        data: The event's data, any text; each of its lines becomes a ``data:`` line.
        event: The event's type (``message`` when left out).
        event_id: The id the browser sends back as ``Last-Event-ID`` on reconnecting.
        retry_ms: How long the browser waits before reconnecting, in milliseconds.

    Raises:
        ValueError: ``event`` or ``event_id`` holds a line break, or ``retry_ms`` < 0.
    """
    parts = []
    if event_id is not None:
        parts.append(_field("id", event_id))
    if event is not None:
        parts.append(_field("event", event))
    if retry_ms is not None:
        if retry_ms < 0:
            raise ValueError("retry_ms must be 0 or more")
        parts.append(f"retry: {retry_ms}\n")
    parts.extend(f"data: {line}\n" for line in _LINE_BREAK.split(data))
    return "".join(parts) + "\n"


def json_event(payload: Any, *, event: str, event_id: str | None = None) -> str:
    """Returns one event whose data is ``payload`` as compact JSON (one line)."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return event_frame(data, event=event, event_id=event_id)


def comment(text: str = "keep-alive") -> str:
    """Returns a comment frame: each line of ``text`` as a ``:`` line, then a blank line."""
    return "".join(f": {line}\n" for line in _LINE_BREAK.split(text)) + "\n"
