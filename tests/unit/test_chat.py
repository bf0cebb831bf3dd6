"""The terminal chat shows what the customer would see, a person's replies included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.chat import chat
from bot.conversations import journal
from bot.conversations.models import Conversation
from bot.db import UowFactory
from bot.gateway import create_app
from bot.settings import Settings
from tests.unit.assistant.scripted import ScriptedAssistant


def _typing(monkeypatch: pytest.MonkeyPatch, lines: list[str], then: object = None) -> None:
    """Feeds ``lines`` to ``input()``; before the last one, calls ``then``."""
    queue: Iterator[str] = iter(lines)

    def fake_input(prompt: str = "") -> str:
        try:
            line = next(queue)
        except StopIteration:
            raise EOFError from None
        if line == "" and callable(then):
            then()
        return line

    monkeypatch.setattr("builtins.input", fake_input)


def test_replies_buttons_and_an_agents_message_are_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(Settings(data_dir=tmp_path), assistant=ScriptedAssistant())
    with TestClient(app) as client:
        uow_factory: UowFactory = app.state.runtime.uow_factory

        def agent_writes() -> None:
            with uow_factory() as uow:
                conversation = uow.session.query(Conversation).one()
                journal.add_message(
                    uow.session, conversation.id, sender="agent", author="Li Na",
                    text="Li Na here, how can I help?", channel="api", language="en",
                )  # fmt: skip
                uow.commit()

        _typing(monkeypatch, ["hello", "1", ""], then=agent_writes)
        assert chat("http://testserver", client) == 0

    shown = capsys.readouterr().out
    # "hello", then the button pressed by its number: each turn's replies once.
    assert shown.count("bot> Hello\n      [1] Book a repair\nbot> Bye\n") == 2
    assert shown.endswith("Li Na> Li Na here, how can I help?\n")
