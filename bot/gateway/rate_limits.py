"""Rate limits on what customers send: per conversation and per address.

A flood from one client must not slow anyone else down, so it is refused before it
costs anything: the limits are checked first, in an ASGI middleware, and a refused
request gets ``429`` with ``Retry-After``. Two limits apply to every customer write
(starting a conversation, a message, a photo):

* per address (the client's IP, as the trusted load balancer reports it): generous,
  since many customers may share one network;
* per conversation (messages and photos): what a person can type, with a burst.

Each limit is a token bucket in its GCRA form: one timestamp per key. With several
gateways the buckets live in Redis (one atomic script per check), so the limits hold
across instances; on one host they live in memory. When Redis does not answer, requests
pass (and a warning is logged): throttling is protection, not a reason to turn
customers away.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from dataclasses import dataclass
from typing import Final, Protocol

import redis
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.asgi_errors import send_error

__all__ = [
    "DropThrottledAccessLines",
    "Limit",
    "MemoryBuckets",
    "RateLimitMiddleware",
    "RedisBuckets",
    "gcra",
]

logger = logging.getLogger(__name__)

_CONVERSATION_WRITE: Final = re.compile(
    r"^/api/v1/conversations/(?P<id>[^/]{1,64})/(?:messages|attachments)$"
)
_START: Final = "/api/v1/conversations"


@dataclass(frozen=True)
class Limit:
    """``per_minute`` requests a minute on average, up to ``burst`` at once."""

    per_minute: float
    burst: int

    @property
    def interval(self) -> float:
        """Seconds between two requests at the average rate."""
        return 60.0 / self.per_minute


def gcra(tat: float | None, now: float, limit: Limit) -> tuple[bool, float, float]:
    """One request against a bucket (pure).

    Args:
        tat: The bucket's theoretical arrival time, ``None`` for a new bucket.
        now: The time now, in seconds.
        limit: The limit.

    Returns:
        Whether it is allowed, the bucket's new arrival time, and (when refused) the
        seconds to wait.
    """
    tolerance = limit.interval * limit.burst
    new_tat = max(tat if tat is not None else now, now) + limit.interval
    allow_at = new_tat - tolerance
    if now < allow_at:
        return False, tat if tat is not None else now, allow_at - now
    return True, new_tat, 0.0


class Buckets(Protocol):
    """Where the buckets' arrival times are kept."""

    def take(self, key: str, limit: Limit) -> float:
        """Takes one request from the bucket; returns 0, or the seconds to wait."""
        ...


class MemoryBuckets:
    """The buckets of one process (one host)."""

    def __init__(self) -> None:
        self._tats: dict[str, float] = {}
        self._lock = threading.Lock()
        self._next_sweep = 0.0

    def take(self, key: str, limit: Limit) -> float:
        """Takes one request from the bucket; returns 0, or the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            if now >= self._next_sweep:  # forget full buckets now and then
                self._tats = {k: t for k, t in self._tats.items() if t > now}
                self._next_sweep = now + 60
            allowed, tat, wait = gcra(self._tats.get(key), now, limit)
            self._tats[key] = tat
        return 0.0 if allowed else wait


_SCRIPT: Final = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - tolerance
if now < allow_at then return tostring(allow_at - now) end
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.ceil((new_tat - now) * 1000) + 1000)
return '0'
"""


class RedisBuckets:
    """Buckets every gateway shares, in Redis.

    Args:
        url: ``redis://host:port/db``.
        prefix: Prefix of the keys.
    """

    def __init__(self, url: str, prefix: str = "assistant:rate:") -> None:
        self._client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._script = self._client.register_script(_SCRIPT)
        self._prefix = prefix

    def take(self, key: str, limit: Limit) -> float:
        """Takes one request from the bucket; returns 0, or the seconds to wait.

        Redis's clock is used, so gateways on different hosts agree.
        """
        try:
            wait = self._script(
                keys=[self._prefix + key],
                args=[repr(limit.interval), repr(limit.interval * limit.burst)],
            )
        except redis.RedisError as exc:
            logger.warning("rate limits are off while Redis does not answer: %s", exc)
            return 0.0
        return float(wait.decode() if isinstance(wait, bytes) else wait)

    def close(self) -> None:
        """Closes the connections."""
        self._client.close()


class RateLimitMiddleware:
    """Refuses customer writes beyond the limits with ``429``.

    Args:
        app: The application.
        buckets: Where the buckets live.
        per_address: The limit per client address.
        per_conversation: The limit per conversation (messages and photos).
    """

    def __init__(
        self, app: ASGIApp, buckets: Buckets, per_address: Limit, per_conversation: Limit
    ) -> None:
        self.app = app
        self.buckets = buckets
        self.per_address = per_address
        self.per_conversation = per_conversation
        self._noted: dict[str, float] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Checks the limits of a customer write, then passes it on or refuses it."""
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        conversation = _CONVERSATION_WRITE.match(path)
        if conversation is None and path.rstrip("/") != _START:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = client[0] if client else "unknown"
        wait = self.buckets.take(f"addr:{address}", self.per_address)
        if not wait and conversation is not None:
            wait = self.buckets.take(f"conv:{conversation['id']}", self.per_conversation)
        if not wait:
            await self.app(scope, receive, send)
            return
        self._note(address)
        await _refuse(send, wait)

    def _note(self, address: str) -> None:
        """Logs a throttled address once a minute, however often it is refused."""
        now = time.monotonic()
        if now - self._noted.get(address, -60.0) >= 60:
            self._noted = {a: t for a, t in self._noted.items() if now - t < 60}
            self._noted[address] = now
            logger.warning("throttling requests from %s", address)


async def _refuse(send: Send, wait: float) -> None:
    seconds = max(1, math.ceil(wait))
    await send_error(
        send,
        429,
        "too_many_requests",
        f"too many messages at once; please wait {seconds} s and send again",
        [(b"retry-after", str(seconds).encode())],
    )


class DropThrottledAccessLines(logging.Filter):
    """Keeps refused requests out of the access log: a flood must not flood the log too.

    The middleware logs each throttled key once a minute instead.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """False for uvicorn's access line of a 429 answer."""
        args = record.args
        return not (isinstance(args, tuple) and len(args) >= 5 and args[4] == 429)
