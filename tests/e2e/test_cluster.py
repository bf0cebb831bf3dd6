"""The cluster (``python -m bot cluster``): two of each process behind HAProxy, on a
PostgreSQL database of its own, with the real model; then faults while customers talk.

This is the short form of ``make reliability`` (docs/RELIABILITY.md): a few dozen
conversations at once, a flood, and each fault once.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.benchmarks.harness import RunningCluster, Talker
from bot.benchmarks.load import GatewayTarget, RasaTarget, closed_loop
from bot.benchmarks.reliability import questions
from tests.e2e.conftest import Customer, Stack
from tests.e2e.test_handoff import AGENT_API, PASSWORD, StreamReader

pytestmark = pytest.mark.postgres


def _conversation(url: str, number: int, turns: int) -> tuple[list[str], list[dict[str, Any]]]:
    talker = Talker(url, address=f"127.0.1.{number + 1}")
    sent = [f"{questions()[(number + i) % len(questions())]} #{number}-{i}" for i in range(turns)]
    for said in sent:
        assert talker.say(said)["replies"], f"no reply to {said!r}"
    history = talker.history()
    talker.close()
    return sent, history


def _check(sent: list[str], history: list[dict[str, Any]], others: set[str]) -> None:
    customer = [m["text"] for m in history if m["sender"] == "customer"]
    assert customer == sent, "lost, duplicated or reordered"
    assert [m["seq"] for m in history] == list(range(1, len(history) + 1))
    senders = [m["sender"] for m in history]
    # Each message is answered before the next one is taken.
    assert all(b == "bot" for a, b in itertools.pairwise(senders) if a == "customer")
    assert not [m for m in history if any(tag in m["text"] for tag in others)]


def test_the_balancer_and_every_gateway_report_healthy(cluster: RunningCluster) -> None:
    body = httpx.get(f"{cluster.url}/health", timeout=10).json()
    assert body["status"] == "ok"
    assert body["checks"]["tracker_store"] is True
    for gateway in cluster.gateways:
        assert httpx.get(f"{gateway}/health/live", timeout=10).status_code == 200


def test_conversations_at_once_lose_nothing_and_keep_their_order(
    cluster: RunningCluster,
) -> None:
    conversations, turns = 24, 5
    with ThreadPoolExecutor(max_workers=conversations) as pool:
        results = list(
            pool.map(lambda n: _conversation(cluster.url, n, turns), range(conversations))
        )
    for number, (sent, history) in enumerate(results):
        _check(sent, history, {f"#{n}-" for n in range(conversations) if n != number})
    assert cluster.log.served("gateway-1") > 0
    assert cluster.log.served("gateway-2") > 0


@pytest.mark.parametrize("name", ["actions-1", "rasa-2"])
def test_a_killed_process_is_restarted_and_the_conversation_goes_on(
    cluster: RunningCluster, name: str
) -> None:
    starts = cluster.log.starts(name)
    talker = Talker(cluster.url)
    sent = ["你好"] + [f"{questions()[i]} #{name}-{i}" for i in range(6)]
    talker.say(sent[0])
    cluster.kill(name)
    for said in sent[1:]:
        assert talker.say(said)["replies"]
    _check(sent, talker.history(), set())
    # The supervisor starts it again, and it serves again.
    deadline = time.monotonic() + 420
    while cluster.log.starts(name) == starts:
        assert time.monotonic() < deadline, f"{name} was not restarted"
        time.sleep(1)
    cluster.wait_healthy()


def test_a_database_outage_loses_nothing_acknowledged(cluster: RunningCluster) -> None:
    url = make_url(cluster.database_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    talker = Talker(cluster.url)
    sent = [f"{questions()[i]} #outage-{i}" for i in range(5)]
    talker.say(sent[0])

    def outage() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS false'))
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": url.database},
            )
            time.sleep(4)
            connection.execute(text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS true'))

    down = threading.Thread(target=outage)
    down.start()
    time.sleep(0.5)
    refused = httpx.post(
        f"{cluster.url}{talker.url}", json={"text": "while down"}, headers=talker.auth, timeout=30
    )
    for said in sent[1:]:
        assert talker.say(said)["replies"]
    down.join()
    admin.dispose()
    assert refused.status_code == 503
    assert talker.resent > 0
    _check(sent, talker.history(), set())
    cluster.wait_healthy()


def test_a_flood_from_one_address_is_throttled_and_others_are_served(
    cluster: RunningCluster,
) -> None:
    """The gateways refuse what is beyond the limit per conversation, the balancer all
    the address sends beyond its limit (300 requests in 10 s in this suite)."""
    flooder = Talker(cluster.url, address="127.9.9.9")
    codes: list[int] = []
    refusals: set[str] = set()
    stop = threading.Event()

    def flood() -> None:
        for i in itertools.count():
            if stop.is_set():
                return
            response = flooder.http.post(
                flooder.url, json={"text": f"spam {i}"}, headers=flooder.auth
            )
            codes.append(response.status_code)
            if response.status_code == httpx.codes.TOO_MANY_REQUESTS:
                assert response.headers["Retry-After"].isdigit()
                refusals.add(response.json()["error"]["message"])

    with ThreadPoolExecutor(max_workers=5) as pool:
        floods = [pool.submit(flood) for _ in range(3)]
        sent, history = _conversation(cluster.url, 200, 4)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("address" in m for m in refusals):
            time.sleep(0.5)
        stop.set()
        for each in floods:
            each.result()
    _check(sent, history, set())
    assert set(codes) <= {200, 429}
    assert any("from your address" in m for m in refusals), refusals
    with httpx.Client(base_url=cluster.url, headers=flooder.auth) as other_address:
        messages = other_address.get(flooder.url, params={"limit": 500}).json()["messages"]
    stored = [m for m in messages if m["sender"] == "customer"]
    assert len(stored) == codes.count(200)


def test_a_turn_rasa_could_not_save_is_not_served_and_health_says_so(
    cluster: RunningCluster,
) -> None:
    """Rasa's role loses the right to write its tracker store: Rasa falls back to memory
    (``FailSafeTrackerStore``) and carries on; the gateway notices and answers 503."""
    url = make_url(cluster.database_url)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    role = f"{url.database}_rasa"
    talker = Talker(cluster.url)
    talker.say("冰箱不制冷了")

    def grant(allowed: bool) -> None:
        verb, word = ("GRANT", "TO") if allowed else ("REVOKE", "FROM")
        with admin.connect() as connection:
            connection.execute(text(f'{verb} INSERT ON events {word} "{role}"'))

    grant(False)
    try:
        refused = httpx.post(
            f"{cluster.url}{talker.url}",
            json={"text": "多久能修好"},
            headers={**talker.auth, "Idempotency-Key": "fallback-1"},
            timeout=60,
        )
        health = httpx.get(f"{cluster.url}/health", timeout=30)
    finally:
        grant(True)
    admin.dispose()
    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == "assistant_unavailable"
    assert health.status_code == 503
    assert health.json()["checks"]["tracker_store"] is False
    # Once Rasa can write again, the same message is answered, once.
    again = httpx.post(
        f"{cluster.url}{talker.url}",
        json={"text": "多久能修好"},
        headers={**talker.auth, "Idempotency-Key": "fallback-1"},
        timeout=60,
    )
    assert again.status_code == 200
    assert again.json()["replies"]
    customer = [m["text"] for m in talker.history() if m["sender"] == "customer"]
    assert customer == ["冰箱不制冷了", "多久能修好"]
    cluster.wait_healthy()


def test_an_agents_reply_through_one_gateway_reaches_a_customer_on_another(
    cluster: RunningCluster,
) -> None:
    """The customer's push stream is held by gateway 1; the agent works on gateway 2."""
    settings = {k: v for k, v in cluster.env.items() if k.startswith("ASSISTANT_")}
    first, second = (
        Stack(gateway, cluster.data_dir, cluster.log.path, settings, cluster.database_url)
        for gateway in cluster.gateways
    )
    added = second.command(
        "agents", "add", "li.na", "--name", "李娜", "--languages", "zh,en",
        "--skills", "washing_machine", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stdout + added.stderr
    with httpx.Client(base_url=second.gateway_url, timeout=60) as agent:
        login = agent.post(f"{AGENT_API}/session", json={"username": "li.na", "password": PASSWORD})
        agent.headers["Authorization"] = f"Bearer {login.json()['token']}"
        agent.put(f"{AGENT_API}/me/presence", json={"presence": "online"}).raise_for_status()
        customer = Customer(first, "zh")
        customer.say("我的洗衣机WM-8012显示E4")
        assert customer.send("我要转人工")["state"] == "waiting"
        waiting = agent.get(f"{AGENT_API}/handoffs", params={"status": "waiting"}).json()
        [item] = [h for h in waiting["items"] if h["conversation_id"] == customer.conversation_id]
        stream = StreamReader(first, customer)
        try:
            agent.post(f"{AGENT_API}/handoffs/{item['id']}/claim").raise_for_status()
            reply = "您好，我是李娜，马上为您安排。"
            sent = agent.post(f"{AGENT_API}/handoffs/{item['id']}/messages", json={"text": reply})
            assert sent.status_code == 201, sent.text
            pushed = stream.wait_for("agent")
        finally:
            stream.close()
            customer.http.close()
    assert (pushed["text"], pushed["author"]) == (reply, "李娜")


def test_the_load_benchmarks_conversations_run_without_an_error(cluster: RunningCluster) -> None:
    """``make bench``'s conversations, briefly, through the balancer and on Rasa alone."""
    rasa = f"http://127.0.0.1:{cluster.env['ASSISTANT_RASA_PORT']}"
    for target in (GatewayTarget(cluster.url), RasaTarget(rasa)):
        run = asyncio.run(closed_loop(target, 3, 20, first_number=500_000))
        assert run.errors == []
        assert len(run.latencies_ms) >= 6
