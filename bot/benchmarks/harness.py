"""A cluster to measure: started on a fresh PostgreSQL database, stopped and dropped after.

The cluster end-to-end tests and ``make reliability`` both use :func:`running_cluster`:
it creates a database, starts ``python -m bot cluster`` on free ports with its output in
a log, waits until every process answers, and on leaving stops it like Ctrl-C and drops
the database. :class:`Talker` is one customer on the conversation API who sends each
message with an idempotency key and resends it after a 503, as the web widget does.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.assistant.tracker_store import TrackerStore
from bot.db import admin_engine
from bot.stack import PROJECT_ROOT

__all__ = [
    "ClusterLog",
    "RunningCluster",
    "Talker",
    "free_block",
    "port_free",
    "running_cluster",
    "stop_group",
]

START_TIMEOUT_SECONDS: Final = 420.0


def stop_group(process: subprocess.Popen[bytes], timeout: float) -> bool:
    """Stops a process and its group as Ctrl-C does; kills them after ``timeout`` s.

    Returns:
        Whether they stopped in time (or had stopped already).
    """
    if process.poll() is not None:
        return True
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return False
    return True


def port_free(port: int) -> bool:
    """Whether nothing listens on this loopback port."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def free_block(size: int) -> int:
    """A port such that it and the ``size - 1`` after it are free."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = int(s.getsockname()[1])
        if base + size < 65535 and all(port_free(base + i) for i in range(1, size)):
            return base
    raise RuntimeError("no free block of ports")


@dataclass(frozen=True)
class ClusterLog:
    """The supervisor's log of a cluster, read for what happened to each process."""

    path: Path

    def pid(self, name: str) -> int:
        """The process (group) id of a process as the supervisor last started it."""
        found = re.findall(rf" {re.escape(name)} +\| started with pid (\d+)", self.text())
        if not found:
            raise LookupError(f"{name} never started")
        return int(found[-1])

    def starts(self, name: str) -> int:
        """How many times the supervisor started this process."""
        return len(re.findall(rf" {re.escape(name)} +\| started with pid", self.text()))

    def served(self, name: str) -> int:
        """How many conversation API writes a gateway logged."""
        return len(re.findall(rf" {re.escape(name)} +\| .*\"POST /api/v1/", self.text()))

    def text(self) -> str:
        """The whole log."""
        return self.path.read_text(encoding="utf-8", errors="replace")


@dataclass
class RunningCluster:
    """A running cluster.

    The Rasa servers connect to the tracker store as a role of their own
    (``<database>_rasa``) that may only read and write the ``events`` table.

    Attributes:
        url: The load balancer, in front of the gateways.
        gateways: Each gateway's own URL.
        checks: Each Rasa and action server's own health URL, by process name.
        log: The supervisor's log.
        database_url: The cluster's PostgreSQL database.
        data_dir: Its data directory.
    """

    url: str
    gateways: list[str]
    checks: dict[str, str]
    log: ClusterLog
    database_url: str
    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)

    def kill(self, name: str) -> None:
        """Kills a process and what it started (SIGKILL to its group)."""
        os.killpg(self.log.pid(name), signal.SIGKILL)

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Runs ``python -m bot ARGS`` with the cluster's settings."""
        return subprocess.run(  # noqa: S603 - our own CLI, arguments from the caller
            [sys.executable, "-m", "bot", *args],
            cwd=PROJECT_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )

    def wait_healthy(self, timeout: float = START_TIMEOUT_SECONDS) -> None:
        """Waits until the balancer, each gateway, each Rasa and each action server answer.

        Raises:
            TimeoutError: Not all of them in time.
        """
        urls = [f"{u}/health" for u in (self.url, *self.gateways)] + list(self.checks.values())
        deadline = time.monotonic() + timeout
        while not all(_answers(url) for url in urls):
            if time.monotonic() > deadline:
                raise TimeoutError(f"not healthy in time:\n{self.log.text()[-3000:]}")
            time.sleep(2)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=10).status_code == httpx.codes.OK
    except httpx.HTTPError:
        return False


