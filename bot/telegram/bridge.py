"""Our messages as Telegram messages: text in pieces Telegram accepts, buttons as inline keyboards.

Telegram carries at most 64 bytes of ``callback_data`` with an inline button, and our
payloads (``/inform{"article_id": …}``) can be longer. A button's callback data is
therefore a short key derived from its payload (:func:`callback_key`); a press is mapped
back by looking for a button **offered in that chat** with this key
(:func:`payload_for`), so a forged or foreign key finds nothing and is refused.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversations.model import Button
from bot.language import Language
from bot.texts import render

__all__ = [
    "MAX_TEXT",
    "Outgoing",
    "callback_key",
    "keyboard",
    "outgoing",
    "payload_for",
    "split_text",
]

#: Telegram's limit on a message's text, in characters.
MAX_TEXT: Final = 4096
_KEY_PREFIX: Final = "b:"


@dataclass(frozen=True)
class Outgoing:
    """One Telegram message to send: its text and its inline keyboard, if any."""

    text: str
    markup: InlineKeyboardMarkup | None = None


def callback_key(payload: str) -> str:
    """The callback data of a button with this payload: 26 ASCII bytes, whatever its length."""
    digest = hashlib.sha256(payload.encode("utf-8")).digest()[:18]
    return _KEY_PREFIX + base64.urlsafe_b64encode(digest).decode("ascii")


def payload_for(key: str, offered: Iterable[Button]) -> str | None:
    """The payload of the first offered button whose callback data is ``key``, if any."""
    if not key.startswith(_KEY_PREFIX):
        return None
    for button in offered:
        if callback_key(button.payload) == key:
            return button.payload
    return None


def keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup | None:
    """An inline keyboard with one button a row, or ``None`` without buttons."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.title, callback_data=callback_key(b.payload))] for b in buttons]
    )


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Splits text into pieces of at most ``limit`` characters, at line breaks when possible."""
    text = text.strip() or "…"
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip("\n")
    pieces.append(text)
    return pieces


def outgoing(
    *,
    sender: str,
    text: str,
    buttons: Sequence[Button],
    author: str | None,
    language: Language,
) -> list[Outgoing]:
    """The Telegram messages for one of our messages (the keyboard goes with the last).

    Args:
        sender: ``bot`` or ``agent``.
        text: What was said.
        buttons: Buttons offered with it.
        author: An agent's display name.
        language: The customer's language, for the agent's name line.
    """
    if sender == "agent" and author:
        text = render("telegram_agent_says", language, name=author, text=text)
    pieces = split_text(text)
    markup = keyboard(buttons)
    return [
        Outgoing(piece, markup if index == len(pieces) - 1 else None)
        for index, piece in enumerate(pieces)
    ]
