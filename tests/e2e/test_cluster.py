"""The cluster (``python -m bot cluster``): two of each process behind HAProxy, on a
PostgreSQL database of its own, with the real model; then faults while customers talk.

The long form of the load figures is ``make reliability`` (docs/RELIABILITY.md); here
is the short form: a few dozen conversations at once, and each fault once.
"""

from __future__ import annotations

import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.cluster import HAPROXY_CANDIDATES
from tests.e2e.conftest import MODEL, round_the_clock_knowledge_base
from tests.integration.conftest import DEFAULT_POSTGRES_URL

pytestmark = pytest.mark.postgres

START_TIMEOUT_SECONDS = 420
QUESTIONS = (
    "洗衣机显示E4怎么办",
    "how long is the warranty on a fridge",
    "热水器多久要清洗一次",
    "my aircon remote is lost, where can I buy one",
    "冰箱不制冷了",
    "what does a technician visit cost",
)


def _free_block(size: int) -> int:
    """A port such that it and the ``size - 1`` after it are free."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = int(s.getsockname()[1])
        if base + size < 65535 and all(_free(base + i) for i in range(1, size)):
            return base
    raise RuntimeError("no free block of ports")


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


class Cluster:
    """The running cluster as the tests see it."""

    def __init__(self, url: str, gateways: list[str], log: Path, checks: dict[str, str]) -> None:
        self.url = url
        self.gateways = gateways
        self.log = log
        #: Each Rasa and action server's own health URL, by process name.
        self.checks = checks

    def pid(self, name: str) -> int:
        """The process group of a process, as the supervisor last started it."""
        found = re.findall(rf" {re.escape(name)} +\| started with pid (\d+)", self.log.read_text())
        assert found, f"{name} never started"
        return int(found[-1])

    def starts(self, name: str) -> int:
        return len(re.findall(rf" {re.escape(name)} +\| started with pid", self.log.read_text()))

    def served(self, name: str) -> int:
        """How many conversation API requests a gateway logged."""
        return len(re.findall(rf" {re.escape(name)} +\| .*\"POST /api/v1/", self.log.read_text()))

    @staticmethod
    def answers(url: str) -> bool:
        try:
            return httpx.get(url, timeout=10).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_healthy(self, timeout: float = START_TIMEOUT_SECONDS) -> None:
        """Until the balancer, each gateway, each Rasa and each action server answer."""
        urls = [f"{u}/health" for u in (self.url, *self.gateways)] + list(self.checks.values())
        deadline = time.monotonic() + timeout
        while not all(self.answers(url) for url in urls):
            assert time.monotonic() < deadline, (
                f"not healthy in time:\n{self.log.read_text()[-3000:]}"
            )
            time.sleep(2)


@pytest.fixture(scope="module")
def cluster(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    if not MODEL.is_file():
        pytest.fail(f"no trained model at {MODEL}: run 'make test', which trains it first")
    if not any(Path(path).is_file() for path in HAPROXY_CANDIDATES):
        _skip_or_fail("HAProxy is not installed ('make test' installs it)")
    admin_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    name = f"assistant_cluster_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        _skip_or_fail(f"no PostgreSQL server at {admin_url}: {exc}")
    database_url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    data_dir = tmp_path_factory.mktemp("cluster")
    log = data_dir / "cluster.log"
    gateway, rasa, actions = _free_block(3), _free_block(3), _free_block(3)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")},
        "ASSISTANT_DATA_DIR": str(data_dir),
        "ASSISTANT_KNOWLEDGE_BASE_DIR": str(round_the_clock_knowledge_base(data_dir)),
        "ASSISTANT_DATABASE_URL": database_url,
        "ASSISTANT_GATEWAY_PORT": str(gateway),
        "ASSISTANT_RASA_PORT": str(rasa),
        "ASSISTANT_ACTIONS_PORT": str(actions),
        "ASSISTANT_MODEL_PATH": str(MODEL),
    }
    if not _free(6379):
        env["ASSISTANT_REDIS_URL"] = "redis://127.0.0.1:6379/3"
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"[e2e] starting a cluster of two on PostgreSQL (log: {log})")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "cluster", "--instances", "2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    started = Cluster(
        f"http://127.0.0.1:{gateway}",
        [f"http://127.0.0.1:{gateway + i}" for i in (1, 2)],
        log,
        {
            **{f"rasa-{i}": f"http://127.0.0.1:{rasa + i}/" for i in (1, 2)},
            **{f"actions-{i}": f"http://127.0.0.1:{actions + i}/health" for i in (1, 2)},
        },
    )
    try:
        began = time.monotonic()
        started.wait_healthy()
        if reporter is not None:
            reporter.write_line(f"[e2e] cluster ready after {time.monotonic() - began:.0f} s")
        yield started
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    ports = [base + i for base in (gateway, rasa, actions) for i in range(3)]
    assert [p for p in ports if not _free(p)] == [], "a process still listens after Ctrl-C"


class Talker:
    """One customer on the load balancer; resends after a 503, as the widget asks."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=90)
        created = self.http.post("/api/v1/conversations").json()
        self.url = f"/api/v1/conversations/{created['conversation_id']}/messages"
        self.headers = {"Authorization": f"Bearer {created['token']}"}
        self.refused = 0

    def say(self, text: str, attempts: int = 1) -> dict[str, Any]:
        for _ in range(attempts):
            response = self.http.post(self.url, json={"text": text}, headers=self.headers)
            if response.status_code != 503:
                assert response.status_code == 200, response.text
                body: dict[str, Any] = response.json()
                return body
            self.refused += 1
            time.sleep(2)
        raise AssertionError(f"{text!r} refused {attempts} times")

    def history(self) -> list[dict[str, Any]]:
        response = self.http.get(self.url, params={"limit": 500}, headers=self.headers)
        assert response.status_code == 200
        return list(response.json()["messages"])


