"""Telegram updates as JSON, the way Telegram sends them, for the bot's tests."""

from __future__ import annotations

import itertools
import time
from typing import Any

__all__ = ["button_press", "next_update_id", "photo_message", "text_message"]

_ids = itertools.count(1000)


def next_update_id() -> int:
    """A fresh update identifier."""
    return next(_ids)


def _user(chat_id: int, language: str) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Li", "language_code": language}


def _message(chat_id: int, language: str, message_id: int) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "Li"},
        "from": _user(chat_id, language),
    }


def text_message(
    chat_id: int, text: str, *, language: str = "en", update_id: int | None = None
) -> dict[str, Any]:
    """A text message (a command when it starts with ``/``)."""
    message = {**_message(chat_id, language, 1), "text": text}
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": update_id or next_update_id(), "message": message}


def photo_message(chat_id: int, file_id: str, *, size: int, language: str = "en") -> dict[str, Any]:
    """A photo in two sizes; the larger one is ``file_id``."""
    sizes = [
        {"file_id": "thumb", "file_unique_id": "t", "width": 90, "height": 60, "file_size": 900},
        {"file_id": file_id, "file_unique_id": "f", "width": 640, "height": 480, "file_size": size},
    ]
    return {
        "update_id": next_update_id(),
        "message": {**_message(chat_id, language, 2), "photo": sizes},
    }


def button_press(chat_id: int, data: str, *, language: str = "en") -> dict[str, Any]:
    """An inline button pressed under one of the bot's messages."""
    return {
        "update_id": next_update_id(),
        "callback_query": {
            "id": f"q{next_update_id()}",
            "from": _user(chat_id, language),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": 101,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": 7000, "is_bot": True, "first_name": "Mingjia"},
                "text": "Hello",
            },
        },
    }
