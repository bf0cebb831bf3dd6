"""The agents' live stream: queue changes, and messages of their conversations.

Events (the SSE id of each is the stream's position after it, see
:mod:`bot.live.agent_cursor`; ``Last-Event-ID`` resumes after it):

* ``ready``: first, ``{"agent": username}``, carrying the starting position;
* ``queue``: one per new ``handoff_events`` row the agent may see: the handoff as the
  queue lists it after the change, plus ``action``, ``actor``, ``event_id`` and ``at``.
  An ``agent`` sees the handoffs in their languages (or of unknown language), the ones
  they hold, and the ones they acted on or were given; a ``supervisor`` sees all;
* ``message``: each message newer than the stream's position (customer, bot or agent)
  of a conversation that, when read, the agent holds, or that waits for a person and
  the agent may see: the message as the conversation API serves it, plus
  ``handoff_id`` and ``conversation_id``. Messages written just before the handoff
  may come too; a console merges them into the transcript by ``seq``;
* ``callback``: each new open callback ticket in the agent's languages (all, for a
  supervisor): reference, phone, preferred time, language, channel, conversation,
  what the customer wants, category, status, created_at;
* ``: keep-alive`` comments after 15 s of silence.

Ids of rows committed by concurrent transactions may become visible out of order on
PostgreSQL; such a row is rare (two writes within the same instant) and is still shown
by the list and the conversation view on their next read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from bot.conversations import journal
from bot.conversations.models import Message
from bot.db import UowFactory
from bot.handoff import models as handoff_models
from bot.handoff.models import Callback, HandoffEvent, HandoffRequest
from bot.handoff.queue import HandoffView, handoff_view
from bot.handoff.routing import category_of, matches, sees
from bot.live.agent_cursor import AgentCursor
from bot.live.customer_stream import agent_photo_url, message_payload
from bot.live.feed import ChangeFeed
from bot.live.pacing import Pacing
from bot.live.sse import KEEP_ALIVE, json_event

__all__ = [
    "BATCH",
    "TOUCH_SECONDS",
    "AgentChanges",
    "Watcher",
    "agent_events",
    "handoff_item",
    "latest_cursor",
    "read_changes",
]

#: The most rows read from each log at once.
BATCH: Final = 200
#: How often an open stream notes that the agent is still there (``last_seen_at``).
TOUCH_SECONDS: Final = 30.0


@dataclass(frozen=True)
class Watcher:
    """Who is watching: what decides which handoffs and messages they see."""

    username: str
    role: str
    languages: tuple[str, ...]
    skills: tuple[str, ...] = ()


@dataclass
class AgentChanges:
    """What one read found: the events to send, and the position after them."""

    cursor: AgentCursor
    events: list[tuple[str, dict[str, Any], AgentCursor]] = field(default_factory=list)
    more: bool = False


def handoff_item(view: HandoffView, watcher: Watcher, now: datetime) -> dict[str, Any]:
    """A handoff as the agents' queue lists it, for this watcher, at ``now``."""
    category = category_of(view)
    return {
        "id": view.id,
        "conversation_id": view.conversation_id,
        "reason": view.reason,
        "reference": view.reference,
        "priority": view.priority,
        "status": view.status,
        "language": view.language,
        "channel": view.channel,
        "wants": view.summary if view.details is None else view.details.wants,
        "category": category,
        "waiting_seconds": max(0, int((now - view.created_at).total_seconds())),
        "agent": view.agent,
        "created_at": view.created_at.isoformat(),
        "matches": matches(watcher.languages, watcher.skills, view.language, category),
    }


def _sees_event(watcher: Watcher, row: HandoffRequest, event: HandoffEvent) -> bool:
    return (
        sees(watcher.role, watcher.languages, row.language)
        or watcher.username in (row.agent, event.actor)
        or event.detail.get("to") == watcher.username
    )


def _sees_conversation(watcher: Watcher, row: HandoffRequest) -> bool:
    if row.status == handoff_models.AGENT:
        return row.agent == watcher.username
    return sees(watcher.role, watcher.languages, row.language)


def latest_cursor(uow_factory: UowFactory) -> AgentCursor:
    """The current end of every log: a stream starting here sends only what is new."""
    with uow_factory() as uow:
        session = uow.session
        return AgentCursor(
            event=session.scalar(select(func.max(HandoffEvent.id))) or 0,
            message=session.scalar(select(func.max(Message.id))) or 0,
            callback=session.scalar(select(func.max(Callback.id))) or 0,
        )


def _queue_events(session: Session, watcher: Watcher, now: datetime, changes: AgentChanges) -> None:
    after = changes.cursor.event
    rows = session.execute(
        select(HandoffEvent, HandoffRequest)
        .join(HandoffRequest, HandoffRequest.id == HandoffEvent.handoff_id, isouter=True)
        .where(HandoffEvent.id > after)
        .order_by(HandoffEvent.id)
        .limit(BATCH)
    ).all()
    changes.more = changes.more or len(rows) == BATCH
    for event, request in rows:
        after = event.id
        if request is None or not _sees_event(watcher, request, event):
            continue
        item = handoff_item(handoff_view(request), watcher, now)
        extra = {"action": event.action, "actor": event.actor, "event_id": event.id}
        position = AgentCursor(event.id, changes.cursor.message, changes.cursor.callback)
        changes.events.append(("queue", {**item, **extra, "at": event.at.isoformat()}, position))
    changes.cursor = AgentCursor(after, changes.cursor.message, changes.cursor.callback)


