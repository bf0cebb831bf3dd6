"""The Rasa server, reached through its REST channel on loopback."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from bot.conversations import AssistantUnavailableError, Button, Reply

__all__ = ["RasaAssistant", "parse_rasa_replies"]

logger = logging.getLogger(__name__)

_HEALTH_TIMEOUT = httpx.Timeout(3.0)


def parse_rasa_replies(body: Any) -> list[Reply]:
    """Turns the REST channel's answer into replies.

    Args:
        body: Decoded JSON: a list of ``{"recipient_id", "text"?, "buttons"?}``.

    Returns:
        One reply per message that has text.

    Raises:
        AssistantUnavailableError: The body is not what the REST channel sends.
    """
    if not isinstance(body, list):
        raise AssistantUnavailableError("the Rasa server sent an unexpected answer")
    replies = []
    for item in body:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        buttons = tuple(
            Button(title=str(b["title"]), payload=str(b["payload"]))
            for b in item.get("buttons") or []
            if isinstance(b, dict) and "title" in b and "payload" in b
        )
        replies.append(Reply(text=item["text"], buttons=buttons))
    return replies


class RasaAssistant:
    """Sends customer messages to Rasa and checks that Rasa and its actions are up.

    Args:
        rasa_url: Base URL of the Rasa server.
        actions_url: Base URL of the action server.
        timeout_seconds: How long one turn may take.
        api_token: The Rasa server's API token (``--auth-token``), for tracker events.
        transport: Optional httpx transport (for tests of this client).
    """

    def __init__(
        self,
        rasa_url: str,
        actions_url: str,
        timeout_seconds: float,
        api_token: str = "",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._rasa_url = rasa_url.rstrip("/")
        self._actions_url = actions_url.rstrip("/")
        self._api_token = api_token
        self._client = httpx.Client(timeout=httpx.Timeout(timeout_seconds), transport=transport)

    def close(self) -> None:
        """Closes the connection pool."""
        self._client.close()

    def respond(
        self, conversation_id: str, message: str, metadata: Mapping[str, str]
    ) -> list[Reply]:
        """Sends one customer message through the REST channel.

        The action server is checked first: Rasa answers even when its actions fail,
        with replies missing, so a turn is only attempted when both are up.

        Raises:
            AssistantUnavailableError: Rasa or the action server did not answer.
        """
        if not self.actions_ready():
            raise AssistantUnavailableError("the action server is not answering")
        try:
            response = self._client.post(
                f"{self._rasa_url}/webhooks/rest/webhook",
                json={"sender": conversation_id, "message": message, "metadata": dict(metadata)},
            )
            response.raise_for_status()
            replies = parse_rasa_replies(response.json())
        except (httpx.HTTPError, ValueError) as exc:
            logger.warning("Rasa did not answer for %s: %s", conversation_id, exc)
            raise AssistantUnavailableError("the Rasa server is not answering") from exc
        if not replies and not self.actions_ready():
            raise AssistantUnavailableError("the action server stopped answering")
        return replies

    def tell(self, conversation_id: str, events: Sequence[Mapping[str, Any]]) -> None:
        """Appends events to the conversation's tracker through Rasa's HTTP API.

        Raises:
            AssistantUnavailableError: Rasa did not take them.
        """
        try:
            response = self._client.post(
                f"{self._rasa_url}/conversations/{conversation_id}/tracker/events",
                params={"include_events": "NONE", "token": self._api_token},
                json=[dict(event) for event in events],
            )
            response.raise_for_status()
        except httpx.HTTPError as exc:
            logger.warning("Rasa did not take the events for %s: %s", conversation_id, exc)
            raise AssistantUnavailableError("the Rasa server did not take the events") from exc

    def rasa_ready(self) -> bool:
        """Tells whether the Rasa server answers (it serves only once its model loaded)."""
        return self._ok(f"{self._rasa_url}/")

    def actions_ready(self) -> bool:
        """Tells whether the action server answers its health check."""
        return self._ok(f"{self._actions_url}/health")

    def _ok(self, url: str) -> bool:
        try:
            return self._client.get(url, timeout=_HEALTH_TIMEOUT).status_code == httpx.codes.OK
        except httpx.HTTPError:
            return False
