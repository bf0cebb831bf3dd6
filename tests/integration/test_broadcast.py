"""Two gateways' feeds, joined through PostgreSQL LISTEN/NOTIFY (a real server)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from bot.live import ChangeFeed, PostgresBroadcast
from bot.live.broadcast import CHANNEL

pytestmark = pytest.mark.postgres


@pytest.fixture
def gateways(postgres_url: str) -> Iterator[list[tuple[ChangeFeed, PostgresBroadcast]]]:
    pairs = []
    for _ in "ab":
        feed = ChangeFeed()
        broadcast = PostgresBroadcast(postgres_url, feed)
        broadcast.start()
        pairs.append((feed, broadcast))
    for _, broadcast in pairs:
        assert broadcast.listening.wait(10)
    yield pairs
    for _, broadcast in pairs:
        broadcast.close()


def _woken_by(source: ChangeFeed, target: ChangeFeed) -> float:
    """Notifies ``source``; returns how long ``target``'s waiter took to wake."""

    async def scenario() -> float:
        since = target.version
        started = time.monotonic()
        waiting = asyncio.create_task(target.wait(5, since=since))
        await asyncio.sleep(0.05)
        source.notify()
        assert await waiting, "the other gateway's stream was not woken"
        return time.monotonic() - started

    return asyncio.run(scenario())


def test_a_change_on_one_gateway_wakes_the_streams_of_the_other(
    gateways: list[tuple[ChangeFeed, PostgresBroadcast]],
) -> None:
    (a, _), (b, _) = gateways
    assert _woken_by(a, b) < 1.0
    assert _woken_by(b, a) < 1.0


def test_a_gateway_does_not_hear_its_own_changes_twice(
    gateways: list[tuple[ChangeFeed, PostgresBroadcast]],
) -> None:
    (a, _), _ = gateways
    before = a.version
    a.notify()
    time.sleep(0.5)
    assert a.version == before + 1


def test_a_dropped_connection_is_reopened(
    postgres_url: str, gateways: list[tuple[ChangeFeed, PostgresBroadcast]]
) -> None:
    (a, _), (b, listener) = gateways
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        dropped = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND query = :listen"
            ),
            {"listen": f"LISTEN {CHANNEL}"},
        ).scalar_one()
    admin.dispose()
    assert dropped == 2
    deadline = time.monotonic() + 10
    while listener.subscriptions < 2:
        assert time.monotonic() < deadline, "the listener did not listen again"
        time.sleep(0.05)
    assert _woken_by(a, b) < 1.0
