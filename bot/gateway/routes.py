"""The conversation API: ``/api/v1/conversations``."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Annotated, Final

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from bot.conversations import Button, ConversationService, InvalidTokenError
from bot.conversations.photos import read_photo
from bot.gateway.schemas import (
    MAX_ID,
    AttachmentOut,
    ButtonOut,
    ConversationCreated,
    ErrorOut,
    MessageIn,
    MessageOut,
    MessagesOut,
    PhotoStoredOut,
    ReplyOut,
    StartConversationIn,
    TurnOut,
)
from bot.live.customer_stream import customer_photo_url, message_payload

__all__ = ["CHANNEL", "photo_response", "router"]

#: The channel of a conversation started through this API unless it names one ("web").
CHANNEL: Final = "api"

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])

_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "Missing or wrong bearer token."},
    404: {"model": ErrorOut, "description": "No such conversation."},
    413: {"model": ErrorOut, "description": "Request body too large."},
    422: {"model": ErrorOut, "description": "Malformed request."},
}


def _service(request: Request) -> ConversationService:
    service: ConversationService = request.app.state.conversations
    return service


def _bearer_token(authorization: Annotated[str | None, Header()] = None) -> str:
    """The presented bearer token; the conversation is authorised in the route itself.

    Checking it against the conversation there, after the request is validated,
    keeps a malformed request a 422 whatever the token.
    """
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidTokenError("missing bearer token")
    return token.strip()


def _buttons(buttons: Iterable[Button]) -> list[ButtonOut]:
    return [ButtonOut(title=b.title, payload=b.payload) for b in buttons]


Service = Annotated[ConversationService, Depends(_service)]
Token = Annotated[str, Depends(_bearer_token)]
ConversationId = Annotated[str, Path(max_length=64)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="Any unique string per message (a UUID): sending the same message "
        "again with the same key stores it once and answers it once, e.g. after a timeout.",
    ),
]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ConversationCreated,
    responses={422: _ERRORS[422], 413: _ERRORS[413]},
)
def start_conversation(
    service: Service, body: Annotated[StartConversationIn | None, Body()] = None
) -> ConversationCreated:
    """Starts a conversation and returns its id and bearer token."""
    started = service.start(
        language=body.language if body else None, channel=body.channel if body else CHANNEL
    )
    return ConversationCreated(conversation_id=started.conversation_id, token=started.token)


@router.post(
    "/{conversation_id}/messages",
    response_model=TurnOut,
    responses={
        **_ERRORS,
        503: {"model": ErrorOut, "description": "Assistant down; the message is stored."},
    },
)
def post_message(
    conversation_id: ConversationId,
    body: MessageIn,
    service: Service,
    token: Token,
    idempotency_key: IdempotencyKey = None,
) -> TurnOut:
    """Sends a customer message (text, or an offered button's payload) and returns the replies.

    With an ``Idempotency-Key``, a message sent again is not stored twice: if the
    assistant could not answer it before, it answers now; if it did, the same replies
    come back.
    """
    service.authorise(conversation_id, token)
    result = service.post(
        conversation_id, text=body.text, payload=body.payload, client_key=idempotency_key
    )
    return TurnOut(
        replies=[
            ReplyOut(
                text=r.text,
                buttons=_buttons(r.buttons),
            )
            for r in result.replies
        ],
        state=result.state,
    )


@router.get("/{conversation_id}/messages", response_model=MessagesOut, responses=_ERRORS)
def list_messages(
    conversation_id: ConversationId,
    service: Service,
    token: Token,
    after: Annotated[
        int, Query(ge=0, le=MAX_ID, description="Only messages with a greater seq.")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> MessagesOut:
    """Returns the conversation's messages after ``seq`` = ``after``, oldest first."""
    service.authorise(conversation_id, token)
    views = service.history(conversation_id, after=after, limit=limit)
    photo_url = customer_photo_url(conversation_id)
    return MessagesOut(
        messages=[MessageOut.model_validate(message_payload(v, photo_url)) for v in views]
    )


_PHOTO_TYPES: Final = ("image/jpeg", "image/png", "image/webp")
_BINARY: Final = {"type": "string", "format": "binary"}
_PHOTO_ERRORS: dict[int | str, dict[str, object]] = {
    **_ERRORS,
    413: {"model": ErrorOut, "description": "The photo is too large."},
    415: {"model": ErrorOut, "description": "Not a JPEG, PNG or WebP image (read by content)."},
}


@router.post(
    "/{conversation_id}/attachments",
    status_code=status.HTTP_201_CREATED,
    response_model=PhotoStoredOut,
    responses=_PHOTO_ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                t: {"schema": {"type": "string", "format": "binary"}} for t in _PHOTO_TYPES
            },
        }
    },
)
async def post_photo(
    conversation_id: ConversationId, request: Request, service: Service, token: Token
) -> PhotoStoredOut:
    """Sends a photo (of the fault, the rating plate, the invoice): the raw image is the body.

    The image is checked by its content, not its name or declared type, and re-encoded
    before it is kept; the agent and the technician see it with the customer's case.
    """
    await run_in_threadpool(service.authorise, conversation_id, token)
    data = await request.body()
    seq, photo, result = await run_in_threadpool(partial(service.attach, conversation_id, data))
    return PhotoStoredOut(
        seq=seq,
        attachment=AttachmentOut(
            id=photo.id,
            url=customer_photo_url(conversation_id)(photo.id),
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
        ),
        replies=[ReplyOut(text=r.text, buttons=_buttons(r.buttons)) for r in result.replies],
        state=result.state,
    )


@router.get(
    "/{conversation_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={**_ERRORS, 200: {"content": {t: {} for t in _PHOTO_TYPES}}},
)
def get_photo(
    conversation_id: ConversationId,
    attachment_id: Annotated[str, Path(max_length=64)],
    request: Request,
    service: Service,
    authorization: Annotated[str | None, Header()] = None,
    token: Annotated[str | None, Query(description="For <img>: the bearer token.")] = None,
) -> Response:
    """Serves one of the conversation's photos (bearer token in the header, or ``?token=``)."""
    presented = token if token else _bearer_token(authorization)
    service.authorise(conversation_id, presented)
    photo, data = read_photo(
        request.app.state.runtime.uow_factory,
        request.app.state.photos,
        attachment_id,
        conversation_id,
    )
    return photo_response(photo.content_type, data)


def photo_response(content_type: str, data: bytes) -> Response:
    """A stored photo, served so that a browser can only ever show it as an image."""
    return Response(
        content=data,
        media_type=content_type,
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": "inline",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, max-age=86400",
        },
    )
