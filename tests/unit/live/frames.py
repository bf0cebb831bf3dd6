"""Reading server-sent event frames back, as a browser's EventSource does."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["Event", "parse"]


@dataclass(frozen=True)
class Event:
    """One event: its type, id and data (``None`` for a comment)."""

    event: str
    id: str | None
    data: str

    @property
    def json(self) -> Any:
        """The data, read as JSON."""
        return json.loads(self.data)


def parse(stream: str) -> list[Event]:
    """Splits a stream into events; comments come back as events of type ``:``."""
    events = []
    for block in stream.split("\n\n"):
        if not block:
            continue
        fields: dict[str, list[str]] = {}
        for line in block.split("\n"):
            name, _, value = line.partition(": ")
            fields.setdefault(name, []).append(value)
        if "" in fields and len(fields) == 1:
            events.append(Event(":", None, "\n".join(fields[""])))
            continue
        events.append(
            Event(
                event=fields.get("event", ["message"])[0],
                id=fields.get("id", [None])[0],
                data="\n".join(fields.get("data", [])),
            )
        )
    return events
