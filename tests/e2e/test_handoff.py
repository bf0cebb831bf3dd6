"""A person takes over through the real stack, in both languages, and hands back cleanly.

The customer gives a model and an error code and books a visit, then asks for a person.
The queue entry carries all of it; an agent logs in through the API, claims and replies;
the customer receives the reply on the push stream and in ``GET messages``; what the
customer writes meanwhile reaches the agent and not Rasa; after the agent resolves, the
bot answers again, asks for a rating, and the rating is stored.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bot.db import UowFactory
from bot.handoff import HandoffRequest
from bot.language import Language
from bot.stack import PROJECT_ROOT
from tests.e2e.conftest import STACKS, Customer, Stack
from tests.e2e.responses import msg, texts
from tests.e2e.test_booking import reference_in, window_keys

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("stack", STACKS, indirect=True)]

NETWORK_FILE = PROJECT_ROOT / "tests" / "data" / "service_network.yml"
PASSWORD = "correct horse battery staple"
AGENT_API = "/api/v1/agent"


@pytest.fixture(scope="module")
def network(stack: Stack) -> None:
    """The test service network, imported as staff do."""
    result = stack.command("network", "import", str(NETWORK_FILE))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def agent(stack: Stack) -> Iterator[httpx.Client]:
    """Agent 王芳, added with the command line, logged in through the API and online."""
    added = stack.command(
        "agents", "add", "wang.fang", "--name", "王芳", "--languages", "zh,en",
        "--skills", "washing_machine", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stdout + added.stderr
    client = httpx.Client(base_url=stack.gateway_url, timeout=60)
    login = client.post(
        f"{AGENT_API}/session", json={"username": "wang.fang", "password": PASSWORD}
    )
    assert login.status_code == 201, login.text
    assert "argon2" not in login.text
    client.headers["Authorization"] = f"Bearer {login.json()['token']}"
    online = client.put(f"{AGENT_API}/me/presence", json={"presence": "online"})
    assert online.status_code == 200, online.text
    yield client
    client.close()


class StreamReader:
    """Reads a customer's push stream in the background, collecting its message events."""

    def __init__(self, stack: Stack, customer: Customer) -> None:
        self.messages: list[dict[str, Any]] = []
        self._client = httpx.Client(base_url=stack.gateway_url, timeout=httpx.Timeout(5, read=60))
        self._url = f"/api/v1/conversations/{customer.conversation_id}/stream"
        self._headers = dict(customer.headers)
        last = customer.history()
        self._headers["Last-Event-ID"] = str(last[-1]["seq"] if last else 0)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        event = ""
        try:
            with self._client.stream("GET", self._url, headers=self._headers) as response:
                for line in response.iter_lines():
                    if line.startswith("event:"):
                        event = line.removeprefix("event:").strip()
                    elif line.startswith("data:") and event == "message":
                        self.messages.append(json.loads(line.removeprefix("data:")))
        except httpx.HTTPError:
            return

    def wait_for(self, sender: str, timeout: float = 10.0) -> dict[str, Any]:
        """The first streamed message from ``sender``, waiting up to ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.messages if m["sender"] == sender]
            if found:
                return found[0]
            time.sleep(0.05)
        raise AssertionError(f"no {sender} message on the stream within {timeout} s")

    def close(self) -> None:
        self._client.close()


def book_after_the_fault(customer: Customer, language: Language) -> str:
    """Books a visit for the washer already described; returns the visit's reference."""
    zh = language == "zh"
    replies = customer.say("我要预约师傅上门维修" if zh else "I'd like to book a repair visit")
    assert texts(replies) == [msg("ask_city", language)]
    customer.say("上海" if zh else "Shanghai")
    customer.say("浦东新区张江路88弄5号1201室" if zh else "Flat 1201, 88 Zhangjiang Road")
    customer.say("王女士" if zh else "my name is Anna Wang")
    replies = customer.say("139 1234 5678")
    assert texts(replies) == [msg("ask_visit_window", language)]
    customer.choose('/inform{"visit_window":"' + window_keys(replies[0])[0] + '"}')
    return reference_in(customer.choose("/affirm")[0]["text"])


