"""The change feed wakes every waiter, from the event loop or from any other thread."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.live import ChangeFeed


async def _until_waiting(feed: ChangeFeed, count: int) -> None:
    for _ in range(500):
        if feed.waiting == count:
            return
        await asyncio.sleep(0.001)
    raise AssertionError(f"{feed.waiting} waiters, expected {count}")


def test_a_wait_without_notification_times_out() -> None:
    async def scenario() -> tuple[bool, float]:
        feed = ChangeFeed()
        started = time.monotonic()
        woken = await feed.wait(0.05)
        return woken, time.monotonic() - started

    woken, waited = asyncio.run(scenario())
    assert woken is False
    assert waited >= 0.04


def test_notify_wakes_every_waiter_at_once() -> None:
    async def scenario() -> tuple[list[bool], float, int]:
        feed = ChangeFeed()
        waits = [asyncio.create_task(feed.wait(5)) for _ in range(5)]
        await _until_waiting(feed, 5)
        started = time.monotonic()
        feed.notify()
        results = await asyncio.gather(*waits)
        return list(results), time.monotonic() - started, feed.waiting

    results, took, left = asyncio.run(scenario())
    assert results == [True] * 5
    assert took < 1
    assert left == 0


def test_notify_from_another_thread_wakes_the_loop() -> None:
    async def scenario() -> tuple[bool, float]:
        feed = ChangeFeed()
        waiting = asyncio.create_task(feed.wait(5))
        await _until_waiting(feed, 1)
        started = time.monotonic()
        threading.Thread(target=feed.notify).start()
        return await waiting, time.monotonic() - started

    woken, took = asyncio.run(scenario())
    assert woken is True
    assert took < 1


def test_notify_from_sync_code_in_the_threadpool_wakes_the_loop() -> None:
    async def scenario() -> bool:
        feed = ChangeFeed()
        waiting = asyncio.create_task(feed.wait(5))
        await _until_waiting(feed, 1)
        await asyncio.to_thread(feed.notify)
        return await waiting

    assert asyncio.run(scenario()) is True


def test_waiters_on_two_event_loops_in_two_threads_both_wake() -> None:
    feed = ChangeFeed()
    results: list[bool] = []

    def waiter() -> None:
        results.append(asyncio.run(feed.wait(5)))

    threads = [threading.Thread(target=waiter) for _ in range(2)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 5
    while feed.waiting < 2 and time.monotonic() < deadline:
        time.sleep(0.001)
    feed.notify()
    for thread in threads:
        thread.join(5)
    assert results == [True, True]


@pytest.mark.parametrize("notified_between", [True, False])
def test_a_notification_between_query_and_wait_is_not_lost(notified_between: bool) -> None:
    async def scenario() -> bool:
        feed = ChangeFeed()
        seen = feed.version
        if notified_between:
            feed.notify()
        return await feed.wait(0.05, since=seen)

    assert asyncio.run(scenario()) is notified_between


def test_a_notification_with_nobody_waiting_is_only_counted() -> None:
    feed = ChangeFeed()
    feed.notify()
    feed.notify()
    assert feed.version == 2
    assert feed.waiting == 0
