"""What agents look up beside the chat, under the agent API's prefix.

Suggested articles, callback tickets, bookings, complaints, and (for supervisors) the
audit log.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Final

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from bot import agents
from bot.complaints import get_complaint
from bot.conversations.photos import photos_in, read_photo
from bot.db import UowFactory
from bot.gateway.agent_auth import CurrentAgent, Supervisor, now, uow_factory
from bot.gateway.agent_schemas import (
    AuditEntryOut,
    AuditOut,
    BookingOut,
    CallbackOut,
    CallbacksOut,
    ComplaintOut,
    SuggestionOut,
    SuggestionsOut,
)
from bot.gateway.agent_views import summary_out
from bot.gateway.errors import Refusal
from bot.gateway.routes import photo_response
from bot.gateway.schemas import MAX_ID, AttachmentOut, ErrorOut
from bot.handoff.callbacks import CallbackView, complete_callback, open_callbacks
from bot.handoff.casefile import latest_customer_text
from bot.handoff.listing import get_handoff
from bot.knowledge import KnowledgeSource
from bot.language import detect_language, is_language
from bot.live.customer_stream import agent_photo_url
from bot.repairs import get_booking

__all__ = ["MAX_SUGGESTIONS", "router"]

#: Articles suggested at most for one message.
MAX_SUGGESTIONS: Final = 3

router = APIRouter()  # included in the agent API's router, whose tag it takes

_AUTH: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "No valid session."},
    422: {"model": ErrorOut, "description": "Malformed request."},
}
Uow = Annotated[UowFactory, Depends(uow_factory)]
Reference = Annotated[str, Path(min_length=3, max_length=32)]


def _not_found(what: str, reference: str) -> Refusal:
    return Refusal(404, f"{what}_not_found", f"no {what} {reference}")


@router.get(
    "/handoffs/{handoff_id}/suggestions",
    response_model=SuggestionsOut,
    responses={**_AUTH, 404: {"model": ErrorOut, "description": "No such handoff."}},
)
def suggestions(
    handoff_id: Annotated[int, Path(ge=1, le=MAX_ID)], _: CurrentAgent, request: Request, uow: Uow
) -> SuggestionsOut:
    """The knowledge articles that best answer what the customer asks now.

    That is the latest message the customer typed since asking for a person, or else
    what they wanted when they asked (the summary's ``wants``). Each answer is rendered
    in the customer's language, ready to insert in the reply.
    """
    view = get_handoff(uow, handoff_id)
    said = (
        None
        if view.conversation_id is None
        else latest_customer_text(uow, view.conversation_id, since=view.created_at)
    )
    question = said or (view.details.wants if view.details is not None else view.summary)
    known = view.language if view.language is not None and is_language(view.language) else None
    language = known or detect_language(question, None)
    source: KnowledgeSource = request.app.state.knowledge
    details = view.details
    matches = source.index().search(
        question,
        language,
        category=None if details is None else details.category,
        model=None if details is None else details.model,
        limit=MAX_SUGGESTIONS,
    )
    return SuggestionsOut(
        items=[
            SuggestionOut(
                article_id=match.article.id,
                title=match.article.title(language),
                text=match.article.answer(language),
            )
            for match in matches
            if match.score > 0
        ]
    )


def _callback_out(view: CallbackView) -> CallbackOut:
    values = asdict(view)
    values["summary"] = summary_out(view.details)
    del values["details"]
    return CallbackOut.model_validate(values)


@router.get("/callbacks", response_model=CallbacksOut, responses=_AUTH)
def callbacks(_: CurrentAgent, uow: Uow) -> CallbacksOut:
    """Open callback tickets, oldest first: call these customers back."""
    return CallbacksOut(items=[_callback_out(view) for view in open_callbacks(uow)])


@router.post(
    "/callbacks/{reference}/done",
    response_model=CallbackOut,
    responses={**_AUTH, 404: {"model": ErrorOut, "description": "No open ticket of that name."}},
)
def callback_done(
    reference: Reference, principal: CurrentAgent, request: Request, uow: Uow
) -> CallbackOut:
    """Marks a callback ticket done by the calling agent."""
    view = complete_callback(uow, reference, principal.agent.username, now=now(request))
    return _callback_out(view)


@router.get(
    "/bookings/{reference}",
    response_model=BookingOut,
    responses={**_AUTH, 404: {"model": ErrorOut, "description": "No such booking."}},
)
def booking(reference: Reference, _: CurrentAgent, uow: Uow) -> BookingOut:
    """A repair visit by its reference (``RV-…``)."""
    found = get_booking(uow, reference.strip().upper())
    if found is None:
        raise _not_found("booking", reference)
    values = asdict(found)
    values.update(window_start=found.window.start, window_end=found.window.end)
    values.update(photos=_photos(uow, found.conversation_id))
    return BookingOut.model_validate(values)


@router.get(
    "/complaints/{reference}",
    response_model=ComplaintOut,
    responses={**_AUTH, 404: {"model": ErrorOut, "description": "No such complaint."}},
)
def complaint(reference: Reference, _: CurrentAgent, uow: Uow) -> ComplaintOut:
    """A complaint by its reference (``CP-…``)."""
    found = get_complaint(uow, reference.strip().upper())
    return ComplaintOut.model_validate(
        {**asdict(found), "photos": _photos(uow, found.conversation_id)}
    )


def _photos(uow: UowFactory, conversation_id: str | None) -> list[AttachmentOut]:
    return [
        AttachmentOut(
            id=photo.id,
            url=agent_photo_url(photo.id),
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
        )
        for photo in photos_in(uow, conversation_id)
    ]


@router.get(
    "/audit",
    response_model=AuditOut,
    responses={**_AUTH, 403: {"model": ErrorOut, "description": "Not a supervisor (forbidden)."}},
)
def audit(
    _: Supervisor,
    uow: Uow,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AuditOut:
    """The audit log (supervisors): logins, claims, replies, notes, transfers, resolutions."""
    entries = agents.audit_log(uow, offset=offset, limit=limit)
    return AuditOut(
        items=[AuditEntryOut.model_validate(asdict(entry)) for entry in entries],
        offset=offset,
        limit=limit,
    )


@router.get(
    "/attachments/{attachment_id}",
    response_class=Response,
    responses={**_AUTH, 404: {"model": ErrorOut, "description": "No such photo."}},
)
def attachment(
    attachment_id: Annotated[str, Path(max_length=64)],
    _: CurrentAgent,
    request: Request,
    uow: Uow,
) -> Response:
    """A photo a customer sent, served as an image only."""
    photo, data = read_photo(uow, request.app.state.photos, attachment_id)
    return photo_response(photo.content_type, data)
