"""Rate limits: the bucket arithmetic, and the gateway refusing a flood with 429."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.gateway import create_app
from bot.gateway.rate_limits import Limit, MemoryBuckets, gcra
from bot.settings import Settings
from tests.unit.assistant.scripted import ScriptedAssistant
from tests.unit.gateway.talk import start

TEN_A_MINUTE = Limit(per_minute=10, burst=3)  # one every 6 s, three at once


@pytest.mark.parametrize(
    ("tat", "now", "allowed", "new_tat", "wait"),
    [
        (None, 100.0, True, 106.0, 0.0),  # a new bucket
        (106.0, 100.0, True, 112.0, 0.0),  # the second at once
        (112.0, 100.0, True, 118.0, 0.0),  # the third: the burst is spent
        (118.0, 100.0, False, 118.0, 6.0),  # the fourth waits one interval
        (118.0, 106.0, True, 124.0, 0.0),  # …after which it passes
        (50.0, 100.0, True, 106.0, 0.0),  # a bucket idle for long is full again
    ],
)
def test_gcra(tat: float | None, now: float, allowed: bool, new_tat: float, wait: float) -> None:
    assert gcra(tat, now, TEN_A_MINUTE) == (allowed, new_tat, wait)


def test_memory_buckets_refuse_beyond_the_burst_and_keep_keys_apart() -> None:
    buckets = MemoryBuckets()
    assert [buckets.take("a", TEN_A_MINUTE) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert 5.0 < buckets.take("a", TEN_A_MINUTE) <= 6.0
    assert buckets.take("b", TEN_A_MINUTE) == 0.0


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        data_dir=tmp_path,
        database_url="",
        rate_per_conversation_minute=6,
        rate_burst_conversation=3,
        rate_per_address_minute=60,
        rate_burst_address=12,
    )
    with TestClient(create_app(settings, assistant=ScriptedAssistant())) as client:
        yield client


def test_a_conversation_flooding_gets_429_and_others_go_on(limited: TestClient) -> None:
    flood, other = start(limited, language="en"), start(limited, language="en")
    codes = [
        limited.post(flood.url, json={"text": f"m{i}"}, headers=flood.headers).status_code
        for i in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    refused = limited.post(flood.url, json={"text": "again"}, headers=flood.headers)
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert 1 <= int(refused.headers["Retry-After"]) <= 10
    assert limited.post(other.url, json={"text": "hi"}, headers=other.headers).status_code == 200
    # Nothing refused was stored.
    stored = limited.get(flood.url, headers=flood.headers).json()["messages"]
    assert [m["text"] for m in stored if m["sender"] == "customer"] == ["m0", "m1", "m2"]


def test_one_address_starting_conversations_without_end_is_refused(limited: TestClient) -> None:
    codes = [limited.post("/api/v1/conversations").status_code for _ in range(14)]
    assert codes.count(201) == 12
    assert codes[-1] == 429


def test_reads_are_not_limited(limited: TestClient) -> None:
    talk = start(limited, language="en")
    assert {limited.get(talk.url, headers=talk.headers).status_code for _ in range(30)} == {200}


def test_refused_requests_stay_out_of_the_access_log() -> None:
    import logging

    from bot.gateway.rate_limits import DropThrottledAccessLines

    line = '%s - "%s %s HTTP/%s" %d'
    refused = logging.LogRecord(
        "uvicorn.access", 20, "", 0, line, ("a", "POST", "/x", "1.1", 429), None
    )
    served = logging.LogRecord(
        "uvicorn.access", 20, "", 0, line, ("a", "POST", "/x", "1.1", 200), None
    )
    assert not DropThrottledAccessLines().filter(refused)
    assert DropThrottledAccessLines().filter(served)
