"""Driving the agents' console in Chromium from Debian's packages (never a downloaded one).

``make test`` installs the browser (``scripts/install-browser``). Where it cannot be
installed the browser tests skip with a loud message, except when ``CI`` is set: there a
missing browser fails them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import pytest
from playwright.sync_api import (
    Browser,
    Dialog,
    Locator,
    Page,
    ViewportSize,
    expect,
    sync_playwright,
)

__all__ = [
    "CHROMIUM",
    "HOSTILE",
    "SCREEN",
    "ConsoleAgent",
    "chromium",
]

CHROMIUM: Final = Path("/usr/bin/chromium")
#: The console's screenshots are taken at a laptop's size.
SCREEN: Final = ViewportSize(width=1280, height=800)
#: A customer message that would run a script if it were ever read as HTML.
HOSTILE: Final = "<img src=x onerror=alert(1)>"
_WAIT_MS: Final = 15_000


@contextmanager
def chromium() -> Iterator[Browser]:
    """Launches Debian's Chromium headless; skips (fails under ``CI``) when it is missing."""
    if not CHROMIUM.exists():
        message = (
            f"\n{'#' * 78}\n# BROWSER TEST NOT RUN: {CHROMIUM} is missing. Install it with "
            "'scripts/install-browser'\n# (as root) or 'apt-get install chromium'.\n"
            f"{'#' * 78}"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield browser
        finally:
            browser.close()


class ConsoleAgent:
    """An agent working in the console through one browser page.

    Every JavaScript dialog the page opens is recorded in ``dialogs`` (and dismissed),
    so a test can prove that no customer text ever ran as a script.
    """

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.context = browser.new_context(viewport=SCREEN, base_url=self.base_url)
        self.page: Page = self.context.new_page()
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.set_default_timeout(_WAIT_MS)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        """Closes the page and its cookies."""
        self.context.close()

    def log_in(self, username: str, password: str, *, screenshot: Path | None = None) -> None:
        """Logs in through the login form and waits for the queue."""
        page = self.page
        page.goto("/console/login")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        if screenshot is not None:
            page.screenshot(path=screenshot)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{self.base_url}/console")
        expect(page.locator("#stream-state")).to_have_text("Live")

    def unlabelled_controls(self) -> list[str]:
        """The page's form fields without a label and buttons without a name."""
        found: list[str] = self.page.evaluate(
            """() => [
                ...Array.from(document.querySelectorAll(
                    "input:not([type=hidden]), select, textarea"
                )).filter((c) => c.labels.length === 0 && !c.getAttribute("aria-label")),
                ...Array.from(document.querySelectorAll("button"))
                    .filter((b) => !b.textContent.trim() && !b.getAttribute("aria-label")),
            ].map((c) => c.outerHTML.slice(0, 80))"""
        )
        return found

    def mark_page(self) -> None:
        """Marks the loaded page, to prove later that it was never reloaded."""
        self.page.evaluate("window.__notReloaded = true")

    def page_was_not_reloaded(self) -> bool:
        """Whether the page marked by :meth:`mark_page` is still the same document."""
        return bool(self.page.evaluate("window.__notReloaded === true"))

    def waiting_card(self, handoff_id: int) -> Locator:
        """The queue's card of a waiting handoff."""
        return self.page.locator(f'#waiting li[data-handoff-id="{handoff_id}"]')

    def claim(self, handoff_id: int) -> None:
        """Claims a waiting handoff from the queue and waits for its conversation."""
        self.waiting_card(handoff_id).get_by_role("button", name="Claim").click()
        self.page.wait_for_url(f"{self.base_url}/console/handoffs/{handoff_id}")

    def insert_first_suggestion(self) -> str:
        """Inserts the first suggested article into the reply box; returns its text."""
        first = self.page.locator("#suggestions li").first
        expect(first).to_be_visible()
        text = first.locator(".suggestion-text").inner_text()
        first.get_by_role("button", name="Insert").click()
        return text

    def send_reply(self, text: str) -> None:
        """Replaces the reply box's text and sends it; waits until it is in the transcript."""
        page = self.page
        page.get_by_label("Reply to the customer").fill(text)
        page.get_by_role("button", name="Send").click()
        expect(page.locator("#transcript .msg--agent .msg-text").last).to_have_text(text)
        expect(page.get_by_label("Reply to the customer")).to_have_value("")

    def resolve(self) -> None:
        """Resolves the open conversation and waits for the queue."""
        self.page.get_by_role("button", name="Resolve").click()
        self.page.wait_for_url(f"{self.base_url}/console")
