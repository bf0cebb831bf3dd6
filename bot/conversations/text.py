"""What the customer typed, as the assistant may receive it."""

from __future__ import annotations

from typing import Final

__all__ = ["MAX_TEXT_LENGTH", "neutralise_intent_shortcut"]

#: Longest message a customer may type, in characters.
MAX_TEXT_LENGTH: Final = 2_000

_FULLWIDTH_SLASH: Final = "\uff0f"


def neutralise_intent_shortcut(text: str) -> str:
    """Makes sure typed text is never read as a Rasa intent shortcut.

    Rasa reads a message starting with ``/`` (after stripping spaces) as
    ``/intent{"entity": ...}``. A customer's typed slash becomes a full-width slash,
    which reads the same to a person and means nothing to Rasa.

    Args:
        text: Text the customer typed.

    Returns:
        The text to forward to Rasa.
    """
    stripped = text.strip()
    if stripped.startswith("/"):
        return _FULLWIDTH_SLASH + stripped[1:]
    return stripped
