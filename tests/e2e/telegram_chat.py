"""Telegram against the whole running assistant: the fake Bot API and the real poller.

:func:`telegram_poller` serves the unit tests' fake Bot API
(:mod:`tests.unit.telegram.fake_api`) and runs ``python -m bot telegram`` — the same
process ``make run`` starts when a bot token is configured — on the stack's database,
Rasa server and action server. :class:`TelegramCustomer` writes to the bot the way
Telegram delivers a customer's messages (updates from :mod:`tests.unit.telegram.updates`)
and waits until the turn is answered and the outbox has sent every reply.
"""

from __future__ import annotations

import itertools
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

import pytest
from sqlalchemy import func, select

from bot.conversations.models import Conversation, Message
from bot.db import UowFactory
from bot.language import Language
from bot.stack import PROJECT_ROOT
from bot.telegram.bridge import callback_key
from bot.telegram.models import TelegramChat, TelegramDelivery
from tests.e2e.conftest import Stack
from tests.unit.telegram.fake_api import FakeBotApi, fake_bot_api
from tests.unit.telegram.updates import button_press, photo_message, text_message

__all__ = ["TURN_SECONDS", "Poller", "TelegramCustomer", "telegram_poller", "texts"]

#: Longest wait for one turn (the real model answers, the outbox sends).
TURN_SECONDS: Final = 60.0
_TOKEN: Final = "123456:E2E-TEST-TOKEN"
_photo_ids = itertools.count(1)


