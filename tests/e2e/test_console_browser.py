"""The agents' console in Chromium against the whole running assistant.

A customer tells the real bot about a fault and asks for a person with ``/human``; an
agent, added with ``python -m bot agents add``, logs in through the login page, sees the
handoff arrive without reloading, claims it, reads the summary card, inserts a suggested
article with one click, edits and sends it, and resolves. A customer message that is
HTML stays text. The screenshots in ``docs/img`` come from this test.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bot.db import UowFactory
from bot.handoff import handoff_events
from bot.handoff.listing import conversation_handoffs
from bot.stack import PROJECT_ROOT
from tests.browser import HOSTILE, ConsoleAgent, chromium
from tests.e2e.conftest import Customer, Stack

pytestmark = pytest.mark.e2e

PASSWORD = "lily console 2025"
SHOTS = PROJECT_ROOT / "docs" / "img"


def _add_agent(stack: Stack) -> None:
    added = stack.command(
        "agents",
        "add",
        "lily",
        "--name",
        "Lily Chen",
        "--languages",
        "zh,en",
        "--skills",
        "washing_machine",
        stdin=PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr
    assert PASSWORD not in added.stdout + added.stderr


def test_an_agent_answers_a_customer_in_the_console(stack: Stack, uow_factory: UowFactory) -> None:
    _add_agent(stack)
    with chromium() as browser:
        agent = ConsoleAgent(browser, stack.gateway_url)
        customer = Customer(stack, "en")
        try:
            agent.log_in("lily", PASSWORD, screenshot=SHOTS / "console-login.png")
            agent.mark_page()

            customer.say("My washing machine WM-8012 shows error E4 and does not drain")
            asked = customer.http.post(
                customer.url, json={"text": "/human"}, headers=customer.headers
            )
            assert asked.status_code == 200, asked.text
            assert asked.json()["state"] == "waiting"
            (handoff,) = conversation_handoffs(uow_factory, customer.conversation_id)

            expect(agent.waiting_card(handoff.id)).to_be_visible()
            assert agent.page_was_not_reloaded()
            agent.page.wait_for_timeout(2_000)  # the arrival's highlight fades
            agent.page.screenshot(path=SHOTS / "console-queue.png")

            agent.claim(handoff.id)
            expect(agent.page.locator("#summary")).to_contain_text("E4")

            article = agent.insert_first_suggestion()
            expect(agent.page.get_by_label("Reply to the customer")).to_have_value(article)
            agent.page.screenshot(path=SHOTS / "console-conversation.png")
            reply = f"Hello, this is Lily. {article}"
            agent.send_reply(reply)

            answers = [m for m in customer.history() if m["sender"] == "agent"]
            assert [m["text"] for m in answers] == [reply]

            said = customer.http.post(
                customer.url, json={"text": HOSTILE}, headers=customer.headers
            )
            assert said.status_code == 200, said.text
            assert said.json()["replies"] == []
            shown = agent.page.locator("#transcript .msg--customer .msg-text").last
            expect(shown).to_have_text(HOSTILE)
            assert agent.page.locator("#transcript img").count() == 0
            assert agent.dialogs == []

            agent.resolve()
            actions = [action for _, action in handoff_events(uow_factory, handoff.id)]
            assert actions == ["requested", "claimed", "replied", "resolved"]
        finally:
            agent.close()
            customer.http.close()
