"""The web chat widget in Chromium against the whole running assistant.

A customer opens the demo support page, opens the widget, talks to the real bot in
Chinese and in English, presses a button, sends a photo (and a file that is not one),
reloads and finds the whole conversation, asks for a person with ``/human`` and gets
the agent's reply, pushed from the agent API, within a second with the agent's name.
HTML written by the customer or the agent stays text. A phone-sized screen shows the
panel full-screen, and axe-core finds no serious or critical problem in the open widget.
The screenshots in ``docs/img`` come from these tests.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import httpx
import pytest
from PIL import Image
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Dialog,
    Locator,
    Page,
    Route,
    ViewportSize,
    expect,
)

from bot.stack import PROJECT_ROOT
from tests.browser import HOSTILE, SCREEN, chromium
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e

SHOTS: Final = PROJECT_ROOT / "docs" / "img"
AXE: Final = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE: Final = ViewportSize(width=390, height=844)
AGENT: Final = "fang.w"  # its own account: other modules add theirs
AGENT_NAME: Final = "Wang Fang"
PASSWORD: Final = "widget agent 2025"
_HAN: Final = re.compile(r"[\u4e00-\u9fff]")
_WAIT_MS: Final = 30_000


class WidgetPage:
    """The demo page in one browser context, with the widget's parts by role and label."""

    def __init__(self, browser: Browser, stack: Stack, viewport: ViewportSize) -> None:
        self.context: BrowserContext = browser.new_context(
            viewport=viewport,
            base_url=stack.gateway_url,
            bypass_csp=True,  # lets the test inject axe-core; the widget needs no exception
        )
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(_WAIT_MS)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str, bubble: str) -> None:
        self.page.goto(path)
        self.page.get_by_role("button", name=bubble).click()
        expect(self.panel).to_be_visible()

    @property
    def panel(self) -> Locator:
        return self.page.get_by_role("dialog")

    @property
    def messages(self) -> Locator:
        return self.page.locator(".msg")

    def seqs(self) -> list[int]:
        return [
            int(s)
            for s in self.page.locator(".msg").evaluate_all(
                "(nodes) => nodes.map((n) => n.dataset.seq)"
            )
        ]

    def bot_texts_after(self, seq: int) -> list[str]:
        texts: list[str] = self.page.locator(".msg--bot").evaluate_all(
            "(nodes, seq) => nodes.filter((n) => Number(n.dataset.seq) > seq)"
            ".map((n) => n.querySelector('.text').textContent)",
            seq,
        )
        return texts

    def say(self, label: str, text: str) -> str:
        """Types and sends ``text``; returns the text of the bot's last answer to it."""
        before = self.page.locator(".msg--bot").count()
        self.page.get_by_label(label).fill(text)
        self.page.get_by_label(label).press("Enter")
        expect(self.page.locator(".msg--customer .text").last).to_have_text(text)
        expect(self.page.locator(".msg--bot")).not_to_have_count(before)
        expect(self.page.locator(".typing")).to_be_hidden()
        return self.page.locator(".msg--bot .text").last.inner_text()

    def stored_conversation(self) -> dict[str, str]:
        stored: dict[str, str] = self.page.evaluate(
            "() => JSON.parse(localStorage.getItem('after-sales-chat:' + location.origin))"
        )
        return stored

    def no_html_ran(self) -> None:
        shadow_imgs = self.page.evaluate(
            """() => Array.from(document.querySelector('#after-sales-chat').shadowRoot
                 .querySelectorAll('img')).map((i) => i.getAttribute('src'))"""
        )
        assert [src for src in shadow_imgs if not src.startswith("http")] == []
        assert self.page.locator("img[src='x']").count() == 0
        assert self.dialogs == []

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def agent(stack: Stack) -> Iterator[httpx.Client]:
    """An agent logged in through the agent API, online for this module's tests."""
    listed = stack.command("agents", "list")
    if AGENT not in listed.stdout:
        added = stack.command(
            "agents",
            "add",
            AGENT,
            "--name",
            AGENT_NAME,
            "--languages",
            "zh,en",
            stdin=PASSWORD + "\n",
        )
        assert added.returncode == 0, added.stderr
    http = httpx.Client(base_url=stack.gateway_url, timeout=30)
    session = http.post("/api/v1/agent/session", json={"username": AGENT, "password": PASSWORD})
    assert session.status_code == 201, session.text
    http.headers["Authorization"] = f"Bearer {session.json()['token']}"
    online = http.put("/api/v1/agent/me/presence", json={"presence": "online"})
    assert online.status_code == 200, online.text
    yield http
    http.put("/api/v1/agent/me/presence", json={"presence": "away"})
    http.delete("/api/v1/agent/session")
    http.close()


