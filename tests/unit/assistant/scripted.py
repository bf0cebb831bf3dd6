"""An in-process dialogue engine for tests: answers like the Rasa server, can be 'down'."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.conversations import AssistantUnavailableError, Button, Reply

__all__ = ["ScriptedAssistant"]


class ScriptedAssistant:
    """Answers in the language it is told; records what it was sent.

    In English it greets with a button and says goodbye; in Chinese it greets with a
    button. While ``down`` it raises :class:`AssistantUnavailableError` and reports
    itself not ready.
    """

    def __init__(self) -> None:
        self.down = False
        self.closed = False
        self.received: list[tuple[str, str, dict[str, str]]] = []
        self.told: list[tuple[str, list[dict[str, Any]]]] = []

    def respond(
        self, conversation_id: str, message: str, metadata: Mapping[str, str]
    ) -> list[Reply]:
        """Answers one message, or raises while down."""
        if self.down:
            raise AssistantUnavailableError("down")
        self.received.append((conversation_id, message, dict(metadata)))
        if metadata.get("language") == "en":
            return [Reply("Hello", (Button("Book a repair", "/book_repair"),)), Reply("Bye")]
        return [Reply("您好", (Button("预约维修", "/book_repair"),))]

    def tell(self, conversation_id: str, events: Sequence[Mapping[str, Any]]) -> None:
        """Records the tracker events, or raises while down."""
        if self.down:
            raise AssistantUnavailableError("down")
        self.told.append((conversation_id, [dict(event) for event in events]))

    def rasa_ready(self) -> bool:
        """Up unless ``down``."""
        return not self.down

    def tracker_store_ready(self) -> bool:
        """Up unless ``down``."""
        return not self.down

    def actions_ready(self) -> bool:
        """Up unless ``down``."""
        return not self.down

    def close(self) -> None:
        """Remembers that it was closed."""
        self.closed = True
