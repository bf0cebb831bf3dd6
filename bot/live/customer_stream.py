"""The customer's live stream of one conversation.

Events, in order of what happened:

* ``state``: ``{"state": "bot"|"waiting"|"agent"|"closed"}``, first on connecting and
  then whenever the conversation's state differs from the last one sent;
* ``message``: one message, exactly as an item of ``GET …/messages`` (with ``author``,
  the agent's display name for an agent's message); its event id is the message's
  ``seq``, so a reconnecting browser's ``Last-Event-ID`` resumes after it;
* ``: keep-alive`` comments after 15 s of silence.

The stream ends when the client disconnects or the conversation is removed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Final

from starlette.concurrency import run_in_threadpool

from bot.clock import Clock, SystemClock
from bot.conversations import journal
from bot.conversations.model import MessageView
from bot.conversations.models import Conversation
from bot.db import UowFactory
from bot.live.feed import ChangeFeed
from bot.live.pacing import Pacing
from bot.live.sse import KEEP_ALIVE, json_event
from bot.live.typing import Typing, TypingBoard

__all__ = [
    "BATCH",
    "CustomerSnapshot",
    "agent_photo_url",
    "customer_events",
    "customer_photo_url",
    "message_payload",
    "read_conversation",
]

#: The most messages read at once; a longer backlog is sent over several reads.
BATCH: Final = 200


@dataclass(frozen=True)
class CustomerSnapshot:
    """What the stream reads each time: the state and the messages after its cursor."""

    state: str
    messages: list[MessageView]


def read_conversation(
    uow_factory: UowFactory, conversation_id: str, after: int
) -> CustomerSnapshot | None:
    """Returns the conversation's state and messages after ``after``, or ``None`` if gone."""
    with uow_factory() as uow:
        conversation = uow.session.get(Conversation, conversation_id)
        if conversation is None:
            return None
        messages = journal.message_views(uow.session, conversation_id, after=after, limit=BATCH)
        return CustomerSnapshot(state=conversation.state, messages=messages)


def message_payload(view: MessageView, photo_url: Callable[[str], str]) -> dict[str, object]:
    """The JSON of one message, as ``GET …/messages`` serves it (``MessageOut``).

    Args:
        view: The message.
        photo_url: The URL a photo is read from, by its identifier (the customer's and
            the agents' differ).
    """
    return {
        "seq": view.seq,
        "sender": view.sender,
        "text": view.text,
        "buttons": [button.as_dict() for button in view.buttons],
        "at": view.at.isoformat().replace("+00:00", "Z"),
        "author": view.author,
        "attachments": [
            {
                "id": photo.id,
                "url": photo_url(photo.id),
                "content_type": photo.content_type,
                "width": photo.width,
                "height": photo.height,
            }
            for photo in view.photos
        ],
    }


def customer_photo_url(conversation_id: str) -> Callable[[str], str]:
    """Where the customer reads the photos of a conversation (with their token)."""
    return lambda photo_id: f"/api/v1/conversations/{conversation_id}/attachments/{photo_id}"


def agent_photo_url(photo_id: str) -> str:
    """Where agents read a photo."""
    return f"/api/v1/agent/attachments/{photo_id}"


async def customer_events(
    uow_factory: UowFactory,
    feed: ChangeFeed,
    conversation_id: str,
    *,
    after: int = 0,
    pacing: Pacing | None = None,
    typing: TypingBoard | None = None,
    clock: Clock | None = None,
) -> AsyncIterator[str]:
    """Yields the conversation's events as SSE frames until the client goes.

    Args:
        uow_factory: Makes a unit of work for each read (run in a worker thread).
        feed: Wakes the stream when this process writes something.
        conversation_id: The conversation, already authorised by the caller.
        after: Send only messages with a greater ``seq``.
        pacing: Poll interval, keep-alive, disconnect check and a test-only stop.
        typing: Who is typing (an agent): sent as ``typing`` events ``{"author"}``.
        clock: Tells the time typing marks are read at.
    """
    pace = pacing or Pacing()
    cursor = after
    last_state: str | None = None
    last_typing: Typing | None = None
    now = (clock or SystemClock()).now
    while not await pace.is_disconnected():
        seen = feed.version
        snapshot = await run_in_threadpool(read_conversation, uow_factory, conversation_id, cursor)
        if snapshot is None:
            return
        frames = []
        if snapshot.state != last_state:
            last_state = snapshot.state
            frames.append(json_event({"state": snapshot.state}, event="state"))
        for view in snapshot.messages:
            cursor = view.seq
            payload = message_payload(view, customer_photo_url(conversation_id))
            frames.append(json_event(payload, event="message", event_id=str(cursor)))
        typist = typing.current(conversation_id, now()) if typing is not None else None
        if typist is not None and typist != last_typing:
            last_typing = typist
            frames.append(json_event({"author": typist.who}, event="typing"))
        for frame in frames:
            yield frame
            pace.sent(1)
            if pace.finished():
                return
        if not frames and pace.keep_alive_due():
            yield KEEP_ALIVE
        if len(snapshot.messages) < BATCH:
            await feed.wait(pace.poll_seconds, since=seen)
