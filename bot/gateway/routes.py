"""The conversation API: ``/api/v1/conversations``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Final

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Request, status

from bot.conversations import Button, ConversationService, InvalidTokenError
from bot.gateway.schemas import (
    ButtonOut,
    ConversationCreated,
    ErrorOut,
    MessageIn,
    MessageOut,
    MessagesOut,
    ReplyOut,
    StartConversationIn,
    TurnOut,
)

__all__ = ["CHANNEL", "router"]

#: The channel of every conversation and message that comes through this API.
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
    started = service.start(language=body.language if body else None, channel=CHANNEL)
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
    conversation_id: ConversationId, body: MessageIn, service: Service, token: Token
) -> TurnOut:
    """Sends a customer message (text, or an offered button's payload) and returns the replies."""
    service.authorise(conversation_id, token)
    result = service.post(conversation_id, text=body.text, payload=body.payload, channel=CHANNEL)
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
    after: Annotated[int, Query(ge=0, description="Only messages with a greater seq.")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> MessagesOut:
    """Returns the conversation's messages after ``seq`` = ``after``, oldest first."""
    service.authorise(conversation_id, token)
    views = service.history(conversation_id, after=after, limit=limit)
    return MessagesOut(
        messages=[
            MessageOut(
                seq=v.seq,
                sender=v.sender,
                text=v.text,
                buttons=_buttons(v.buttons),
                at=v.at,
                author=v.author,
            )
            for v in views
        ]
    )
