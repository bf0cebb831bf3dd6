"""Helpers shared by the action modules."""

from __future__ import annotations

from rasa_sdk.interfaces import Tracker

from bot.language import Language, is_language

__all__ = ["button", "language_of", "latest_text"]


def language_of(tracker: Tracker) -> Language:
    """The conversation's language (set from every customer message)."""
    value = tracker.get_slot("language")
    return value if is_language(value) else "zh"


def latest_text(tracker: Tracker) -> str:
    """What the customer wrote last, as text."""
    text = (tracker.latest_message or {}).get("text") or ""
    return str(text)


def button(language: Language, zh: str, en: str, payload: str) -> dict[str, str]:
    """A button titled in the customer's language."""
    return {"title": zh if language == "zh" else en, "payload": payload}
