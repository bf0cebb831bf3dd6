"""What the customer typed, as the assistant may receive it."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["MAX_TEXT_LENGTH", "has_control_characters", "neutralise_intent_shortcut", "visible"]

#: Longest message a customer may type, in characters.
MAX_TEXT_LENGTH: Final = 2_000

_FULLWIDTH_SLASH: Final = "\uff0f"

#: Control characters (but tab and line breaks) and invisible format characters:
#: zero-width spaces and joiners, word joiner, byte-order mark, bidirectional overrides.
_INVISIBLE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """The text without control characters and invisible format characters.

    What a person sees is kept: letters, spaces, tabs and line breaks. A NUL byte, which
    PostgreSQL cannot store, and a zero-width space pasted in the middle of a word go.
    """
    return _INVISIBLE.sub("", text)


def has_control_characters(text: str) -> bool:
    """Whether the text holds a control character other than tab and line breaks."""
    return _CONTROL.search(text) is not None


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
