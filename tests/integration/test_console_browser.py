"""The agents' console in a real browser, on a gateway served in this process.

The dialogue engine is scripted and the bot's handoff is written as the action server
writes it (``request_handoff`` on the same database), so this runs without the trained
model; ``tests/e2e/test_console_browser.py`` is the same flow against the whole stack.
Set ``CONSOLE_SCREENSHOTS=docs/img`` to refresh the README's screenshots.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.sync_api import expect

from bot.agents import add_agent
from bot.db import UowFactory
from bot.gateway import create_app
from bot.handoff import HandoffSummary, handoff_events, request_handoff
from bot.handoff.callbacks import create_callback
from bot.runtime import Runtime
from bot.settings import Settings
from bot.stack import PROJECT_ROOT
from tests.browser import HOSTILE, ConsoleAgent, chromium
from tests.unit.assistant.scripted import ScriptedAssistant

PASSWORD = "console password 1"
_SHOTS_DIR = os.environ.get("CONSOLE_SCREENSHOTS")
SHOTS = PROJECT_ROOT / _SHOTS_DIR if _SHOTS_DIR else None


@dataclass
class Gateway:
    url: str
    runtime: Runtime


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[Gateway]:
    app = create_app(Settings(data_dir=tmp_path, database_url=""), assistant=ScriptedAssistant())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the gateway did not start"
        time.sleep(0.05)
    try:
        yield Gateway(f"http://127.0.0.1:{port}", app.state.runtime)
    finally:
        server.should_exit = True
        thread.join(timeout=15)


class Customer:
    """A customer on the conversation API."""

    def __init__(self, url: str, language: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30)
        created = self.http.post("/api/v1/conversations", json={"language": language}).json()
        self.conversation_id: str = created["conversation_id"]
        self.headers = {"Authorization": f"Bearer {created['token']}"}
        self.url = f"/api/v1/conversations/{self.conversation_id}/messages"

    def say(self, text: str) -> None:
        response = self.http.post(self.url, json={"text": text}, headers=self.headers)
        assert response.status_code == 200, response.text

    def messages(self) -> list[dict[str, object]]:
        response = self.http.get(self.url, headers=self.headers)
        assert response.status_code == 200, response.text
        return list(response.json()["messages"])


def _hand_over(
    runtime: Runtime,
    customer: Customer,
    summary: HandoffSummary,
    *,
    ago: timedelta = timedelta(0),
    **how: object,
) -> int:
    """What the action server does when the bot hands a conversation to people."""
    values: dict[str, object] = {
        "reason": "customer_request",
        "priority": 1,
        "language": "en",
        "channel": "api",
    }
    values.update(how)
    return request_handoff(
        runtime.uow_factory,
        customer.conversation_id,
        summary=summary,
        now=runtime.clock.now() - ago,
        **values,  # type: ignore[arg-type]
    )


def _fill_the_queue(runtime: Runtime, url: str) -> None:
    """Other customers waiting, and a callback ticket, as a busy morning looks."""
    factory: UowFactory = runtime.uow_factory
    urgent = Customer(url, "zh")
    urgent.say("the water heater smells of burning")
    _hand_over(
        runtime,
        urgent,
        HandoffSummary(wants="water heater smells of burning", category="water_heater"),
        reason="critical_complaint",
        priority=0,
        language="zh",
        ago=timedelta(minutes=3, seconds=12),
    )
    create_callback(
        factory,
        conversation_id=None,
        phone="+8613900139000",
        preferred_time="after 6 pm",
        language="en",
        channel="api",
        summary=HandoffSummary(wants="fridge not cooling", category="refrigerator"),
        now=runtime.clock.now() - timedelta(minutes=20),
    )


def test_an_agent_takes_a_customer_from_the_queue_to_resolved(gateway: Gateway) -> None:
    runtime = gateway.runtime
    add_agent(
        runtime.uow_factory,
        "mei",
        "Mei Lin",
        PASSWORD,
        role="agent",
        languages=["zh", "en"],
        skills=["washing_machine"],
    )
    with chromium() as browser:
        agent = ConsoleAgent(browser, gateway.url)
        try:
            agent.page.goto("/console/login")
            assert agent.unlabelled_controls() == []
            agent.log_in("mei", PASSWORD, screenshot=SHOTS and SHOTS / "console-login.png")
            agent.mark_page()
            if SHOTS:
                _fill_the_queue(runtime, gateway.url)

            customer = Customer(gateway.url, "en")
            customer.say("My washing machine shows error E4 and does not drain")
            summary = HandoffSummary(
                wants="washing machine shows E4 and does not drain",
                category="washing_machine",
                model="WM-8012",
                error_code="E4",
                booking_references=("RV-20250602-0001",),
            )
            handoff_id = _hand_over(runtime, customer, summary)

            # It arrives without a reload.
            expect(agent.waiting_card(handoff_id)).to_be_visible()
            assert agent.page_was_not_reloaded()
            assert agent.unlabelled_controls() == []
            if SHOTS:
                agent.page.wait_for_timeout(2_000)  # the arrival's highlight fades
                agent.page.screenshot(path=SHOTS / "console-queue.png")

            agent.claim(handoff_id)
            card = agent.page.locator("#summary")
            expect(card).to_contain_text("WM-8012")
            expect(card).to_contain_text("E4")
            expect(card).to_contain_text("RV-20250602-0001")

            article = agent.insert_first_suggestion()
            assert agent.unlabelled_controls() == []
            reply_box = agent.page.get_by_label("Reply to the customer")
            expect(reply_box).to_have_value(article)
            reply = f"Hello, this is Mei. {article}"
            if SHOTS:
                agent.page.screenshot(path=SHOTS / "console-conversation.png")
            agent.send_reply(reply)

            answers = [m for m in customer.messages() if m["sender"] == "agent"]
            assert [m["text"] for m in answers] == [reply]
            assert answers[0]["author"] == "Mei Lin"

            # Customer text arrives live, and stays text.
            customer.say(HOSTILE)
            hostile = agent.page.locator("#transcript .msg--customer .msg-text").last
            expect(hostile).to_have_text(HOSTILE)
            assert agent.page.locator("#transcript img").count() == 0
            agent.page.reload()
            expect(agent.page.locator("#transcript .msg-text").last).to_have_text(HOSTILE)
            assert agent.page.locator("img").count() == 0
            assert agent.dialogs == []

            agent.resolve()
            actions = [action for _, action in handoff_events(runtime.uow_factory, handoff_id)]
            assert actions == ["requested", "claimed", "replied", "resolved"]
        finally:
            agent.close()


def test_callback_tickets_are_shown_first_when_an_agent_logs_in(gateway: Gateway) -> None:
    runtime = gateway.runtime
    add_agent(
        runtime.uow_factory, "wei", "Wang Wei", PASSWORD, role="agent",
        languages=["zh", "en"], skills=[],
    )  # fmt: skip
    waiting = Customer(gateway.url, "en")
    waiting.say("my dryer does not heat")
    handoff_id = _hand_over(runtime, waiting, HandoffSummary(wants="dryer does not heat"))
    reference = create_callback(
        runtime.uow_factory,
        conversation_id=None,
        phone="+8613900139000",
        preferred_time="after 6 pm",
        language="en",
        channel="api",
        summary=HandoffSummary(wants="fridge not cooling"),
        now=runtime.clock.now(),
    )
    with chromium() as browser:
        agent = ConsoleAgent(browser, gateway.url)
        try:
            agent.log_in("wei", PASSWORD)
            ticket = agent.page.locator("#callbacks").get_by_text(reference)
            expect(ticket).to_be_visible()
            expect(agent.page.locator("#callbacks")).to_contain_text("after 6 pm")
            card = agent.waiting_card(handoff_id)
            expect(card).to_be_visible()
            ticket_box, card_box = ticket.bounding_box(), card.bounding_box()
            assert ticket_box is not None
            assert card_box is not None
            assert ticket_box["y"] < card_box["y"]
        finally:
            agent.close()
