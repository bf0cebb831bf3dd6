r"""Handoff latency against a running stack: ``python -m bot.benchmarks.handoff_latency``.

For each of N handoffs: a customer starts a conversation and types ``/human``; the time
until the handoff's ``queue`` event (``requested``) reaches the agents' stream is the
first figure. The agent claims it and replies; the time until the reply reaches the
customer's stream is the second. Then the agent resolves it. Both are written as
Markdown with the machine, the date, the commit and the command that reproduces them.

    python -m bot.benchmarks.handoff_latency --url http://127.0.0.1:8000 \
        --agent alice --password-file pw.txt --count 100 --output docs/HANDOFF_LATENCY.md

The agent needs an account in English (``python -m bot agents add alice --languages
en``); it is set ``online`` for the run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import shlex
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import httpx

from bot.benchmarks.latency import LatencySummary, summarise
from bot.clock import SystemClock
from bot.stack import PROJECT_ROOT

__all__ = ["Machine", "machine", "main", "render_report", "run"]

TIMEOUT_SECONDS: Final = 30.0


@dataclass(frozen=True)
class Machine:
    """Where the figures were measured."""

    cpu_count: int
    cpu_model: str
    system: str
    python: str


def machine(cpuinfo: str | None = None) -> Machine:
    """Describes this machine (``cpuinfo``: the text of ``/proc/cpuinfo``, read if None)."""
    if cpuinfo is None:
        path = Path("/proc/cpuinfo")
        cpuinfo = path.read_text(encoding="utf-8") if path.exists() else ""
    models = [
        line.partition(":")[2].strip()
        for line in cpuinfo.splitlines()
        if line.startswith("model name")
    ]
    return Machine(
        cpu_count=os.cpu_count() or 1,
        cpu_model=models[0] if models else platform.processor() or "unknown",
        system=f"{platform.system()} {platform.release()} {platform.machine()}",
        python=platform.python_version(),
    )


def _events(response: httpx.Response) -> Iterator[tuple[float, str, Any]]:
    """Yields (arrival time, type, JSON data) of each event of an open stream."""
    fields: dict[str, str] = {}
    for line in response.iter_lines():
        if line:
            name, _, value = line.partition(": ")
            if name:
                fields[name] = value
            continue
        if fields:
            yield time.perf_counter(), fields.get("event", "message"), json.loads(fields["data"])
            fields = {}


class _AgentListener(threading.Thread):
    """Reads the agents' stream in the background; queue events go to ``requested``."""

    def __init__(self, client: httpx.Client, headers: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self._client = client
        self._headers = headers
        self.ready = threading.Event()
        self.requested: queue.Queue[tuple[float, str, int]] = queue.Queue()
        self.failure: Exception | None = None

    def run(self) -> None:
        try:
            with self._client.stream(
                "GET", "/api/v1/agent/stream", headers=self._headers, timeout=None
            ) as response:
                response.raise_for_status()
                for arrived, kind, data in _events(response):
                    if kind == "ready":
                        self.ready.set()
                    elif kind == "queue" and data["action"] == "requested":
                        self.requested.put((arrived, data["conversation_id"], data["id"]))
        except Exception as exc:  # reported by the main thread
            self.failure = exc
            self.ready.set()


def _wait_for_request(listener: _AgentListener, conversation_id: str) -> tuple[float, int]:
    deadline = time.perf_counter() + TIMEOUT_SECONDS
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0 or listener.failure is not None:
            raise RuntimeError(f"no handoff for {conversation_id} on the agents' stream")
        arrived, found, handoff_id = listener.requested.get(timeout=remaining)
        if found == conversation_id:
            return arrived, handoff_id


def _one_handoff(
    client: httpx.Client, listener: _AgentListener, agent: dict[str, str]
) -> tuple[float, float]:
    created = client.post("/api/v1/conversations", json={"language": "en"})
    created.raise_for_status()
    conversation_id = created.json()["conversation_id"]
    customer = {"Authorization": f"Bearer {created.json()['token']}"}
    messages = f"/api/v1/conversations/{conversation_id}/messages"
    asked = time.perf_counter()
    client.post(messages, json={"text": "/human"}, headers=customer).raise_for_status()
    arrived, handoff_id = _wait_for_request(listener, conversation_id)
    to_agent = arrived - asked
    client.post(f"/api/v1/agent/handoffs/{handoff_id}/claim", headers=agent).raise_for_status()
    stream_url = f"/api/v1/conversations/{conversation_id}/stream"
    with client.stream("GET", stream_url, headers=customer, timeout=TIMEOUT_SECONDS) as response:
        response.raise_for_status()
        events = _events(response)
        next(events)  # the state: the stream is open
        replied = time.perf_counter()
        client.post(
            f"/api/v1/agent/handoffs/{handoff_id}/messages",
            json={"text": "Hello, this is the service desk."},
            headers=agent,
        ).raise_for_status()
        arrived = next(
            t for t, kind, data in events if kind == "message" and data["sender"] == "agent"
        )
    client.post(
        f"/api/v1/agent/handoffs/{handoff_id}/resolve", json={}, headers=agent
    ).raise_for_status()
    return to_agent * 1000, (arrived - replied) * 1000


def run(
    url: str, username: str, password: str, count: int
) -> tuple[LatencySummary, LatencySummary]:
    """Measures ``count`` handoffs against the stack at ``url``.

    Returns:
        The summaries of request → agents' stream and reply → customer's stream, in ms.
    """
    with httpx.Client(base_url=url, timeout=TIMEOUT_SECONDS) as client:
        session = client.post(
            "/api/v1/agent/session", json={"username": username, "password": password}
        )
        session.raise_for_status()
        agent = {"Authorization": f"Bearer {session.json()['token']}"}
        client.put(
            "/api/v1/agent/me/presence", json={"presence": "online", "capacity": 10}, headers=agent
        ).raise_for_status()
        listener = _AgentListener(client, agent)
        listener.start()
        listener.ready.wait(TIMEOUT_SECONDS)
        if listener.failure is not None:
            raise RuntimeError(f"the agents' stream failed: {listener.failure}")
        to_agent, to_customer = [], []
        for _ in range(count):
            first, second = _one_handoff(client, listener, agent)
            to_agent.append(first)
            to_customer.append(second)
        client.delete("/api/v1/agent/session", headers=agent)
    return summarise(to_agent), summarise(to_customer)


def _commit() -> str:
    git = shutil.which("git")
    if git is None:
        return "unknown"
    found = subprocess.run(  # noqa: S603 - a fixed command
        [git, "rev-parse", "--short", "HEAD"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or "unknown"


def render_report(
    to_agent: LatencySummary,
    to_customer: LatencySummary,
    *,
    host: Machine,
    date: str,
    commit: str,
    command: str,
) -> str:
    """The Markdown report of one run."""
    rows = [
        ("customer's request → agents' stream", to_agent),
        ("agent's reply → customer's stream", to_customer),
    ]
    return "\n".join(
        [
            "# Handoff latency",
            "",
            f"Measured {date} at commit `{commit}` on {host.cpu_count} × {host.cpu_model}"
            f" ({host.system}, Python {host.python}), against the whole stack running locally"
            " (gateway, Rasa server with the trained model, action server; SQLite).",
            "",
            "The first figure runs from sending `/human` until the handoff's `queue` event"
            " arrives on the agents' stream: it includes the bot's turn (Rasa, the action"
            " server writing the request). The second runs from the agent's reply being"
            " sent until it arrives on the customer's stream.",
            "",
            "| path | handoffs | p50 | p95 | max |",
            "|---|---:|---:|---:|---:|",
            *(
                f"| {name} | {s.count} | {s.p50:.1f} ms | {s.p95:.1f} ms | {s.max:.1f} ms |"
                for name, s in rows
            ),
            "",
            "Reproduce with the stack running (`make run`) and an English-speaking agent account:",
            "",
            "```",
            command,
            "```",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and prints or writes the report."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--agent", required=True, help="the agent's username")
    parser.add_argument("--password-file", type=Path, required=True)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    password = args.password_file.read_text(encoding="utf-8").strip()
    to_agent, to_customer = run(args.url, args.agent, password, args.count)
    command = shlex.join(
        [
            "python",
            "-m",
            "bot.benchmarks.handoff_latency",
            *(argv if argv is not None else sys.argv[1:]),
        ]
    )
    report = render_report(
        to_agent,
        to_customer,
        host=machine(),
        date=f"{SystemClock().today():%Y-%m-%d}",
        commit=_commit(),
        command=command,
    )
    if args.output is None:
        print(report)
    else:
        args.output.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
