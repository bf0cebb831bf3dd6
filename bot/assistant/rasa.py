"""The Rasa server, reached through its REST channel on loopback."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from bot.assistant.tracker_store import TrackerStore, TrackerStoreError
from bot.conversations import AssistantUnavailableError, Button, Reply

__all__ = ["RasaAssistant", "parse_rasa_replies"]

if TYPE_CHECKING:
    from bot.settings import Settings

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
        tracker_store: Rasa's tracker store, read to check that every turn reached it
            (:mod:`bot.assistant.tracker_store`); without it, nothing is checked.
        transport: Optional httpx transport (for tests of this client).
    """

    def __init__(
        self,
        rasa_url: str,
        actions_url: str,
        timeout_seconds: float,
        api_token: str = "",
        tracker_store: TrackerStore | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._rasa_url = rasa_url.rstrip("/")
        self._actions_url = actions_url.rstrip("/")
        self._api_token = api_token
        self._tracker_store = tracker_store
        self._probe_id = f"health-probe-{socket.gethostname()}-{os.getpid()}"[:255]
        self._client = httpx.Client(timeout=httpx.Timeout(timeout_seconds), transport=transport)

    @classmethod
    def from_settings(cls, settings: Settings) -> RasaAssistant:
        """The Rasa server, its action server and its tracker store the settings name."""
        from bot.runtime import open_tracker_store  # the composition root, when used

        return cls(
            str(settings.rasa_url),
            str(settings.actions_url),
            settings.rasa_timeout_seconds,
            api_token=settings.rasa_api_token,
            tracker_store=open_tracker_store(settings),
        )

    def close(self) -> None:
        """Closes the connection pool and the tracker store's connections."""
        self._client.close()
        if self._tracker_store is not None:
            self._tracker_store.close()

    def respond(
        self, conversation_id: str, message: str, metadata: Mapping[str, str]
    ) -> list[Reply]:
        """Sends one customer message through the REST channel.

        The action server is checked first: Rasa answers even when its actions fail,
        with replies missing, so a turn is only attempted when both are up. With a
        tracker store, the turn counts only if Rasa saved it there: Rasa keeps a tracker
        it could not save in its memory and carries on, which would lose the
        conversation's state unnoticed.

        Raises:
            AssistantUnavailableError: Rasa, the action server or the tracker store did
                not answer, or Rasa did not save the turn.
        """
        if not self.actions_ready():
            raise AssistantUnavailableError("the action server is not answering")
        mark = self._tracker_mark(conversation_id)
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
        if mark is not None and not self._saved(conversation_id, mark, "user"):
            logger.error(
                "Rasa answered %s without saving the turn in its tracker store", conversation_id
            )
            raise AssistantUnavailableError("the Rasa server did not save the conversation")
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

    def tracker_store_ready(self) -> bool:
        """Tells whether Rasa saves to its tracker store (not to its memory instead).

        A probe event goes through Rasa's API; it must arrive in the store's table. The
        probe's events are deleted afterwards. Without a tracker store, always true.
        """
        if self._tracker_store is None:
            return True
        try:
            mark = self._tracker_store.mark(self._probe_id)
            self.tell(self._probe_id, [{"event": "bot", "text": "health probe"}])
            saved = self._tracker_store.saved_since(self._probe_id, mark, "bot")
            self._tracker_store.erase([self._probe_id])
        except (TrackerStoreError, AssistantUnavailableError) as exc:
            logger.warning("Tracker store check failed: %s", exc)
            return False
        if not saved:
            logger.error("Rasa is not saving to its tracker store (it fell back to memory)")
        return saved

    def rasa_ready(self) -> bool:
        """Tells whether the Rasa server answers (it serves only once its model loaded)."""
        return self._ok(f"{self._rasa_url}/")

    def actions_ready(self) -> bool:
        """Tells whether the action server answers its health check."""
        return self._ok(f"{self._actions_url}/health")

    def _tracker_mark(self, conversation_id: str) -> int | None:
        if self._tracker_store is None:
            return None
        try:
            return self._tracker_store.mark(conversation_id)
        except TrackerStoreError as exc:
            logger.warning("The tracker store is not answering: %s", exc)
            raise AssistantUnavailableError("the tracker store is not answering") from exc

    def _saved(self, conversation_id: str, mark: int, type_name: str) -> bool:
        assert self._tracker_store is not None  # noqa: S101 - checked by the caller
        try:
            return self._tracker_store.saved_since(conversation_id, mark, type_name)
        except TrackerStoreError as exc:
            raise AssistantUnavailableError("the tracker store is not answering") from exc

    def _ok(self, url: str) -> bool:
        try:
            return self._client.get(url, timeout=_HEALTH_TIMEOUT).status_code == httpx.codes.OK
        except httpx.HTTPError:
            return False