def _photo(folder: Path) -> Path:
    path = folder / "drain-filter.jpg"
    image = Image.new("RGB", (480, 360), (226, 232, 240))
    for x in range(120, 360):
        for y in range(90, 270):
            image.putpixel((x, y), (11, 83, 148))
    image.save(path, "JPEG", quality=85)
    return path


def _waiting_handoff(agent: httpx.Client, conversation_id: str) -> int:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        listed = agent.get("/api/v1/agent/handoffs", params={"status": "waiting"})
        assert listed.status_code == 200, listed.text
        for item in listed.json()["items"]:
            if item["conversation_id"] == conversation_id:
                return int(item["id"])
        time.sleep(0.2)
    pytest.fail(f"no waiting handoff for {conversation_id}")


def test_a_customer_talks_in_both_languages_sends_a_photo_and_gets_an_agent(
    stack: Stack, browser: Browser, agent: httpx.Client, tmp_path: Path
) -> None:
    widget = WidgetPage(browser, stack, SCREEN)
    page = widget.page
    try:
        widget.open("/", "打开在线客服")
        expect(page.get_by_label("输入您的消息")).to_be_focused()
        page.keyboard.press("Escape")
        expect(widget.panel).to_be_hidden()
        expect(page.get_by_role("button", name="打开在线客服")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_label("输入您的消息")).to_be_focused()

        greeting = widget.say("输入您的消息", "你好")
        assert _HAN.search(greeting)
        offered = page.locator(".msg--bot").last.locator(".choice")
        expect(offered.first).to_be_enabled()
        titles = offered.all_inner_texts()
        bots = page.locator(".msg--bot").count()
        offered.first.click()
        expect(page.locator(".msg--customer .text").last).to_have_text(titles[0])
        expect(page.locator(".msg--bot")).not_to_have_count(bots)
        for choice in offered.all():
            expect(choice).to_be_disabled()
        answer = widget.say("输入您的消息", "洗衣机显示E4，不排水怎么办？")
        assert _HAN.search(answer), answer

        page.get_by_role("button", name="Switch to English").click()
        expect(page.get_by_label("Your message")).to_be_visible()
        asked = max(widget.seqs())
        widget.say("Your message", "My washing machine shows error E4 and does not drain")
        answers = widget.bot_texts_after(asked)
        assert any(not _HAN.search(text) for text in answers), answers

        page.get_by_label("Send a photo").set_input_files(_photo(tmp_path))
        photo = page.locator(".msg--customer img.photo").last
        expect(photo).to_be_visible()
        assert re.search(r"/attachments/[^?]+\?token=", photo.get_attribute("src") or "")
        page.wait_for_function(
            """() => Array.from(document.querySelector('#after-sales-chat').shadowRoot
                 .querySelectorAll('img.photo')).every((i) => i.complete && i.naturalWidth > 0)"""
        )
        fake = tmp_path / "invoice.jpg"
        fake.write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
        page.get_by_label("Send a photo").set_input_files(fake)
        expect(page.get_by_role("alert")).to_have_text(
            "Only photos can be sent: JPEG, PNG or WebP images."
        )

        widget.say("Your message", HOSTILE)
        expect(page.locator(".msg--customer .text").filter(has_text=HOSTILE)).to_have_count(1)
        widget.no_html_ran()

        before = widget.seqs()
        assert before == sorted(set(before))
        page.reload()
        page.get_by_role("button", name="Chat with us").click()
        expect(widget.messages).to_have_count(len(before))
        assert widget.seqs() == before
        stored = widget.stored_conversation()
        history = httpx.get(
            f"{stack.gateway_url}/api/v1/conversations/{stored['id']}/messages",
            headers={"Authorization": f"Bearer {stored['token']}"},
            params={"limit": 500},
        ).json()["messages"]
        assert [m["seq"] for m in history] == before

        page.get_by_label("Your message").fill("/human")
        page.get_by_label("Your message").press("Enter")
        expect(page.locator(".subtitle")).to_have_text("Waiting for a person to join")
        handoff_id = _waiting_handoff(agent, stored["id"])
        claimed = agent.post(f"/api/v1/agent/handoffs/{handoff_id}/claim")
        assert claimed.status_code == 200, claimed.text
        expect(page.locator(".subtitle")).to_have_text("A person is answering")

        # The agent types: the customer sees it, until the message arrives.
        typed = agent.post(f"/api/v1/agent/handoffs/{handoff_id}/typing")
        assert typed.status_code == 204, typed.text
        expect(page.locator(".typing")).to_contain_text(f"{AGENT_NAME} is typing", timeout=1_000)

        reply = "Hello, this is Wang Fang. Please send me the serial number on the rating plate."
        sent = agent.post(f"/api/v1/agent/handoffs/{handoff_id}/messages", json={"text": reply})
        assert sent.status_code == 201, sent.text
        shown = page.locator(".msg--agent").last
        expect(shown.locator(".text")).to_have_text(reply, timeout=1_000)
        expect(shown.locator(".who")).to_contain_text(AGENT_NAME)
        expect(page.locator(".typing")).to_be_hidden()

        hostile = agent.post(
            f"/api/v1/agent/handoffs/{handoff_id}/messages", json={"text": HOSTILE}
        )
        assert hostile.status_code == 201, hostile.text
        expect(page.locator(".msg--agent .text").last).to_have_text(HOSTILE, timeout=1_000)
        widget.no_html_ran()

        page.get_by_label("Your message").fill("OK, one moment please")
        page.get_by_label("Your message").press("Enter")
        expect(page.locator(".msg--customer .text").last).to_have_text("OK, one moment please")
        page.get_by_label("Your message").focus()
        page.screenshot(path=SHOTS / "widget-desktop.png")

        resolved = agent.post(f"/api/v1/agent/handoffs/{handoff_id}/resolve", json={})
        assert resolved.status_code == 200, resolved.text
        assert widget.errors == []
    finally:
        widget.close()


