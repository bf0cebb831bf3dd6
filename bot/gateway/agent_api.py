"""The agent API: ``/api/v1/agent`` — log in, the queue, and working a handoff.

Authentication is a session's bearer token or the console's cookie (with CSRF), see
:mod:`bot.gateway.agent_auth`. Reading bookings, complaints, callbacks, suggestions and
the audit log is in :mod:`bot.gateway.agent_lookups`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Final, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response, status

from bot import agents, handoff
from bot.db import UowFactory
from bot.gateway import agent_lookups
from bot.gateway.agent_auth import CurrentAgent, now, uow_factory
from bot.gateway.agent_schemas import (
    AgentOut,
    HandoffDetailOut,
    HandoffItemOut,
    HandoffsOut,
    LoginIn,
    NoteOut,
    PresenceIn,
    ResolveIn,
    SentOut,
    SessionOut,
    TextIn,
    TransferIn,
)
from bot.gateway.agent_views import agent_out, detail_out, item_out
from bot.gateway.errors import Refusal
from bot.gateway.schemas import MAX_ID, ErrorOut
from bot.handoff.casefile import case_file
from bot.handoff.listing import get_handoff, handoffs_by_status, held_count
from bot.handoff.notes import add_note
from bot.handoff.routing import has_room, routed
from bot.live.typing import TypingBoard

__all__ = ["ERRORS", "PREFIX", "router"]

PREFIX: Final = "/api/v1/agent"

router = APIRouter(prefix=PREFIX, tags=["agents"])


def _error(description: str) -> dict[str, object]:
    return {"model": ErrorOut, "description": description}


#: The refusals every authenticated route may answer.
ERRORS: dict[int | str, dict[str, object]] = {
    401: _error("No valid session (code unauthorised, or session_expired)."),
    403: _error("A cookie-authenticated change without a valid X-CSRF-Token (csrf_failed)."),
    422: _error("Malformed request."),
}
_HANDOFF_ERRORS: dict[int | str, dict[str, object]] = {
    **ERRORS,
    404: _error("No such handoff (handoff_not_found)."),
    409: _error("The handoff is closed (handoff_not_open)."),
}
_HELD_ERRORS: dict[int | str, dict[str, object]] = {
    **_HANDOFF_ERRORS,
    403: _error("Another agent, or nobody, holds it (not_your_conversation); or csrf_failed."),
}

Uow = Annotated[UowFactory, Depends(uow_factory)]
HandoffId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.post(
    "/session",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionOut,
    responses={
        401: _error("Wrong username or password, or a disabled account (login_refused)."),
        422: _error("Malformed request."),
        429: _error("Too many failed logins; see Retry-After (login_throttled)."),
    },
)
def log_in(body: LoginIn, request: Request, uow: Uow) -> SessionOut:
    """Logs an agent in and returns a bearer token for the API."""
    hours = request.app.state.runtime.settings.agent_session_hours
    opened = agents.open_session(
        uow,
        body.username,
        body.password,
        kind="bearer",
        now=now(request),
        lifetime=timedelta(hours=hours),
    )
    principal = opened.principal
    return SessionOut(
        token=opened.token,
        csrf_token=principal.csrf_token,
        expires_at=principal.expires_at,
        agent=agent_out(principal.agent),
    )


@router.delete("/session", status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS)
def log_out(principal: CurrentAgent, request: Request, uow: Uow) -> Response:
    """Logs out: the session's token opens nothing any more."""
    agents.revoke_session(uow, principal, now=now(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", response_model=AgentOut, responses=ERRORS)
def me(principal: CurrentAgent) -> AgentOut:
    """The calling agent's account."""
    return agent_out(principal.agent)


@router.put("/me/presence", response_model=AgentOut, responses=ERRORS)
def set_presence(body: PresenceIn, principal: CurrentAgent, request: Request, uow: Uow) -> AgentOut:
    """Goes online or away, and optionally sets how many conversations one holds at once."""
    agent = agents.set_presence(
        uow, principal.agent.username, body.presence, capacity=body.capacity, now=now(request)
    )
    return agent_out(agent)


@router.get("/handoffs", response_model=HandoffsOut, responses=ERRORS)
def list_handoffs(
    principal: CurrentAgent,
    request: Request,
    uow: Uow,
    status: Literal["waiting", "agent", "resolved"] = "waiting",
    mine: Annotated[bool, Query(description="Only those the caller holds or held.")] = False,
) -> HandoffsOut:
    """Lists handoffs by status; waiting ones are routed by the caller's languages."""
    agent = principal.agent
    views = handoffs_by_status(uow, status, agent=agent.username if mine else None)
    if status == handoff.models.WAITING:
        views = routed(views, agent.role, agent.languages)
    moment = now(request)
    return HandoffsOut(items=[item_out(view, principal, moment) for view in views])


@router.get("/handoffs/{handoff_id}", response_model=HandoffDetailOut, responses=_HANDOFF_ERRORS)
def read_handoff(
    handoff_id: HandoffId, principal: CurrentAgent, request: Request, uow: Uow
) -> HandoffDetailOut:
    """A handoff with its summary, transcript, private notes and the customer's history."""
    return detail_out(case_file(uow, handoff_id), principal, now(request))


@router.post(
    "/handoffs/{handoff_id}/claim",
    response_model=HandoffItemOut,
    responses={
        **_HANDOFF_ERRORS,
        409: _error(
            "Someone else claimed it first (already_claimed, naming the holder); the caller "
            "holds as many as their capacity (at_capacity); or it is closed (handoff_not_open)."
        ),
    },
)
def claim(
    handoff_id: HandoffId, principal: CurrentAgent, request: Request, uow: Uow
) -> HandoffItemOut:
    """Takes a waiting handoff; when several agents claim at once, exactly one gets it."""
    agent = principal.agent
    get_handoff(uow, handoff_id)  # an unknown one is a 404 whatever the capacity
    if not has_room(held_count(uow, agent.username), agent.capacity):
        raise agents.AtCapacity(agent.capacity)
    moment = now(request)
    view = handoff.claim(uow, handoff_id, agent.username, now=moment)
    return item_out(view, principal, moment)


@router.post(
    "/handoffs/{handoff_id}/messages",
    status_code=status.HTTP_201_CREATED,
    response_model=SentOut,
    responses=_HELD_ERRORS,
)
def reply(
    handoff_id: HandoffId, body: TextIn, principal: CurrentAgent, request: Request, uow: Uow
) -> SentOut:
    """Sends a message to the customer, under the agent's display name."""
    agent = principal.agent
    seq = handoff.agent_reply(
        uow, handoff_id, agent.username, agent.display_name, body.text, now=now(request)
    )
    return SentOut(seq=seq)


@router.post(
    "/handoffs/{handoff_id}/typing",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=_HELD_ERRORS,
)
def typing(handoff_id: HandoffId, principal: CurrentAgent, request: Request, uow: Uow) -> Response:
    """Shows the customer that the agent is typing (for a few seconds; nothing is stored)."""
    agent = principal.agent
    view = get_handoff(uow, handoff_id)
    if view.status != "agent" or view.agent != agent.username:
        raise handoff.NotYourConversation(handoff_id, view.agent)
    if view.conversation_id is not None:
        board: TypingBoard = request.app.state.typing
        board.mark(view.conversation_id, agent.display_name, now(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/handoffs/{handoff_id}/notes",
    status_code=status.HTTP_201_CREATED,
    response_model=NoteOut,
    responses=_HANDOFF_ERRORS,
)
def note(
    handoff_id: HandoffId, body: TextIn, principal: CurrentAgent, request: Request, uow: Uow
) -> NoteOut:
    """Adds a private note for colleagues; the customer never sees it."""
    added = add_note(uow, handoff_id, principal.agent.username, body.text, now=now(request))
    return NoteOut(id=added.id, author=added.author, text=added.text, at=added.at)


@router.post(
    "/handoffs/{handoff_id}/transfer",
    response_model=HandoffItemOut,
    responses={
        **_HELD_ERRORS,
        422: _error("Unknown or disabled agent, or the caller themselves (unknown_agent)."),
    },
)
def transfer(
    handoff_id: HandoffId,
    body: TransferIn,
    principal: CurrentAgent,
    request: Request,
    uow: Uow,
) -> HandoffItemOut:
    """Passes the handoff to another agent, or back to the queue (``to`` = null)."""
    target = None
    if body.to is not None:
        try:
            target = agents.get_agent(uow, body.to)
        except agents.AgentNotFound:
            target = None
        if target is None or not target.active:
            raise Refusal(422, "unknown_agent", f"no active agent named {body.to!r}")
    moment = now(request)
    view = handoff.transfer(
        uow,
        handoff_id,
        principal.agent.username,
        to_agent=None if target is None else target.username,
        now=moment,
    )
    return item_out(view, principal, moment)


@router.post(
    "/handoffs/{handoff_id}/resolve", response_model=HandoffItemOut, responses=_HELD_ERRORS
)
def resolve(
    handoff_id: HandoffId,
    principal: CurrentAgent,
    request: Request,
    uow: Uow,
    body: Annotated[ResolveIn | None, Body()] = None,
) -> HandoffItemOut:
    """Ends the handoff: the bot takes the conversation back and asks for a rating."""
    moment = now(request)
    close = body.close if body is not None else False
    handoff.resolve(uow, handoff_id, principal.agent.username, now=moment, close=close)
    request.app.state.after_resolve(handoff_id)
    return item_out(get_handoff(uow, handoff_id), principal, moment)


router.include_router(agent_lookups.router)
