"""End-to-end latency and throughput under load, through the gateway and straight to Rasa.

Customers hold whole conversations (``load.yml``: knowledge questions, a visit booked,
a complaint filed, in both languages), each from a loopback address of its own as
customers on different networks are, so the limits per address see many customers.

* **Open loop**: a number of customers each pause between messages as people do (an
  exponential pause, 5 s on average), whatever the assistant's speed.
* **Closed loop**: a number of customers each send the next message as soon as the
  last is answered: what the assistant can do flat out.

Each message's round trip counts once it is answered; anything else (a 4xx or 5xx, a
lost connection, a timeout) is an error. The same conversations sent to Rasa's REST
channel directly measure the bare Rasa turn, so the gateway's cost is a ratio.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final, Protocol

import httpx
import yaml

from bot.benchmarks.latency import percentile

__all__ = [
    "Conversation",
    "GatewayTarget",
    "LoadRun",
    "RasaTarget",
    "Step",
    "closed_loop",
    "conversations",
    "open_loop",
]

SCRIPT: Final = Path(__file__).with_name("load.yml")
TIMEOUT_SECONDS: Final = 120.0


@dataclass(frozen=True)
class Step:
    """What a customer does next: says ``say``, or presses a button (``choose``)."""

    say: str = ""
    choose: str = ""
    otherwise: str = ""

    def message(self, buttons: list[dict[str, Any]]) -> tuple[str, bool]:
        """The text to send and whether it is a button's payload, given the last buttons."""
        if self.say:
            return self.say, False
        for button in buttons:
            if str(button.get("payload", "")).startswith(self.choose):
                return str(button["payload"]), True
        return self.otherwise, False


@dataclass(frozen=True)
class Conversation:
    """A whole conversation a customer holds."""

    name: str
    language: str
    steps: tuple[Step, ...]


@cache
def conversations() -> tuple[Conversation, ...]:
    """The conversations of ``load.yml``."""
    loaded = yaml.safe_load(SCRIPT.read_text(encoding="utf-8"))
    return tuple(
        Conversation(
            name=c["name"],
            language=c["language"],
            steps=tuple(Step(**{k: str(v) for k, v in s.items()}) for s in c["steps"]),
        )
        for c in loaded["conversations"]
    )


class Session(Protocol):
    """One conversation with the assistant."""

    async def send(self, text: str, payload: bool) -> list[dict[str, Any]]:
        """Sends a message; returns the buttons of the replies.

        Raises:
            httpx.HTTPError: The message was not answered.
        """

    async def close(self) -> None:
        """Frees the connections."""


class Target(Protocol):
    """Where conversations are held."""

    label: str

    async def start(self, number: int, language: str) -> Session:
        """Starts conversation ``number``.

        Raises:
            httpx.HTTPError: It could not be started.
        """


def address(number: int) -> str:
    """The loopback address customer ``number`` connects from (never ``127.0.0.1``)."""
    return f"127.{10 + (number // 65_024) % 240}.{(number // 254) % 256}.{number % 254 + 1}"


def _client(base_url: str, number: int) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(local_address=address(number))
    return httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT_SECONDS, transport=transport)


