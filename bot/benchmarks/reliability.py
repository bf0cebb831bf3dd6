r"""The reliability suite: ``make reliability`` (``python -m bot.benchmarks.reliability``).

It starts a cluster of two of each process behind HAProxy on a fresh PostgreSQL
database (:mod:`bot.benchmarks.harness`), then measures, and writes the figures with the
machine, the date, the commit and the command to ``docs/RELIABILITY.md``:

1. **Load**: N conversations at once, M messages each, every customer on an address of
   their own: messages lost, duplicated or out of order, replies carrying another
   conversation's text, round-trip latency.
2. **Flood**: the same few conversations' latency before, during and after a flood
   from one address (:data:`FLOODERS` connections sending as fast as they can).
3. **Faults**, each while a customer talks: an action server killed, a Rasa server
   killed, the database refusing connections for a few seconds. Every message must be
   answered once (the client resends after a 503 with the same idempotency key).
4. **Fuzz**: every operation of the OpenAPI description, against the cluster; no 5xx.
5. **Export and erase** of a customer who asked for a callback: afterwards no table
   and no tracker event holds the number.

    python -m bot.benchmarks.reliability --conversations 200 --messages 20 \
        --output docs/RELIABILITY.md
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shlex
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from bot.benchmarks.harness import RunningCluster, Talker, running_cluster
from bot.benchmarks.reliability_report import (
    FaultResult,
    FloodResult,
    LoadResult,
    merged,
    render,
)
from bot.clock import SystemClock
from bot.db import admin_engine
from bot.stack import PROJECT_ROOT

__all__ = ["LoadResult", "main", "questions", "register_photo_serializer", "run_load"]

SCRIPT: Final = Path(__file__).with_name("reliability.yml")


@cache
def _script() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SCRIPT.read_text(encoding="utf-8"))
    return loaded


def questions() -> tuple[str, ...]:
    """The questions customers ask (``reliability.yml``), in both languages."""
    return tuple(_script()["questions"])


DEFAULT_ADMIN_URL: Final = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _one(url: str, number: int, messages: int, tag: str) -> tuple[list[str], Talker]:
    talker = Talker(url, address=f"127.{number // 250}.{number % 250}.7")
    sent = [
        f"{questions()[(number + i) % len(questions())]} #{tag}{number}-{i}"
        for i in range(messages)
    ]
    for said in sent:
        talker.say(said)
    return sent, talker


def _tally(result: LoadResult, sent: list[str], talker: Talker, tag: str, number: int) -> None:
    history = talker.history()
    customer = [m["text"] for m in history if m["sender"] == "customer"]
    result.sent += len(sent)
    result.lost += len(set(sent) - set(customer))
    result.duplicated += len(customer) - len(set(customer))
    if [t for t in customer if t in sent] != sent or [m["seq"] for m in history] != list(
        range(1, len(history) + 1)
    ):
        result.out_of_order += 1
    own = f"#{tag}{number}-"
    result.leaked += sum(1 for m in history if f"#{tag}" in m["text"] and own not in m["text"])
    result.resent += talker.resent
    result.latencies_ms += talker.latencies_ms
    talker.close()


def run_load(url: str, conversations: int, messages: int, tag: str = "c") -> LoadResult:
    """Runs ``conversations`` conversations at once, ``messages`` messages each."""
    result = LoadResult(conversations=conversations)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=conversations) as pool:
        done = list(pool.map(lambda n: _one(url, n, messages, tag), range(conversations)))
    result.seconds = time.perf_counter() - started
    for number, (sent, talker) in enumerate(done):
        _tally(result, sent, talker, tag, number)
    return result


def _answer(response: Any) -> str:
    if response.status_code != 429:
        return str(response.status_code)
    by_balancer = "from your address" in response.json()["error"]["message"]
    return "429 from the balancer" if by_balancer else "429 from a gateway"


def _flood(flooder: Talker, stop: Any, answers: list[str]) -> None:
    while not stop.is_set():
        response = flooder.http.post(flooder.url, json={"text": "spam"}, headers=flooder.auth)
        answers.append(_answer(response))
        answers.append(_answer(flooder.http.post("/api/v1/conversations")))


#: Connections the flood keeps busy at once, from one address.
FLOODERS: Final = 20


def _flood_process(url: str, stop: Any, results: Any) -> None:
    """Flooding clients in a process of their own, at the lowest CPU priority.

    The flood stands for clients on other machines: on this one host its own work must
    not be what slows the others down, only what it makes the cluster do.
    """
    os.nice(19)
    answers: list[str] = []
    flooder = Talker(url, address="127.250.0.1")
    threads = [
        threading.Thread(target=_flood, args=(flooder, stop, answers)) for _ in range(FLOODERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    flooder.close()
    results.put(answers)


def run_flood(url: str, conversations: int, messages: int, rounds: int = 3) -> FloodResult:
    """The same load in rounds without and with a flood from one address, alternating."""
    quiet = [run_load(url, conversations, messages, tag="q0")]
    flooded: list[LoadResult] = []
    answers: list[str] = []
    context = multiprocessing.get_context("fork")
    for number in range(1, rounds + 1):
        stop, results = context.Event(), context.Queue()
        flood = context.Process(target=_flood_process, args=(url, stop, results))
        flood.start()
        time.sleep(2)
        flooded.append(run_load(url, conversations, messages, tag=f"f{number}"))
        stop.set()
        answers += results.get(timeout=60)
        flood.join(timeout=30)
        time.sleep(2)
        quiet.append(run_load(url, conversations, messages, tag=f"q{number}"))
    counted = {a: answers.count(a) for a in sorted(set(answers))}
    return FloodResult(merged(quiet), merged(flooded), rounds, counted, FLOODERS)


def _talk_through(
    cluster: RunningCluster, fault: str, cause: Callable[[], None], name: str | None
) -> FaultResult:
    starts = cluster.log.starts(name) if name else 0
    talker = Talker(cluster.url, address="127.251.0.1")
    sent = [f"{questions()[i % len(questions())]} #{fault}-{i}" for i in range(10)]
    talker.say(sent[0])
    began = time.monotonic()
    cause()
    for said in sent[1:]:
        talker.say(said, attempts=60)
    if name:
        while cluster.log.starts(name) == starts:
            time.sleep(0.5)
    cluster.wait_healthy()
    recovered = time.monotonic() - began
    customer = [m["text"] for m in talker.history() if m["sender"] == "customer"]
    talker.close()
    return FaultResult(
        fault=fault,
        sent=len(sent),
        lost=len(set(sent) - set(customer)),
        duplicated=len(customer) - len(set(customer)),
        resent=talker.resent,
        recovered_seconds=recovered,
    )


def _database_outage(cluster: RunningCluster, seconds: float) -> Callable[[], None]:
    url = make_url(cluster.database_url)

    def cause() -> None:
        def outage() -> None:
            admin = admin_engine(cluster.database_url)
            with admin.connect() as connection:
                connection.execute(text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS false'))
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name"
                    ),
                    {"name": url.database},
                )
                time.sleep(seconds)
                connection.execute(text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS true'))
            admin.dispose()

        threading.Thread(target=outage, daemon=True).start()
        time.sleep(0.3)

    return cause


def run_faults(cluster: RunningCluster) -> list[FaultResult]:
    """Each fault once, while a customer talks."""
    return [
        _talk_through(
            cluster, "action server killed", lambda: cluster.kill("actions-1"), "actions-1"
        ),
        _talk_through(cluster, "Rasa server killed", lambda: cluster.kill("rasa-1"), "rasa-1"),
        _talk_through(
            cluster, "database refusing connections for 5 s", _database_outage(cluster, 5), None
        ),
    ]


def register_photo_serializer() -> None:
    """Lets schemathesis send photo uploads: the generated value as the raw body."""
    import schemathesis

    @schemathesis.serializer("image/jpeg", "image/png", "image/webp")
    def _photo_bytes(_: Any, value: Any) -> bytes:
        return value if isinstance(value, bytes) else str(value).encode()


def run_fuzz(cluster: RunningCluster, examples: int) -> tuple[int, int, int]:
    """Fuzzes every operation against the cluster; returns (operations, requests, 5xx)."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    register_photo_serializer()
    schema = schemathesis.openapi.from_url(f"{cluster.url}/openapi.json")
    talker = Talker(cluster.url, address="127.252.0.1")
    counts = {"operations": 0, "requests": 0, "errors": 0}
    for result in schema.get_all_operations():
        operation: Any = result.ok()  # type: ignore[union-attr]
        counts["operations"] += 1
        stream = operation.path.endswith("/stream")

        @given(case=operation.as_strategy())
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: Any) -> None:
            headers: dict[str, str] = {}
            own = case.path_parameters and "conversation_id" in case.path_parameters
            if own and not stream:  # noqa: B023 - used while this loop turn runs
                case.path_parameters["conversation_id"] = talker.conversation_id
                headers.update(talker.auth)
            response = case.call(headers=headers, timeout=30)
            counts["requests"] += 1
            if response.status_code >= 500:
                counts["errors"] += 1
                print(f"  5xx: {case.method} {case.formatted_path} -> {response.status_code}")

        fuzz()
    talker.close()
    return counts["operations"], counts["requests"], counts["errors"]