def _conversation(url: str, number: int, turns: int) -> tuple[list[str], list[dict[str, Any]]]:
    talker = Talker(url)
    sent = [f"{QUESTIONS[(number + i) % len(QUESTIONS)]} #{number}-{i}" for i in range(turns)]
    for said in sent:
        assert talker.say(said)["replies"], f"no reply to {said!r}"
    return sent, talker.history()


def test_the_balancer_and_every_gateway_report_healthy(cluster: Cluster) -> None:
    body = httpx.get(f"{cluster.url}/health", timeout=10).json()
    assert body["status"] == "ok"
    assert body["checks"]["tracker_store"] is True
    for gateway in cluster.gateways:
        assert httpx.get(f"{gateway}/health/live", timeout=10).status_code == 200


def test_conversations_at_once_lose_nothing_and_keep_their_order(cluster: Cluster) -> None:
    conversations, turns = 24, 5
    with ThreadPoolExecutor(max_workers=conversations) as pool:
        results = list(
            pool.map(lambda n: _conversation(cluster.url, n, turns), range(conversations))
        )
    for number, (sent, history) in enumerate(results):
        customer = [m["text"] for m in history if m["sender"] == "customer"]
        assert customer == sent, "lost, duplicated or reordered"
        assert [m["seq"] for m in history] == list(range(1, len(history) + 1))
        # Each message is answered before the next one is taken.
        senders = [m["sender"] for m in history]
        assert senders[0] == "customer"
        assert all(b == "bot" for a, b in itertools.pairwise(senders) if a == "customer")
        others = {f"#{n}-" for n in range(conversations) if n != number}
        assert not [m for m in history if any(tag in m["text"] for tag in others)]
    assert cluster.served("gateway-1") > 0
    assert cluster.served("gateway-2") > 0


def _kill_while_talking(cluster: Cluster, name: str) -> Talker:
    talker = Talker(cluster.url)
    talker.say("你好")
    os.killpg(cluster.pid(name), signal.SIGKILL)
    for i in range(6):
        assert talker.say(f"{QUESTIONS[i]} #{name}-{i}", attempts=30)["replies"]
    return talker


@pytest.mark.parametrize("name", ["actions-1", "rasa-2"])
def test_a_killed_process_is_restarted_and_the_conversation_goes_on(
    cluster: Cluster, name: str
) -> None:
    starts = cluster.starts(name)
    talker = _kill_while_talking(cluster, name)
    history = talker.history()
    customer = [m["text"] for m in history if m["sender"] == "customer"]
    # Every message is kept, a refused one too (then once more as the customer resent it).
    expected = ["你好"] + [f"{QUESTIONS[i]} #{name}-{i}" for i in range(6)]
    assert [t for i, t in enumerate(customer) if i == 0 or t != customer[i - 1]] == expected
    assert len(customer) == len(expected) + talker.refused
    # The supervisor starts it again, and it serves again.
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while cluster.starts(name) == starts:
        assert time.monotonic() < deadline, f"{name} was not restarted"
        time.sleep(1)
    cluster.wait_healthy()
