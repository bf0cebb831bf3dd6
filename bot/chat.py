"""A terminal chat with the running assistant, through the conversation API.

What the customer sees is read from the conversation's messages, so a person's replies
(and the bot's notices while a person has the chat) show up too: an empty line checks
for new ones.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["chat"]


def _print_messages(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Prints the bot's and agents' messages, numbering buttons; returns the buttons."""
    buttons: list[dict[str, str]] = []
    for message in messages:
        if message["sender"] == "customer":
            continue
        who = (message.get("author") or "agent") if message["sender"] == "agent" else "bot"
        print(f"{who}> {message['text']}")
        for button in message.get("buttons", []):
            buttons.append(button)
            print(f"      [{len(buttons)}] {button['title']}")
    return buttons


def chat(base_url: str, client: httpx.Client | None = None) -> int:
    """Runs an interactive chat until end of input; a number presses that button.

    Args:
        base_url: The gateway, e.g. ``http://127.0.0.1:8000``.
        client: The HTTP client to use (for tests); by default one for ``base_url``.

    Returns:
        The process exit code.
    """
    with client or httpx.Client(base_url=base_url, timeout=60) as client:
        try:
            created = client.post("/api/v1/conversations").raise_for_status().json()
        except httpx.HTTPError as exc:
            print(f"The assistant is not reachable at {base_url}: {exc}")
            return 1
        headers = {"Authorization": f"Bearer {created['token']}"}
        url = f"/api/v1/conversations/{created['conversation_id']}/messages"
        print("Type a message (Ctrl-D to leave; an empty line checks for new messages).")
        buttons: list[dict[str, str]] = []
        seen = 0
        while True:
            try:
                line = input("you> ").strip()
            except EOFError:
                return 0
            if line:
                if line.isdigit() and 1 <= int(line) <= len(buttons):
                    body = {"payload": buttons[int(line) - 1]["payload"]}
                else:
                    body = {"text": line}
                response = client.post(url, json=body, headers=headers)
                if response.status_code != httpx.codes.OK:
                    print(f"(error {response.status_code}: {response.json()['error']['message']})")
                    continue
            new = client.get(url, params={"after": seen}, headers=headers).json()["messages"]
            if new:
                seen = new[-1]["seq"]
                buttons = _print_messages(new) or buttons
            if line and response.json()["state"] != "bot":
                print("(a person answers here; an empty line checks for their replies)")
