from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.conversations.models import Conversation
from bot.conversations.states import (
    AGENT,
    BOT,
    CLOSED,
    STATES,
    TRANSITIONS,
    WAITING,
    change_state,
    state_of,
)
from bot.db import UowFactory

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def test_the_state_machine() -> None:
    assert set(TRANSITIONS) == set(STATES)
    expected = {
        BOT: {WAITING, AGENT},
        WAITING: {AGENT, BOT},
        AGENT: {WAITING, BOT, CLOSED},
        CLOSED: {BOT},
    }
    assert dict(TRANSITIONS) == expected


def test_a_move_happens_only_from_the_expected_state(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.session.add(Conversation(id="c1", token_hash="x"))
        assert change_state(uow.session, "c1", from_states=(BOT,), to=WAITING, now=NOW)
        assert not change_state(uow.session, "c1", from_states=(BOT,), to=WAITING, now=NOW)
        assert not change_state(uow.session, "nobody", from_states=(BOT,), to=WAITING, now=NOW)
        uow.commit()
    with uow_factory() as uow:
        assert state_of(uow.session, "c1") == WAITING
        assert state_of(uow.session, "nobody") is None
        assert uow.session.get_one(Conversation, "c1").updated_at == NOW


@pytest.mark.parametrize(("origin", "target"), [(BOT, CLOSED), (CLOSED, AGENT), (WAITING, CLOSED)])
def test_a_move_outside_the_machine_is_refused(
    uow_factory: UowFactory, origin: str, target: str
) -> None:
    with uow_factory() as uow, pytest.raises(ValueError, match="cannot go"):
        change_state(uow.session, "c1", from_states=(origin,), to=target, now=NOW)
