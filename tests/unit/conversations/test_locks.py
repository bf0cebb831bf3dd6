from __future__ import annotations

import threading
import time

from bot.conversations import ConversationLocks, InProcessLocks


def _overlaps(locks: ConversationLocks, ids: list[str]) -> int:
    """Runs one thread per id, each holding its lock a moment; returns the peak overlap."""
    inside = 0
    peak = 0
    counter = threading.Lock()

    def turn(conversation_id: str) -> None:
        nonlocal inside, peak
        with locks.hold(conversation_id):
            with counter:
                inside += 1
                peak = max(peak, inside)
            time.sleep(0.02)
            with counter:
                inside -= 1

    threads = [threading.Thread(target=turn, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return peak


def test_turns_of_one_conversation_never_overlap() -> None:
    assert _overlaps(InProcessLocks(), ["c1"] * 6) == 1


def test_turns_of_different_conversations_run_side_by_side() -> None:
    assert _overlaps(InProcessLocks(), ["c1", "c2", "c3"]) > 1


def test_a_lock_is_forgotten_once_nobody_holds_it() -> None:
    locks = InProcessLocks()
    with locks.hold("c1"):
        assert len(locks._locks) == 1
    assert len(locks._locks) == 0


def test_the_lock_is_released_when_the_turn_fails() -> None:
    locks = InProcessLocks()
    try:
        with locks.hold("c1"):
            raise RuntimeError("turn failed")
    except RuntimeError:
        pass
    acquired = threading.Event()

    def again() -> None:
        with locks.hold("c1"):
            acquired.set()

    thread = threading.Thread(target=again)
    thread.start()
    thread.join(timeout=2)
    assert acquired.is_set()