def _rasa_role(database_url: str, role: str) -> str:
    """Rasa's own role on the tracker store: rows of ``events`` only, nothing else.

    Returns:
        The URL the Rasa servers connect with (Rasa's driver: plain ``postgresql``).
    """
    engine = admin_engine(database_url, database=None)
    TrackerStore(engine).create()
    with engine.connect() as connection:
        connection.execute(text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON events TO "{role}"'))
        connection.execute(text(f'GRANT USAGE, SELECT ON SEQUENCE events_id_seq TO "{role}"'))
    engine.dispose()
    url = make_url(database_url).set(drivername="postgresql", username=role, password=None)
    return url.render_as_string(hide_password=False)


@contextmanager
def running_cluster(
    admin_url: str,
    model: Path,
    data_dir: Path,
    *,
    knowledge_base_dir: Path | None = None,
    redis_url: str = "",
    instances: int = 2,
    settings: Mapping[str, str] | None = None,
    progress: Callable[[str], None] = print,
) -> Iterator[RunningCluster]:
    """Starts a cluster on a new database; stops it and drops the database on leaving.

    Args:
        admin_url: A PostgreSQL URL allowed to create databases.
        model: The trained model.
        data_dir: An empty directory for the cluster's state and log.
        knowledge_base_dir: The knowledge base (the product's by default).
        redis_url: Redis for the Rasa servers' lock store and the rate limits, if any.
        instances: Of each process.
        settings: More ``ASSISTANT_*`` settings for every process.
        progress: Told what is happening.

    Raises:
        sqlalchemy.exc.OperationalError: PostgreSQL did not answer.
        TimeoutError: The cluster was not healthy in time.
    """
    name = f"assistant_cluster_{uuid.uuid4().hex[:10]}"
    admin = admin_engine(admin_url, database=None)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        connection.execute(text(f'CREATE ROLE "{name}_rasa" LOGIN'))
    database_url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    rasa_url = _rasa_role(database_url, f"{name}_rasa")
    gateway, rasa, actions = (free_block(instances + 1) for _ in range(3))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")},
        "ASSISTANT_DATA_DIR": str(data_dir),
        "ASSISTANT_DATABASE_URL": database_url,
        "ASSISTANT_GATEWAY_PORT": str(gateway),
        "ASSISTANT_RASA_PORT": str(rasa),
        "ASSISTANT_ACTIONS_PORT": str(actions),
        "ASSISTANT_MODEL_PATH": str(model),
        "RASA_TRACKER_STORE_URL": rasa_url,
        **(settings or {}),
    }
    if knowledge_base_dir is not None:
        env["ASSISTANT_KNOWLEDGE_BASE_DIR"] = str(knowledge_base_dir)
    if redis_url:
        env["ASSISTANT_REDIS_URL"] = redis_url
    log = data_dir / "cluster.log"
    progress(f"starting a cluster of {instances} on PostgreSQL (log: {log})")
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
            [sys.executable, "-m", "bot", "cluster", "--instances", str(instances)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    numbers = range(1, instances + 1)
    cluster = RunningCluster(
        url=f"http://127.0.0.1:{gateway}",
        gateways=[f"http://127.0.0.1:{gateway + i}" for i in numbers],
        checks={
            **{f"rasa-{i}": f"http://127.0.0.1:{rasa + i}/" for i in numbers},
            **{f"actions-{i}": f"http://127.0.0.1:{actions + i}/health" for i in numbers},
        },
        log=ClusterLog(log),
        database_url=database_url,
        data_dir=data_dir,
        env={**env, "ASSISTANT_TRACKER_STORE_URL": database_url},
    )
    try:
        began = time.monotonic()
        cluster.wait_healthy()
        progress(f"cluster ready after {time.monotonic() - began:.0f} s")
        yield cluster
    finally:
        stop_group(process, 40)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{name}_rasa"'))
        admin.dispose()
    listening = [
        base + i
        for base in (gateway, rasa, actions)
        for i in range(instances + 1)
        if not port_free(base + i)
    ]
    if listening:
        raise RuntimeError(f"still listening after Ctrl-C: {listening}")


class Talker:
    """One customer on the conversation API, as the web widget talks.

    Each message goes with an idempotency key; after a 503 (or a lost connection) it is
    sent again with the same key, so it is stored and answered once.

    Args:
        url: The gateway or load balancer.
        address: A loopback address (``127.x.y.z``) to connect from, as customers on
            different networks do: the balancer and the gateways see it as the
            client's address.
    """

    def __init__(self, url: str, address: str | None = None) -> None:
        transport = httpx.HTTPTransport(local_address=address) if address else None
        self.http = httpx.Client(base_url=url, timeout=90, transport=transport)
        created = self.http.post("/api/v1/conversations")
        created.raise_for_status()
        self.conversation_id: str = created.json()["conversation_id"]
        self.url = f"/api/v1/conversations/{self.conversation_id}/messages"
        self.auth = {"Authorization": f"Bearer {created.json()['token']}"}
        #: How many tries met a 503 or a lost connection and were sent again.
        self.resent = 0
        #: How many tries were refused by the rate limit (429) and sent again later.
        self.throttled = 0
        #: Each answered message's round trip, in milliseconds.
        self.latencies_ms: list[float] = []

    def say(self, text: str, attempts: int = 60) -> dict[str, Any]:
        """Sends a message until it is answered; returns the turn.

        Raises:
            RuntimeError: Not answered after ``attempts`` tries, or refused otherwise.
        """
        key = uuid.uuid4().hex
        headers = {**self.auth, "Idempotency-Key": key}
        for _ in range(attempts):
            started = time.perf_counter()
            try:
                response = self.http.post(self.url, json={"text": text}, headers=headers)
            except httpx.TransportError:
                self.resent += 1
                time.sleep(1)
                continue
            if response.status_code == httpx.codes.TOO_MANY_REQUESTS:
                self.throttled += 1
                time.sleep(float(response.headers.get("Retry-After", "1")))
                continue
            if response.status_code == httpx.codes.SERVICE_UNAVAILABLE:
                self.resent += 1
                time.sleep(min(float(response.headers.get("Retry-After", "2")), 5.0))
                continue
            if response.status_code != httpx.codes.OK:
                raise RuntimeError(f"{text!r}: {response.status_code} {response.text}")
            self.latencies_ms.append((time.perf_counter() - started) * 1000)
            body: dict[str, Any] = response.json()
            return body
        raise RuntimeError(f"{text!r} was not answered in {attempts} tries")

    def history(self) -> list[dict[str, Any]]:
        """The conversation's messages, oldest first."""
        response = self.http.get(self.url, params={"limit": 500}, headers=self.auth)
        response.raise_for_status()
        return list(response.json()["messages"])

    def close(self) -> None:
        """Closes the connections."""
        self.http.close()
