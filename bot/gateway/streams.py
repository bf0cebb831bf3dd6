"""The live streams (server-sent events) for customers and for agents.

``GET /api/v1/conversations/{id}/stream`` is the customer's: authorised by the
conversation's bearer token (``Authorization`` header, or ``?token=`` for a browser's
``EventSource``, which cannot send headers); it resumes after the ``seq`` in
``Last-Event-ID`` (or ``?after=``; the header wins). ``GET /api/v1/agent/stream`` is the
agents': authorised like the rest of the agent API; it resumes after the position in
``Last-Event-ID`` (``e<event>.m<message>.c<callback>``, see
:mod:`bot.live.agent_cursor`). Events are described in :mod:`bot.live.customer_stream`
and :mod:`bot.live.agent_stream`.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from bot.agents.presence import touch
from bot.conversations import ConversationService, InvalidTokenError
from bot.db import UowFactory
from bot.gateway.agent_auth import CurrentAgent
from bot.gateway.errors import error_response
from bot.gateway.schemas import MAX_ID, ErrorOut
from bot.live.agent_cursor import AgentCursor, InvalidCursorError
from bot.live.agent_stream import Watcher, agent_events
from bot.live.customer_stream import customer_events
from bot.live.feed import ChangeFeed
from bot.live.pacing import Pacing

__all__ = ["router"]

router = APIRouter()

#: Headers that keep proxies from buffering or caching a stream.
STREAM_HEADERS: Final = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _stream_doc(description: str) -> dict[int | str, dict[str, object]]:
    return {
        200: {
            "description": description,
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        401: {"model": ErrorOut, "description": "Missing or wrong credentials."},
        422: {"model": ErrorOut, "description": "Malformed request (a bad Last-Event-ID)."},
    }


def _state(request: Request) -> tuple[UowFactory, ChangeFeed]:
    uow_factory: UowFactory = request.app.state.runtime.uow_factory
    feed: ChangeFeed = request.app.state.feed
    return uow_factory, feed


def _bad_position() -> Response:
    return error_response(422, "invalid_request", "Last-Event-ID is not a position of this stream")


@router.get(
    "/api/v1/conversations/{conversation_id}/stream",
    tags=["conversations"],
    response_class=StreamingResponse,
    responses=_stream_doc(
        "Server-sent events: `state` ({state}) first and on every change; `message` "
        "(one item of GET …/messages, id = seq) for each new message; `typing` "
        "({author}) while an agent types (show it for a few seconds); `: keep-alive` "
        "comments every 15 s."
    ),
)
async def customer_stream(
    request: Request,
    conversation_id: Annotated[str, Path(max_length=64)],
    token: Annotated[str | None, Query(description="The bearer token, for EventSource.")] = None,
    after: Annotated[
        int, Query(ge=0, le=MAX_ID, description="Only messages with a greater seq.")
    ] = 0,
    authorization: Annotated[str | None, Header()] = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> Response:
    """Streams the conversation's state and messages as they happen."""
    scheme, _, header_token = (authorization or "").partition(" ")
    presented = header_token.strip() if scheme.lower() == "bearer" else ""
    presented = presented or (token or "").strip()
    if not presented:
        raise InvalidTokenError("missing bearer token")
    service: ConversationService = request.app.state.conversations
    await run_in_threadpool(service.authorise, conversation_id, presented)
    if last_event_id is not None:
        if not last_event_id.strip().isdigit():
            return _bad_position()
        after = int(last_event_id)
    uow_factory, feed = _state(request)
    events = customer_events(
        uow_factory,
        feed,
        conversation_id,
        after=after,
        pacing=Pacing(is_disconnected=request.is_disconnected),
        typing=request.app.state.typing,
        clock=request.app.state.runtime.clock,
    )
    return StreamingResponse(events, media_type="text/event-stream", headers=STREAM_HEADERS)


@router.get(
    "/api/v1/agent/stream",
    tags=["agents"],
    response_class=StreamingResponse,
    responses=_stream_doc(
        "Server-sent events: `ready` first; `queue` (the handoff list item after the "
        "change, with `action`) for every change in the queue the agent may see; "
        "`message` (with `handoff_id`) for messages of conversations the agent holds or "
        "that wait; `callback` for new callback tickets; `: keep-alive` comments every "
        "15 s. Each id is the position `e<event>.m<message>.c<callback>`: send it back "
        "as Last-Event-ID to resume."
    ),
)
async def agent_stream(
    request: Request,
    principal: CurrentAgent,
    last_event_id: Annotated[str | None, Header()] = None,
) -> Response:
    """Streams the queue's changes and the messages of the agent's conversations."""
    cursor = None
    if last_event_id is not None:
        try:
            cursor = AgentCursor.parse(last_event_id)
        except InvalidCursorError:
            return _bad_position()
    uow_factory, feed = _state(request)
    agent = principal.agent
    clock = request.app.state.runtime.clock
    watcher = Watcher(agent.username, agent.role, agent.languages, agent.skills)

    def seen() -> None:
        touch(uow_factory, agent.username, now=clock.now())

    events = agent_events(
        uow_factory,
        feed,
        watcher,
        now=clock.now,
        cursor=cursor,
        on_alive=seen,
        pacing=Pacing(is_disconnected=request.is_disconnected),
    )
    return StreamingResponse(events, media_type="text/event-stream", headers=STREAM_HEADERS)
