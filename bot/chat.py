"""A terminal chat with the running assistant, through the conversation API."""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["chat"]


def _print_turn(body: dict[str, Any]) -> list[dict[str, str]]:
    """Prints the bot's replies, numbering their buttons; returns the buttons in order."""
    buttons: list[dict[str, str]] = []
    for reply in body.get("replies", []):
        print(f"bot> {reply['text']}")
        for button in reply.get("buttons", []):
            buttons.append(button)
            print(f"      [{len(buttons)}] {button['title']}")
    return buttons


def chat(base_url: str) -> int:
    """Runs an interactive chat until end of input; a number presses that button.

    Args:
        base_url: The gateway, e.g. ``http://127.0.0.1:8000``.

    Returns:
        The process exit code.
    """
    with httpx.Client(base_url=base_url, timeout=60) as client:
        try:
            created = client.post("/api/v1/conversations").raise_for_status().json()
        except httpx.HTTPError as exc:
            print(f"The assistant is not reachable at {base_url}: {exc}")
            return 1
        headers = {"Authorization": f"Bearer {created['token']}"}
        url = f"/api/v1/conversations/{created['conversation_id']}/messages"
        print("Type a message (Ctrl-D to leave).")
        buttons: list[dict[str, str]] = []
        while True:
            try:
                line = input("you> ").strip()
            except EOFError:
                return 0
            if not line:
                continue
            if line.isdigit() and 1 <= int(line) <= len(buttons):
                body = {"payload": buttons[int(line) - 1]["payload"]}
            else:
                body = {"text": line}
            response = client.post(url, json=body, headers=headers)
            if response.status_code != httpx.codes.OK:
                print(f"(error {response.status_code}: {response.json()['error']['message']})")
                continue
            buttons = _print_turn(response.json())