def run_erase(cluster: RunningCluster) -> dict[str, Any]:
    """A customer asks for a callback, then export and erase; what is left of the number."""
    from bot.handoff.callbacks import create_callback
    from bot.runtime import build_runtime
    from bot.settings import Settings

    phone = "+8613700001234"
    talker = Talker(cluster.url, address="127.253.0.1")
    for said in _script()["erase"]["said"]:
        talker.say(said)
    settings = Settings(data_dir=cluster.data_dir, database_url=cluster.database_url)
    runtime = build_runtime(settings, migrate=False)
    create_callback(
        runtime.uow_factory,
        conversation_id=talker.conversation_id,
        phone=phone,
        preferred_time=_script()["erase"]["preferred_time"],
        language="zh",
        channel="web",
        summary=None,
        now=SystemClock().now(),
    )
    runtime.close()
    exported = cluster.command("customer", "export", "137 0000 1234")
    erased = cluster.command("customer", "erase", "137 0000 1234")
    engine = admin_engine(cluster.database_url, database=None)
    left_rows = 0
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608 - names from the database
            left_rows += sum("13700001234" in json.dumps([str(v) for v in row]) for row in rows)
        events = connection.execute(
            text("SELECT count(*) FROM events WHERE sender_id = :c"), {"c": talker.conversation_id}
        ).scalar_one()
    engine.dispose()
    talker.close()
    return {
        "export_ok": exported.returncode == 0 and talker.conversation_id in exported.stdout,
        "erase_ok": erased.returncode == 0,
        "erase_said": erased.stdout.strip(),
        "rows_with_the_number": left_rows,
        "tracker_events_left": int(events),
    }


