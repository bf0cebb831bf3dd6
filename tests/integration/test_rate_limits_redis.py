"""Rate limit buckets in a real Redis: shared by every gateway; open when Redis is down."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

from bot.gateway.rate_limits import Limit, RedisBuckets

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
LIMIT = Limit(per_minute=60, burst=5)


@pytest.fixture
def redis_url() -> str:
    host_port = REDIS_URL.removeprefix("redis://").split("/")[0]
    host, _, port = host_port.partition(":")
    with socket.socket() as s:
        if s.connect_ex((host, int(port or 6379))) != 0:
            if os.environ.get("CI"):
                pytest.fail(f"Redis is required in CI and did not answer at {REDIS_URL}")
            pytest.skip(f"no Redis at {REDIS_URL}")
    return REDIS_URL


def test_two_gateways_share_one_bucket(redis_url: str) -> None:
    prefix = f"test:{uuid.uuid4().hex}:"
    one, other = RedisBuckets(redis_url, prefix), RedisBuckets(redis_url, prefix)
    try:
        waits = [(one if i % 2 else other).take("conv:c1", LIMIT) for i in range(7)]
        assert waits[:5] == [0.0] * 5
        assert all(0.0 < w <= 1.0 for w in waits[5:])
        assert one.take("conv:c2", LIMIT) == 0.0
    finally:
        one.close()
        other.close()


def test_when_redis_does_not_answer_requests_pass() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = int(s.getsockname()[1])
    buckets = RedisBuckets(f"redis://127.0.0.1:{closed}/0")
    assert [buckets.take("conv:c1", LIMIT) for _ in range(10)] == [0.0] * 10
    buckets.close()
