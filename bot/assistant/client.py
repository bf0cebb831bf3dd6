"""The dialogue engine as the gateway holds it: it answers, reports health and closes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from bot.conversations import Assistant

__all__ = ["AssistantClient"]


class AssistantClient(Assistant, Protocol):
    """An :class:`~bot.conversations.Assistant` that can be checked and closed."""

    def tell(self, conversation_id: str, events: Sequence[Mapping[str, Any]]) -> None:
        """Appends events to the conversation's tracker (things that happened outside it).

        Raises:
            AssistantUnavailableError: The engine did not take them.
        """
        ...

    def rasa_ready(self) -> bool:
        """Tells whether the dialogue engine answers."""
        ...

    def tracker_store_ready(self) -> bool:
        """Tells whether the engine saves conversations where it should."""
        ...

    def actions_ready(self) -> bool:
        """Tells whether the engine's action server answers."""
        ...

    def close(self) -> None:
        """Releases the client's connections."""
        ...