def _buttons(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [b for reply in replies for b in reply.get("buttons") or []]


@dataclass
class _GatewaySession:
    http: httpx.AsyncClient
    url: str
    headers: dict[str, str]

    async def send(self, text: str, payload: bool) -> list[dict[str, Any]]:
        body = {"payload": text} if payload else {"text": text}
        headers = {**self.headers, "Idempotency-Key": uuid.uuid4().hex}
        response = await self.http.post(self.url, json=body, headers=headers)
        response.raise_for_status()
        return _buttons(response.json()["replies"])

    async def close(self) -> None:
        await self.http.aclose()


@dataclass
class GatewayTarget:
    """The conversation API, as the web widget uses it."""

    url: str
    label: str = "gateway"

    async def start(self, number: int, language: str) -> Session:
        """Starts a conversation in ``language`` from customer ``number``'s address."""
        http = _client(self.url, number)
        try:
            created = await http.post("/api/v1/conversations", json={"language": language})
            created.raise_for_status()
        except httpx.HTTPError:
            await http.aclose()
            raise
        body = created.json()
        return _GatewaySession(
            http,
            f"/api/v1/conversations/{body['conversation_id']}/messages",
            {"Authorization": f"Bearer {body['token']}"},
        )


@dataclass
class _RasaSession:
    http: httpx.AsyncClient
    sender: str

    async def send(self, text: str, payload: bool) -> list[dict[str, Any]]:
        response = await self.http.post(
            "/webhooks/rest/webhook", json={"sender": self.sender, "message": text}
        )
        response.raise_for_status()
        replies: list[dict[str, Any]] = response.json()
        return _buttons(replies)

    async def close(self) -> None:
        await self.http.aclose()


@dataclass
class RasaTarget:
    """A Rasa server's REST channel, with no gateway in front."""

    url: str
    label: str = "Rasa alone"

    async def start(self, number: int, language: str) -> Session:
        """Starts a conversation (Rasa's REST channel needs no set-up)."""
        return _RasaSession(_client(self.url, number), f"bench-{uuid.uuid4().hex}")


@dataclass
class LoadRun:
    """One load level's outcome."""

    label: str
    mode: str
    customers: int
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def messages_per_second(self) -> float:
        """Answered messages a second over the run."""
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def p(self, fraction: float) -> float:
        """A percentile of the round trips, in milliseconds (0 when none)."""
        return percentile(self.latencies_ms, fraction) if self.latencies_ms else 0.0


async def _hold(
    target: Target,
    number: int,
    conversation: Conversation,
    run: LoadRun,
    pause: Callable[[], Awaitable[None]],
    until: float,
) -> None:
    """Holds one conversation until its end or ``until``; records each round trip."""
    try:
        session = await target.start(number, conversation.language)
    except httpx.HTTPError as exc:
        run.errors.append(f"start: {exc!r}")
        return
    buttons: list[dict[str, Any]] = []
    try:
        for step in conversation.steps:
            if time.monotonic() >= until:
                return
            text, payload = step.message(buttons)
            began = time.perf_counter()
            try:
                buttons = await session.send(text, payload)
            except httpx.HTTPError as exc:
                run.errors.append(f"{conversation.name}: {exc!r}")
                return
            run.latencies_ms.append((time.perf_counter() - began) * 1000)
            await pause()
    finally:
        await session.close()


async def _customers(
    target: Target,
    run: LoadRun,
    seconds: float,
    pause: Callable[[], Awaitable[None]],
    first_number: int,
    stagger: bool,
) -> LoadRun:
    numbers = itertools.count(first_number)
    script = conversations()
    began = time.monotonic()
    until = began + seconds

    async def customer(index: int) -> None:
        if stagger:
            await pause()
        for turn in itertools.count():
            if time.monotonic() >= until:
                return
            conversation = script[(index + turn) % len(script)]
            await _hold(target, next(numbers), conversation, run, pause, until)

    await asyncio.gather(*(customer(i) for i in range(run.customers)))
    run.seconds = time.monotonic() - began
    return run


async def closed_loop(
    target: Target, customers: int, seconds: float, first_number: int = 0
) -> LoadRun:
    """``customers`` customers, each sending as soon as the last message is answered."""

    async def no_pause() -> None:
        return None

    run = LoadRun(target.label, "closed", customers)
    return await _customers(target, run, seconds, no_pause, first_number, stagger=False)


async def open_loop(
    target: Target,
    customers: int,
    seconds: float,
    mean_pause: float = 5.0,
    seed: int = 7,
    first_number: int = 0,
) -> LoadRun:
    """``customers`` customers, each pausing ``mean_pause`` s on average between messages.

    The pauses are exponential (customers act independently), so messages arrive as a
    Poisson stream of ``customers / mean_pause`` a second, whatever the answers' speed.
    """
    chance = random.Random(seed)  # noqa: S311 - pauses, not secrets

    async def pause() -> None:
        await asyncio.sleep(chance.expovariate(1 / mean_pause))

    run = LoadRun(target.label, "open", customers)
    return await _customers(target, run, seconds, pause, first_number, stagger=True)