def _message_events(session: Session, watcher: Watcher, changes: AgentChanges) -> None:
    after = changes.cursor.message
    open_request = and_(
        HandoffRequest.conversation_id == Message.conversation_id,
        HandoffRequest.status.in_((handoff_models.WAITING, handoff_models.AGENT)),
    )
    rows = session.execute(
        select(Message, HandoffRequest)
        .join(HandoffRequest, open_request, isouter=True)
        .where(Message.id > after)
        .order_by(Message.id, HandoffRequest.id)
        .limit(BATCH)
    ).all()
    changes.more = changes.more or len(rows) == BATCH
    sent: set[int] = set()
    shown = [
        m for m, request in rows if request is not None and _sees_conversation(watcher, request)
    ]
    views = dict(zip((m.id for m in shown), journal.views_of(session, shown), strict=True))
    for message, request in rows:
        after = message.id
        if request is None or message.id in sent or message.id not in views:
            continue
        sent.add(message.id)
        view = views[message.id]
        payload = {
            **message_payload(view, agent_photo_url),
            "handoff_id": request.id,
            "conversation_id": message.conversation_id,
        }
        position = AgentCursor(changes.cursor.event, message.id, changes.cursor.callback)
        changes.events.append(("message", payload, position))
    changes.cursor = AgentCursor(changes.cursor.event, after, changes.cursor.callback)


def _callback_events(session: Session, watcher: Watcher, changes: AgentChanges) -> None:
    after = changes.cursor.callback
    rows = session.scalars(
        select(Callback).where(Callback.id > after).order_by(Callback.id).limit(BATCH)
    ).all()
    changes.more = changes.more or len(rows) == BATCH
    for row in rows:
        after = row.id
        if row.status != "open" or not sees(watcher.role, watcher.languages, row.language):
            continue
        details = row.details or {}
        ticket = {
            "reference": row.reference,
            "phone": row.phone,
            "preferred_time": row.preferred_time,
            "language": row.language,
            "channel": row.channel,
            "conversation_id": row.conversation_id,
            "wants": details.get("wants"),
            "category": details.get("category"),
            "status": row.status,
            "created_at": row.created_at.isoformat(),
        }
        position = AgentCursor(changes.cursor.event, changes.cursor.message, row.id)
        changes.events.append(("callback", ticket, position))
    changes.cursor = AgentCursor(changes.cursor.event, changes.cursor.message, after)


def read_changes(
    uow_factory: UowFactory, watcher: Watcher, cursor: AgentCursor, now: datetime
) -> AgentChanges:
    """Reads what happened after ``cursor`` that ``watcher`` may see.

    Args:
        uow_factory: Makes the unit of work of this read.
        watcher: The agent the stream is for.
        cursor: Where the stream stands.
        now: The current time, for the waiting times.

    Returns:
        The events (queue changes, then messages, then callback tickets), each with
        the position right after it, and the position after everything read; ``more``
        when a log had more rows than one read takes.
    """
    changes = AgentChanges(cursor=cursor)
    with uow_factory() as uow:
        _queue_events(uow.session, watcher, now, changes)
        _message_events(uow.session, watcher, changes)
        _callback_events(uow.session, watcher, changes)
    return changes


async def agent_events(
    uow_factory: UowFactory,
    feed: ChangeFeed,
    watcher: Watcher,
    *,
    now: Callable[[], datetime],
    cursor: AgentCursor | None = None,
    on_alive: Callable[[], None] | None = None,
    pacing: Pacing | None = None,
) -> AsyncIterator[str]:
    """Yields the agent's events as SSE frames until the client goes.

    Args:
        uow_factory: Makes a unit of work for each read (run in a worker thread).
        feed: Wakes the stream when this process writes something.
        watcher: The authenticated agent.
        now: The clock's current time (waiting times).
        cursor: Resume after this position; by default start at the end of every log.
        on_alive: Called (in a worker thread) on connecting and every 30 s while the
            stream is open: notes that the agent is still there.
        pacing: Poll interval, keep-alive, disconnect check and a test-only stop.
    """
    pace = pacing or Pacing()
    if cursor is None:
        cursor = await run_in_threadpool(latest_cursor, uow_factory)
    touched: float | None = None
    yield json_event({"agent": watcher.username}, event="ready", event_id=str(cursor))
    pace.sent(1)
    while not pace.finished() and not await pace.is_disconnected():
        if on_alive is not None and (
            touched is None or pace.monotonic() - touched >= TOUCH_SECONDS
        ):
            touched = pace.monotonic()
            await run_in_threadpool(on_alive)
        seen = feed.version
        changes = await run_in_threadpool(read_changes, uow_factory, watcher, cursor, now())
        frames = [
            json_event(data, event=kind, event_id=str(position))
            for kind, data, position in changes.events
        ]
        cursor = changes.cursor
        for frame in frames:
            yield frame
            pace.sent(1)
            if pace.finished():
                return
        if not frames and pace.keep_alive_due():
            yield KEEP_ALIVE
        if not changes.more:
            await feed.wait(pace.poll_seconds, since=seen)
