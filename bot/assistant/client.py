"""The dialogue engine as the gateway holds it: it answers, reports health and closes."""

from __future__ import annotations

from typing import Protocol

from bot.conversations import Assistant

__all__ = ["AssistantClient"]


class AssistantClient(Assistant, Protocol):
    """An :class:`~bot.conversations.Assistant` that can be checked and closed."""

    def rasa_ready(self) -> bool:
        """Tells whether the dialogue engine answers."""
        ...

    def actions_ready(self) -> bool:
        """Tells whether the engine's action server answers."""
        ...

    def close(self) -> None:
        """Releases the client's connections."""
        ...
