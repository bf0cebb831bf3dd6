"""Starts the whole assistant once per test session: the real trained model, the Rasa
server, the action server and the gateway, exactly as ``make run`` does, on free ports
and a fresh data directory (SQLite).

Modules that mark ``pytest.mark.parametrize("stack", STACKS, indirect=True)`` run on
that stack and again on a cluster (``python -m bot cluster``: two of each process behind
HAProxy, on PostgreSQL and Redis), also started once per session when first asked for.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Final

import httpx
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError

from bot.agents import AgentAccount
from bot.agents.presence import set_presence
from bot.benchmarks.harness import RunningCluster, port_free, running_cluster, stop_group
from bot.clock import SERVICE_TZ
from bot.cluster import HAPROXY_CANDIDATES
from bot.db import UnitOfWork, UowFactory, create_database_engine, make_session_factory
from bot.stack import PROJECT_ROOT
from tests.integration.conftest import DEFAULT_POSTGRES_URL

MODEL = PROJECT_ROOT / "models" / "assistant.tar.gz"
START_TIMEOUT_SECONDS = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Stack:
    """The running assistant, as seen by the tests."""

    def __init__(
        self,
        gateway_url: str,
        data_dir: Path,
        log: Path,
        settings: dict[str, str] | None = None,
        database_url: str | None = None,
    ) -> None:
        self.gateway_url = gateway_url
        self.data_dir = data_dir
        self.log = log
        #: The ``ASSISTANT_*`` settings the stack runs with (data dir, ports, model…).
        self.settings = dict(settings or {})
        #: The stack's database.
        self.database_url = database_url or f"sqlite:///{data_dir / 'assistant.db'}"

    def process_env(self, **settings: str) -> dict[str, str]:
        """The environment for another process of the stack, with extra ``ASSISTANT_*`` values."""
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        return {**inherited, **self.settings, **settings}

    @property
    def tracker_url(self) -> str:
        """The Rasa server's tracker store: its own SQLite file, or the cluster's database."""
        if self.database_url.startswith("sqlite"):
            return f"sqlite:///{self.data_dir / 'rasa_tracker.db'}"
        return self.database_url

    def tracker_events(self, conversation_id: str, type_name: str) -> list[dict[str, Any]]:
        """The conversation's events of one type in Rasa's tracker store, oldest first."""
        engine = create_engine(self.tracker_url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    text(
                        "SELECT data FROM events WHERE sender_id = :sender "
                        "AND type_name = :type ORDER BY id"
                    ),
                    {"sender": conversation_id, "type": type_name},
                ).scalars()
                return [json.loads(data) for data in rows]
        finally:
            engine.dispose()

    def command(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        """Runs ``python -m bot ARGS`` on the stack's data, as the staff would.

        ``stdin`` is what the command reads (a new agent's password, for one).
        """
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            cwd=PROJECT_ROOT,
            env=self.process_env(),
            capture_output=True,
            text=True,
            check=False,
        )


def round_the_clock_knowledge_base(data_dir: Path) -> Path:
    """The knowledge base with agents on shift all day, so handoffs queue at any hour.

    Everything else is the product's content. What happens outside the shift is tested
    with a fixed clock (``tests/unit/actions/test_handoff.py``).
    """
    copy = data_dir / "knowledge_base"
    shutil.copytree(PROJECT_ROOT / "knowledge_base", copy)
    service = copy / "service.yml"
    facts = service.read_text(encoding="utf-8")
    shift = re.compile(r"^agent_shift:.*$", re.MULTILINE)
    assert shift.search(facts), "service.yml has no agent_shift"
    service.write_text(
        shift.sub('agent_shift: {opens: "00:00", closes: "23:59:59"}', facts), encoding="utf-8"
    )
    return copy


def _progress(config: pytest.Config, message: str) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"[e2e] {message}")


#: Most test clients come from 127.0.0.1: the gateways' limit per address would throttle
#: the whole suite as one customer. The limit per conversation stays as shipped, and the
#: cluster's balancer still refuses a flood (the suite never sends 300 requests in 10 s
#: from one address, the flood test does).
SHARED_ADDRESS: Final = {
    "ASSISTANT_RATE_PER_ADDRESS_MINUTE": "1000000",
    "ASSISTANT_RATE_BURST_ADDRESS": "1000000",
    "ASSISTANT_BALANCER_RATE_LIMIT": "300",
}

#: The stacks a module may run on (``parametrize("stack", STACKS, indirect=True)``).
STACKS: Final = ("sqlite", "cluster")


@pytest.fixture(scope="session")
def stack(request: pytest.FixtureRequest) -> Stack:
    """The single-host stack on SQLite, or (when a module asks) the cluster."""
    if getattr(request, "param", "sqlite") == "cluster":
        cluster: RunningCluster = request.getfixturevalue("cluster")
        settings = {k: v for k, v in cluster.env.items() if k.startswith("ASSISTANT_")}
        return Stack(
            cluster.url, cluster.data_dir, cluster.log.path, settings, cluster.database_url
        )
    single: Stack = request.getfixturevalue("single_stack")
    return single


@pytest.fixture(scope="session")
def cluster(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningCluster]:
    """Two of each process behind HAProxy on a PostgreSQL database of its own, with Redis."""
    if not MODEL.is_file():
        pytest.fail(f"no trained model at {MODEL}: run 'make test', which trains it first")
    if not any(Path(path).is_file() for path in HAPROXY_CANDIDATES):
        _skip_or_fail("HAProxy is not installed ('make test' installs it)")
    admin_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        create_engine(admin_url).connect().close()
    except OperationalError as exc:
        _skip_or_fail(f"no PostgreSQL server at {admin_url}: {exc}")
    if port_free(6379):
        _skip_or_fail("no Redis on 127.0.0.1:6379")
    data_dir = tmp_path_factory.mktemp("cluster")
    with running_cluster(
        admin_url,
        MODEL,
        data_dir,
        knowledge_base_dir=round_the_clock_knowledge_base(data_dir),
        redis_url="redis://127.0.0.1:6379/3",
        settings=SHARED_ADDRESS,
        progress=lambda message: _progress(pytestconfig, message),
    ) as running:
        yield running


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def single_stack(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """The whole assistant on one host, as ``make run`` starts it."""
    if not MODEL.is_file():
        pytest.fail(f"no trained model at {MODEL}: run 'make test', which trains it first")
    data_dir = tmp_path_factory.mktemp("stack")
    log = data_dir / "stack.log"
    port = _free_port()
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(data_dir),
        "ASSISTANT_KNOWLEDGE_BASE_DIR": str(round_the_clock_knowledge_base(data_dir)),
        "ASSISTANT_GATEWAY_PORT": str(port),
        "ASSISTANT_RASA_PORT": str(_free_port()),
        "ASSISTANT_ACTIONS_PORT": str(_free_port()),
        "ASSISTANT_MODEL_PATH": str(MODEL),
        **SHARED_ADDRESS,
    }
    env.pop("ASSISTANT_DATABASE_URL", None)
    _progress(pytestconfig, f"starting the assistant (log: {log})")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    ports = [int(env[f"ASSISTANT_{name}_PORT"]) for name in ("GATEWAY", "RASA", "ACTIONS")]
    started = time.monotonic()
    try:
        _wait_until_healthy(pytestconfig, process, url, log, started)
        _progress(pytestconfig, f"assistant ready after {time.monotonic() - started:.0f} s")
        settings = {k: v for k, v in env.items() if k.startswith("ASSISTANT_")}
        yield Stack(url, data_dir, log, settings)
    finally:
        _stop(process)
    # Like Ctrl-C in a terminal: every process stops and frees its port.
    still_listening = [p for p in ports if _listening(p)]
    assert still_listening == [], f"still listening after stop: {still_listening}"


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait_until_healthy(
    config: pytest.Config, process: subprocess.Popen[bytes], url: str, log: Path, started: float
) -> None:
    next_note = started + 15
    while True:
        if process.poll() is not None:
            pytest.fail(f"the assistant exited while starting:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == httpx.codes.OK:
                return
        except httpx.HTTPError:
            pass
        now = time.monotonic()
        if now - started > START_TIMEOUT_SECONDS:
            pytest.fail(f"the assistant was not healthy in time:\n{log.read_text()[-4000:]}")
        if now >= next_note:
            _progress(
                config, f"waiting for the Rasa server to load the model ({now - started:.0f} s)"
            )
            next_note = now + 15
        time.sleep(1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stops the supervisor and its processes the way Ctrl-C does (SIGINT to the group)."""
    if not stop_group(process, 30):
        pytest.fail("the assistant did not stop within 30 s of Ctrl-C")


class Customer:
    """A customer talking to the assistant through the conversation API."""

    def __init__(self, stack: Stack, language: str | None = None) -> None:
        self.http = httpx.Client(base_url=stack.gateway_url, timeout=60)
        body = {"language": language} if language else None
        created = self.http.post("/api/v1/conversations", json=body)
        assert created.status_code == 201, created.text
        self.conversation_id: str = created.json()["conversation_id"]
        self.headers = {"Authorization": f"Bearer {created.json()['token']}"}

    @property
    def url(self) -> str:
        return f"/api/v1/conversations/{self.conversation_id}/messages"

    def post(self, body: dict[str, str]) -> httpx.Response:
        """Posts a message, waiting out the rate limit (429, Retry-After) as a client should."""
        while True:
            response = self.http.post(self.url, json=body, headers=self.headers)
            if response.status_code != httpx.codes.TOO_MANY_REQUESTS:
                return response
            time.sleep(float(response.headers.get("Retry-After", "1")))

    def say(self, text: str) -> list[dict[str, Any]]:
        response = self.post({"text": text})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert body["state"] == "bot"
        assert body["replies"], f"no reply to {text!r}"
        return list(body["replies"])

    def send(self, text: str) -> dict[str, Any]:
        """Sends ``text`` whoever answers; returns the turn (``replies`` and ``state``)."""
        response = self.post({"text": text})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def press(self, payload: str) -> httpx.Response:
        return self.post({"payload": payload})

    def choose(self, payload: str) -> list[dict[str, Any]]:
        """Presses an offered button and returns the replies."""
        response = self.press(payload)
        assert response.status_code == 200, response.text
        return list(response.json()["replies"])

    def history(self, after: int = 0) -> list[dict[str, Any]]:
        response = self.http.get(self.url, params={"after": after}, headers=self.headers)
        assert response.status_code == 200, response.text
        return list(response.json()["messages"])


@pytest.fixture(scope="session")
def uow_factory(stack: Stack) -> Iterator[UowFactory]:
    """Units of work on the running stack's database, to check what it stored."""
    engine = create_database_engine(stack.database_url)
    yield partial(UnitOfWork, make_session_factory(engine))
    engine.dispose()


@pytest.fixture
def nobody_online(uow_factory: UowFactory) -> Iterator[None]:
    """No agent is online during the test (those online are set away, then back)."""
    with uow_factory() as uow:
        online = uow.session.scalars(
            select(AgentAccount.username).where(AgentAccount.presence == "online")
        ).all()
    for username in online:
        set_presence(uow_factory, username, "away", now=datetime.now(SERVICE_TZ))
    yield
    for username in online:
        set_presence(uow_factory, username, "online", now=datetime.now(SERVICE_TZ))


@pytest.fixture
def customer(stack: Stack) -> Iterator[Customer]:
    c = Customer(stack)
    yield c
    c.http.close()