def main(argv: list[str] | None = None) -> int:
    """Runs the suite and writes the report."""
    parser = argparse.ArgumentParser(prog="python -m bot.benchmarks.reliability")
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--flood-conversations", type=int, default=20)
    parser.add_argument("--fuzz-examples", type=int, default=30)
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "docs" / "RELIABILITY.md")
    args = parser.parse_args(argv)
    admin_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_ADMIN_URL)
    model = PROJECT_ROOT / "models" / "assistant.tar.gz"
    command = "python -m bot.benchmarks.reliability " + shlex.join(
        sys.argv[1:] if argv is None else argv
    )
    with (
        tempfile.TemporaryDirectory(prefix="reliability-") as data,
        running_cluster(
            admin_url, model, Path(data), redis_url="redis://127.0.0.1:6379/4"
        ) as cluster,
    ):
        print(f"load: {args.conversations} × {args.messages}", flush=True)
        load = run_load(cluster.url, args.conversations, args.messages)
        print(f"  {load.sent} sent, {load.lost} lost, p95 {load.latency.p95:.0f} ms", flush=True)
        print("flood", flush=True)
        flood = run_flood(cluster.url, args.flood_conversations, 10)
        print("faults", flush=True)
        faults = run_faults(cluster)
        print("fuzz", flush=True)
        fuzz = run_fuzz(cluster, args.fuzz_examples)
        print("export and erase", flush=True)
        erase = run_erase(cluster)
    args.output.write_text(
        render(command.strip(), load, flood, faults, fuzz, erase), encoding="utf-8"
    )
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