def _tracker_texts(stack: Stack, conversation_id: str) -> list[str]:
    """Every user text in the Rasa server's tracker store for the conversation."""
    return [str(e.get("text")) for e in stack.tracker_events(conversation_id, "user")]


def _tracker_slot(stack: Stack, conversation_id: str, slot: str) -> list[Any]:
    events = stack.tracker_events(conversation_id, "slot")
    return [e["value"] for e in events if e.get("name") == slot]


WORDS = {
    "zh": {
        "fault": "我的洗衣机WM-8012显示E4",
        "person": "我要转人工",
        "meanwhile": "补充一下：排水管我已经检查过了",
        "reply": "您好，我是王芳。师傅明天会带排水泵过去。",
        "after": "E4是什么意思",
    },
    "en": {
        "fault": "my washer WM-8012 shows E4",
        "person": "can I talk to a real person please",
        "meanwhile": "also: I already checked the drain hose",
        "reply": "Hello, Wang Fang here. The technician will bring a drain pump tomorrow.",
        "after": "what does E4 mean",
    },
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_person_takes_over_with_full_context_and_hands_back(
    stack: Stack,
    network: None,
    agent: httpx.Client,
    uow_factory: UowFactory,
    language: Language,
) -> None:
    words = WORDS[language]
    customer = Customer(stack, language)
    customer.say(words["fault"])
    reference = book_after_the_fault(customer, language)

    # The customer asks for a person: queued, with place and wait.
    asked = customer.http.post(
        customer.url, json={"text": words["person"]}, headers=customer.headers
    )
    assert asked.status_code == 200, asked.text
    assert asked.json()["state"] == "waiting"
    queued = asked.json()["replies"][-1]["text"]
    assert queued.startswith(msg("handoff_queued", language, position=1, minutes=1)[:8])

    # The queue entry holds the model, the code and the booking.
    waiting = agent.get(f"{AGENT_API}/handoffs", params={"status": "waiting"}).json()
    [item] = [h for h in waiting["items"] if h["conversation_id"] == customer.conversation_id]
    case = agent.get(f"{AGENT_API}/handoffs/{item['id']}").json()
    summary = case["summary"]
    assert summary["model"] == "WM-8012"
    assert summary["error_code"] == "E4"
    assert reference in summary["booking_references"]
    assert summary["category"] == "washing_machine"
    # The E4 article the bot gave is listed, so the agent does not repeat it.
    assert [a for a in summary["article_ids"] if "e4" in a.lower()]

    stream = StreamReader(stack, customer)
    try:
        claimed = agent.post(f"{AGENT_API}/handoffs/{item['id']}/claim")
        assert claimed.status_code == 200, claimed.text
        sent = agent.post(
            f"{AGENT_API}/handoffs/{item['id']}/messages", json={"text": words["reply"]}
        )
        assert sent.status_code == 201, sent.text

        # The reply arrives on the push stream and in GET messages, under the agent's name.
        pushed = stream.wait_for("agent")
        assert (pushed["text"], pushed["author"]) == (words["reply"], "王芳")
        assert [m["text"] for m in customer.history() if m["sender"] == "agent"] == [words["reply"]]
    finally:
        stream.close()

    # What the customer writes now goes to the agent, not to Rasa.
    during = customer.http.post(
        customer.url, json={"text": words["meanwhile"]}, headers=customer.headers
    )
    assert during.json() == {"replies": [], "state": "agent"}
    case = agent.get(f"{AGENT_API}/handoffs/{item['id']}").json()
    assert words["meanwhile"] in [m["text"] for m in case["transcript"]]
    assert words["meanwhile"] not in _tracker_texts(stack, customer.conversation_id)

    # The agent resolves: the bot answers the next message and asks for a rating.
    resolved = agent.post(f"{AGENT_API}/handoffs/{item['id']}/resolve", json={"close": False})
    assert resolved.status_code == 200, resolved.text
    answer = customer.say(words["after"])
    assert "E4" in texts(answer)[0]
    assert _tracker_slot(stack, customer.conversation_id, "handoff")[-1] == "resolved"
    [rating] = [
        m for m in customer.history() if m["text"] == msg("handoff_rate", language, agent="王芳")
    ]
    assert [b["title"] for b in rating["buttons"]] == [
        msg("handoff_rating_button", language, rating=str(n)) for n in range(1, 6)
    ]
    rated = customer.choose(rating["buttons"][4]["payload"])
    assert texts(rated) == [msg("handoff_rated", language)]
    with uow_factory() as uow:
        assert uow.session.get_one(HandoffRequest, item["id"]).rating == 5


@pytest.mark.parametrize(
    ("language", "words", "steps"),
    [
        ("zh", "洗衣机冒烟了怎么办", "safety_fire"),
        ("en", "there are sparks from the socket", "safety_sparks"),
    ],
)
def test_a_hazard_gets_first_steps_and_an_urgent_person(
    stack: Stack, agent: httpx.Client, language: Language, words: str, steps: str
) -> None:
    customer = Customer(stack, language)
    response = customer.http.post(customer.url, json={"text": words}, headers=customer.headers)
    body = response.json()
    assert body["state"] == "waiting"
    assert texts(body["replies"])[:2] == [msg("safety_intro", language), msg(steps, language)]
    waiting = agent.get(f"{AGENT_API}/handoffs", params={"status": "waiting"}).json()["items"]
    [item] = [h for h in waiting if h["conversation_id"] == customer.conversation_id]
    assert (item["reason"], item["priority"]) == ("safety_hazard", 0)
    # Urgent requests come first.
    assert waiting[0]["priority"] == 0

    # "Never mind" gives the conversation back to the bot, but a hazard stays in the
    # queue: a person still checks on the customer.
    never_mind = "算了" if language == "zh" else "never mind"
    back = customer.http.post(customer.url, json={"text": never_mind}, headers=customer.headers)
    assert back.json()["state"] == "bot"
    assert texts(back.json()["replies"]) == [msg("handoff_back_to_bot", language)]
    still = agent.get(f"{AGENT_API}/handoffs", params={"status": "waiting"}).json()["items"]
    assert item["id"] in [h["id"] for h in still]


def test_a_person_asked_for_mid_booking_hands_back_without_the_form(
    stack: Stack, agent: httpx.Client
) -> None:
    customer = Customer(stack, "zh")
    assert texts(customer.say("我要预约师傅上门维修")) == [msg("ask_product", "zh")]
    asked = customer.http.post(customer.url, json={"text": "转人工"}, headers=customer.headers)
    assert asked.json()["state"] == "waiting"
    waiting = agent.get(f"{AGENT_API}/handoffs", params={"status": "waiting"}).json()["items"]
    [item] = [h for h in waiting if h["conversation_id"] == customer.conversation_id]
    assert agent.post(f"{AGENT_API}/handoffs/{item['id']}/claim").status_code == 200
    assert agent.post(f"{AGENT_API}/handoffs/{item['id']}/resolve", json={}).status_code == 200

    # The half-asked booking does not come back: the next message gets a normal answer.
    answer = texts(customer.say("洗衣机E4是什么意思"))
    assert msg("ask_product", "zh") not in answer
    assert "E4" in answer[0]


def test_with_nobody_online_a_callback_is_taken_and_listed_first(
    stack: Stack, agent: httpx.Client, nobody_online: None
) -> None:
    customer = Customer(stack, "en")
    offered = customer.say("can I talk to a real person please")
    assert texts(offered) == [msg("handoff_nobody", "en")]
    assert [b["payload"] for b in offered[0]["buttons"]] == ["/request_callback"]
    assert texts(customer.choose("/request_callback")) == [msg("callback_ask_phone", "en")]
    assert texts(customer.say("139 1234 5678")) == [msg("callback_ask_time", "en")]
    done = customer.say("tomorrow morning after 10")[0]["text"]
    reference = done[done.index("CB-") : done.index("CB-") + 11]
    assert done.index(reference) < 40
    callbacks = agent.get(f"{AGENT_API}/callbacks").json()["items"]
    assert callbacks[0]["reference"] == reference
    assert callbacks[0]["phone"] == "+8613912345678"
    assert callbacks[0]["preferred_time"] == "tomorrow morning after 10"
