"""When people answer chats: the agents' shift, from the service facts.

``knowledge_base/service.yml`` states the hours customers are told (``agent_hours``)
and the same hours as times (``agent_shift``); a test keeps the two in agreement.
Outside the shift, or with nobody online, the assistant offers a callback instead of a
queue nobody is watching.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

import yaml

from bot.clock import SERVICE_TZ

__all__ = ["AgentShift", "read_agent_shift"]


@dataclass(frozen=True)
class AgentShift:
    """The daily hours agents answer chats, in the service's time zone.

    Attributes:
        opens: When the first agent starts.
        closes: When the last agent stops (after ``opens``; no shift spans midnight).
        told: The hours as customers are told them, by language (``agent_hours``).
    """

    opens: time
    closes: time
    told: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.closes <= self.opens:
            raise ValueError("an agent shift closes after it opens, on the same day")

    def hours(self, language: str) -> str:
        """The hours as customers are told them, in ``language``."""
        return self.told.get(language) or f"{self.opens:%H:%M}-{self.closes:%H:%M}"

    def is_open(self, now: datetime) -> bool:
        """Tells whether agents answer at ``now`` (timezone-aware)."""
        local = now.astimezone(SERVICE_TZ).time()
        return self.opens <= local < self.closes


def read_agent_shift(knowledge_base_dir: Path) -> AgentShift:
    """Reads ``agent_shift`` from the knowledge base's service facts.

    Raises:
        ValueError: The file has no valid ``agent_shift``.
    """
    facts = yaml.safe_load((knowledge_base_dir / "service.yml").read_text(encoding="utf-8"))
    shift = (facts or {}).get("agent_shift")
    if not isinstance(shift, dict):
        raise ValueError("service.yml has no agent_shift: {opens: 'HH:MM', closes: 'HH:MM'}")
    told = (facts or {}).get("agent_hours") or {}
    return AgentShift(
        time.fromisoformat(shift["opens"]),
        time.fromisoformat(shift["closes"]),
        {str(k): str(v) for k, v in told.items()} if isinstance(told, dict) else {},
    )