@dataclass
class Poller:
    """The running ``python -m bot telegram`` process and the fake Bot API it polls."""

    api: FakeBotApi
    process: subprocess.Popen[bytes]
    log_path: str

    def log(self) -> str:
        """The poller's output so far (the end of it)."""
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            return log.read()[-4000:]

    def wait_for(self, predicate: Callable[[], bool], what: str, timeout: float) -> None:
        """Waits until ``predicate()`` holds; fails if the poller stops or time runs out."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if self.process.poll() is not None:
                pytest.fail(f"the Telegram poller exited while {what}:\n{self.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"timed out {what}; poller log:\n{self.log()}")
            time.sleep(0.05)


@contextmanager
def telegram_poller(stack: Stack, name: str) -> Iterator[Poller]:
    """Serves a fake Bot API and runs the Telegram poller on the stack while the block runs.

    Args:
        stack: The running assistant (its database, Rasa server and action server).
        name: Names the poller's log file in the stack's data directory.
    """
    with fake_bot_api() as api:
        log_path = stack.data_dir / f"telegram-{name}.log"
        env = stack.process_env(
            ASSISTANT_TELEGRAM_TOKEN=_TOKEN,
            ASSISTANT_TELEGRAM_MODE="polling",
            ASSISTANT_TELEGRAM_BASE_URL=api.url,
        )
        with log_path.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "telegram"],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        poller = Poller(api, process, str(log_path))
        try:
            poller.wait_for(lambda: bool(api.of("getUpdates")), "starting", 60)
            yield poller
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                    pytest.fail("the Telegram poller did not stop within 20 s of SIGINT")
        assert process.returncode == 0, poller.log()


class TelegramCustomer:
    """A customer in one Telegram chat with the bot.

    Args:
        poller: The running poller and its fake Bot API.
        uow_factory: Units of work on the stack's database.
        chat_id: The customer's chat (a new one for each customer).
        language: The language of the customer's Telegram app.
    """

    def __init__(
        self, poller: Poller, uow_factory: UowFactory, chat_id: int, language: Language
    ) -> None:
        self.poller = poller
        self.api = poller.api
        self.uow_factory = uow_factory
        self.chat_id = chat_id
        self.language = language
        self.language_code = "zh-hans" if language == "zh" else "en"

    @property
    def conversation_id(self) -> str | None:
        """The chat's conversation, once the bot has seen the chat."""
        with self.uow_factory() as uow:
            chat = uow.session.get(TelegramChat, self.chat_id)
            return None if chat is None else chat.conversation_id

    def sent(self) -> list[dict[str, Any]]:
        """Every message the bot sent to this chat (``sendMessage`` parameters), in order."""
        return [p for p in self.api.of("sendMessage") if p["chat_id"] == self.chat_id]

    def keyboard(self) -> list[tuple[str, str]]:
        """The inline keyboard of the latest message that has one: (text, callback data)."""
        for params in reversed(self.sent()):
            markup = params.get("reply_markup")
            if markup:
                return [
                    (b["text"], b["callback_data"])
                    for row in markup["inline_keyboard"]
                    for b in row
                ]
        return []

    def offered(self) -> list[dict[str, str]]:
        """The buttons of the conversation's latest bot message with buttons (title, payload)."""
        conversation_id = self.conversation_id
        assert conversation_id is not None
        with self.uow_factory() as uow:
            buttons = uow.session.scalars(
                select(Message.buttons)
                .where(Message.conversation_id == conversation_id, Message.sender == "bot")
                .order_by(Message.seq.desc())
            ).all()
        return next((list(b) for b in buttons if b), [])

    def _customer_messages(self) -> int:
        conversation_id = self.conversation_id
        if conversation_id is None:
            return 0
        with self.uow_factory() as uow:
            return uow.session.execute(
                select(func.count())
                .select_from(Message)
                .where(Message.conversation_id == conversation_id, Message.sender == "customer")
            ).scalar_one()

    def _answered(self, customer_messages: int) -> bool:
        """Whether message number ``customer_messages`` is answered and every reply sent."""
        conversation_id = self.conversation_id
        if conversation_id is None:
            return False
        with self.uow_factory() as uow:
            said = uow.session.scalars(
                select(Message)
                .where(Message.conversation_id == conversation_id, Message.sender == "customer")
                .order_by(Message.seq)
            ).all()
            if len(said) < customer_messages or said[-1].delivery == "pending":
                return False
            conversation = uow.session.get_one(Conversation, conversation_id)
            cursor = uow.session.get_one(TelegramDelivery, self.chat_id)
            return cursor.last_seq >= conversation.last_seq

    def _turn(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self.sent())
        expected = self._customer_messages() + 1
        self.api.queue(update)
        self.poller.wait_for(
            lambda: self._answered(expected), f"waiting for the answer to {update}", TURN_SECONDS
        )
        return self.sent()[before:]

    def start(self) -> list[dict[str, Any]]:
        """Sends ``/start``; returns what the bot sent (its welcome)."""
        before = len(self.sent())
        self.api.queue(text_message(self.chat_id, "/start", language=self.language_code))
        self.poller.wait_for(
            lambda: len(self.sent()) > before, "waiting for the welcome", TURN_SECONDS
        )
        return self.sent()[before:]

    def say(self, text: str) -> list[dict[str, Any]]:
        """Writes ``text``; returns the bot's messages sent in answer."""
        return self._turn(text_message(self.chat_id, text, language=self.language_code))

    def press(self, payload: str) -> list[dict[str, Any]]:
        """Presses the offered inline button with ``payload``; returns the bot's answer."""
        key = callback_key(payload)
        shown = [data for _, data in self.keyboard()]
        assert key in shown, f"{payload!r} is not on the keyboard {self.keyboard()}"
        return self._turn(button_press(self.chat_id, key, language=self.language_code))

    def photo(self, data: bytes) -> list[dict[str, Any]]:
        """Sends a photo (served by the fake Bot API's file download)."""
        file_id = f"photo{next(_photo_ids)}"
        self.api.files[file_id] = data
        return self._turn(
            photo_message(self.chat_id, file_id, size=len(data), language=self.language_code)
        )


def texts(sent: list[dict[str, Any]]) -> list[str]:
    """The texts of messages the bot sent."""
    return [str(p["text"]) for p in sent]