def test_on_a_phone_the_panel_takes_the_whole_screen(stack: Stack, browser: Browser) -> None:
    widget = WidgetPage(browser, stack, PHONE)
    page = widget.page
    try:
        widget.open("/?lang=en", "Chat with us")
        box = widget.panel.bounding_box()
        assert box is not None
        assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 390, 844)
        widget.say("Your message", "Hello")
        widget.say("Your message", "How do I clean the drain filter of my WM-8012 washer?")
        expect(page.locator(".msg--bot .choice").first).to_be_visible()
        page.get_by_label("Your message").focus()
        page.screenshot(path=SHOTS / "widget-phone.png")
        page.get_by_role("button", name="Close the chat").click()
        expect(widget.panel).to_be_hidden()
        expect(page.get_by_role("button", name="Chat with us")).to_be_focused()
        assert widget.errors == []
    finally:
        widget.close()


def _axe_problems(page: Page) -> list[dict[str, Any]]:
    if not AXE.is_file():
        message = f"axe-core is missing ({AXE}): run 'make axe' (npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    page.add_script_tag(path=AXE)
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations
              .filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                            nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return found


@pytest.mark.parametrize(
    ("path", "bubble", "label", "text"),
    [
        ("/", "打开在线客服", "输入您的消息", "你好"),
        ("/?lang=en", "Chat with us", "Your message", "Hello"),
    ],
)
def test_axe_finds_no_serious_problem_in_the_open_widget(
    stack: Stack, browser: Browser, path: str, bubble: str, label: str, text: str
) -> None:
    widget = WidgetPage(browser, stack, SCREEN)
    try:
        widget.open(path, bubble)
        widget.say(label, text)
        expect(widget.page.locator(".msg--bot .choice").first).to_be_visible()
        assert _axe_problems(widget.page) == []
    finally:
        widget.close()


def test_a_message_met_by_a_restarting_server_is_resent_once_answered(
    stack: Stack, browser: Browser
) -> None:
    """The first try meets a 503 (as while a server restarts): the widget says so, waits
    as told, and sends the message again with the same key; it is answered, once."""
    widget = WidgetPage(browser, stack, SCREEN)
    page = widget.page
    keys: list[str] = []

    def first_try_unavailable(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        keys.append(route.request.headers.get("idempotency-key", ""))
        if len(keys) == 1:
            route.fulfill(
                status=503,
                headers={"Retry-After": "2", "Content-Type": "application/json"},
                body='{"error": {"code": "assistant_unavailable", "message": "restarting"}}',
            )
        else:
            route.continue_()

    try:
        widget.open("/?lang=en", "Chat with us")
        widget.say("Your message", "hello")
        page.route("**/api/v1/conversations/*/messages", first_try_unavailable)
        bot_before = widget.page.locator(".msg--bot").count()
        page.get_by_label("Your message").fill("how long is the warranty on a fridge")
        page.get_by_label("Your message").press("Enter")
        expect(page.get_by_role("alert")).to_contain_text("One moment, please")
        expect(widget.page.locator(".msg--bot")).not_to_have_count(bot_before)
        assert len(keys) == 2
        assert keys[0] == keys[1]
        assert re.fullmatch(r"[A-Za-z0-9._:-]{8,64}", keys[0])
        expect(page.get_by_role("alert")).to_have_text("")
        texts = page.locator(".msg--customer .text").all_inner_texts()
        assert texts == ["hello", "how long is the warranty on a fridge"]
        assert widget.errors == []
    finally:
        widget.close()
