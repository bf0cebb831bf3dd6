"""The reliability suite's results, and the report ``docs/RELIABILITY.md`` made of them."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from typing import Any, Final

from bot.benchmarks.handoff_latency import machine
from bot.benchmarks.latency import LatencySummary, summarise
from bot.clock import SystemClock
from bot.stack import PROJECT_ROOT

__all__ = ["FaultResult", "FloodResult", "LoadResult", "merged", "render"]


@dataclass
class LoadResult:
    """What happened to the messages of many conversations."""

    conversations: int = 0
    sent: int = 0
    lost: int = 0
    duplicated: int = 0
    out_of_order: int = 0
    leaked: int = 0
    resent: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def latency(self) -> LatencySummary:
        """Round trips of answered messages."""
        return summarise(self.latencies_ms)


@dataclass(frozen=True)
class FloodResult:
    """The same customers' latency in rounds without and with a flood from one address.

    Rounds alternate, starting and ending without the flood, so that whatever drifts in
    the meantime (the database growing, its housekeeping) falls on both sides.

    Attributes:
        quiet: The rounds without the flood, together.
        flooded: The rounds while one address floods, together.
        rounds: How many rounds of each kind (one more without).
        answers: How often the flood got each answer (``"200"``, ``"429 from the
            balancer"``...).
        connections: How many connections the flood kept busy at once.
    """

    quiet: LoadResult
    flooded: LoadResult
    rounds: int
    answers: dict[str, int]
    connections: int

    @property
    def rise_percent(self) -> float:
        """How much the flood raised the others' 95th percentile."""
        return (self.flooded.latency.p95 / self.quiet.latency.p95 - 1) * 100


def merged(results: list[LoadResult]) -> LoadResult:
    """Several rounds' results as one (conversations are those of one round)."""
    total = LoadResult(conversations=results[0].conversations if results else 0)
    for result in results:
        total.sent += result.sent
        total.lost += result.lost
        total.duplicated += result.duplicated
        total.out_of_order += result.out_of_order
        total.leaked += result.leaked
        total.resent += result.resent
        total.seconds += result.seconds
        total.latencies_ms += result.latencies_ms
    return total


@dataclass(frozen=True)
class FaultResult:
    """One fault while a customer talked."""

    fault: str
    sent: int
    lost: int
    duplicated: int
    resent: int
    recovered_seconds: float


def _commit() -> str:
    head = PROJECT_ROOT / ".git" / "HEAD"
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, ValueError, RuntimeError) as exc:
        return f"unknown ({head}: {exc})"


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; numeric columns (all but the first) right-aligned."""
    lines = ["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _latency(name: str, result: LoadResult) -> list[str]:
    summary = result.latency
    return [
        name,
        str(summary.count),
        f"{summary.p50:.0f}",
        f"{summary.p95:.0f}",
        f"{summary.max:.0f}",
    ]


_LATENCY: Final = ["round trip (ms)", "messages", "median", "95th percentile", "slowest"]


def render(
    command: str,
    load: LoadResult,
    flood: FloodResult,
    faults: list[FaultResult],
    fuzz: tuple[int, int, int],
    erase: dict[str, Any],
) -> str:
    """The report, as Markdown."""
    where = machine()
    each = load.sent // max(load.conversations, 1)
    load_table = _table(
        ["messages sent", "lost", "duplicated", "conversations out of order",
         "replies with another conversation's text", "resent after 503 or 429", "seconds",
         "messages a second"],
        [[str(load.sent), str(load.lost), str(load.duplicated), str(load.out_of_order),
          str(load.leaked), str(load.resent), f"{load.seconds:.0f}",
          f"{load.sent / load.seconds:.1f}"]],
    )  # fmt: skip
    fault_table = _table(
        ["fault", "messages", "lost", "duplicated", "resent after 503",
         "seconds until every process served again"],
        [[f.fault, str(f.sent), str(f.lost), str(f.duplicated), str(f.resent),
          f"{f.recovered_seconds:.0f}"] for f in faults],
    )  # fmt: skip
    answers = ", ".join(f"{n} × {answer}" for answer, n in flood.answers.items())
    flood_table = _table(
        _LATENCY,
        [_latency(f"without the flood ({flood.rounds + 1} rounds)", flood.quiet),
         _latency(f"during the flood ({flood.rounds} rounds)", flood.flooded)],
    )  # fmt: skip
    return f"""# Reliability

Measured by `{command}` on {SystemClock().now():%Y-%m-%d} at commit `{_commit()}`, on
{where.cpu_count} × {where.cpu_model} ({where.system}, Python {where.python}). The suite
starts a cluster of two gateways, two Rasa servers and two action servers behind HAProxy,
on a fresh PostgreSQL database with Redis, all on this one host, with the shipped model.
Every customer sends each message with an idempotency key and resends it after a 503, as
the web widget does. The short form of each part runs in `make test`
(`tests/e2e/test_cluster.py`, `tests/integration/test_api_fuzz.py`,
`tests/integration/test_privacy.py`).

## Load: {load.conversations} conversations at once, {each} messages each

{load_table}

{_table(_LATENCY, [_latency("all messages", load)])}

## Flood from one address

{flood.connections} connections from one address (in a process of their own at the lowest
CPU priority, standing for a remote machine) send messages and start conversations as
fast as they can while {flood.flooded.conversations} other customers, each on an address of
their own, talk, 10 messages each. Rounds with and without the flood alternate, starting
and ending without it, so that what drifts meanwhile falls on both sides. HAProxy
refuses an address beyond `ASSISTANT_BALANCER_RATE_LIMIT` requests in 10 s itself,
holding each refused request for 3 s, so a flood slows itself down and costs the
gateways nothing.

Answers the flood got: {answers}.

{flood_table}

During the flood, the others' 95th percentile rose by **{flood.rise_percent:.0f} %** (the aim:
under 20 %); they lost {flood.flooded.lost} messages.

## Faults while a customer talks

{fault_table}

## Fuzz of the API

{fuzz[0]} operations of the OpenAPI description, {fuzz[1]} generated requests against the
cluster: **{fuzz[2]}** answered with a 5xx.

## Export and erase

A customer gave their number in a conversation and asked for a callback. `customer
export` {"wrote" if erase["export_ok"] else "did NOT write"} their data; `customer erase`
said: "{erase["erase_said"]}". Afterwards **{erase["rows_with_the_number"]}** rows in any
table and **{erase["tracker_events_left"]}** tracker events of the conversation were left.
"""
