"""Turns domain exceptions and malformed requests into JSON error answers."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot import agents, handoff
from bot.attachments import ImageRejected
from bot.complaints import ComplaintNotFound
from bot.conversations import (
    AssistantUnavailableError,
    ConversationBusyError,
    ConversationNotFoundError,
    IdempotencyKeyReusedError,
    InvalidTokenError,
    PayloadNotOfferedError,
)
from bot.conversations.photos import PhotoNotFound
from bot.handoff.callbacks import CallbackNotFound

__all__ = ["Refusal", "error_response", "install_error_handlers"]

logger = logging.getLogger(__name__)

_UNAUTHORISED = "a valid bearer token for this conversation is required"


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """Builds the JSON error answer ``{"error": {"code", "message"}}``."""
    return JSONResponse(
        status_code=status, content={"error": {"code": code, "message": message}}, headers=headers
    )


def unauthorised() -> JSONResponse:
    """The 401 answer; it says nothing about the conversation."""
    return error_response(401, "unauthorised", _UNAUTHORISED, {"WWW-Authenticate": "Bearer"})


class Refusal(Exception):  # noqa: N818 - a refusal, not a fault
    """A request refused by the web layer itself (a wrong CSRF token, a missing role…).

    Args:
        status: The HTTP status.
        code: The error's code.
        message: What went wrong, for people.
        headers: Extra response headers.
    """

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


#: The agent API's domain refusals: status and code of each exception.
_AGENT_REFUSALS: dict[type[Exception], tuple[int, str]] = {
    agents.LoginRefused: (401, "login_refused"),
    agents.SessionUnknown: (401, "unauthorised"),
    agents.SessionExpired: (401, "session_expired"),
    agents.InvalidPresence: (422, "invalid_request"),
    agents.AtCapacity: (409, "at_capacity"),
    handoff.HandoffNotFound: (404, "handoff_not_found"),
    handoff.HandoffNotOpen: (409, "handoff_not_open"),
    handoff.AlreadyClaimed: (409, "already_claimed"),
    handoff.NotYourConversation: (403, "not_your_conversation"),
    handoff.InvalidHandoff: (422, "invalid_request"),
    ComplaintNotFound: (404, "complaint_not_found"),
    CallbackNotFound: (404, "callback_not_found"),
}


def _agent_refusal(_: Request, exc: Exception) -> JSONResponse:
    status, code = _AGENT_REFUSALS[type(exc)]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    response = error_response(status, code, str(exc), headers)
    if isinstance(exc, handoff.HeldElsewhere) and code == "already_claimed":
        response = JSONResponse(
            status_code=status,
            content={"error": {"code": code, "message": str(exc), "holder": exc.holder}},
        )
    return response


def _describe(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    return "; ".join(parts) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Registers the handlers that map exceptions to HTTP answers."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", _describe(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "request_too_large"}.get(
            exc.status_code, "http_error"
        )
        return error_response(exc.status_code, code, str(exc.detail))

    for refused in _AGENT_REFUSALS:
        app.add_exception_handler(refused, _agent_refusal)

    @app.exception_handler(agents.LoginThrottled)
    async def _throttled(_: Request, exc: agents.LoginThrottled) -> JSONResponse:
        return error_response(
            429, "login_throttled", str(exc), {"Retry-After": str(exc.retry_after)}
        )

    @app.exception_handler(ImageRejected)
    async def _photo_refused(_: Request, exc: ImageRejected) -> JSONResponse:
        if exc.code == "too_large":
            return error_response(413, "attachment_too_large", str(exc))
        return error_response(415, "unsupported_attachment", str(exc))

    @app.exception_handler(PhotoNotFound)
    async def _no_photo(_: Request, __: PhotoNotFound) -> JSONResponse:
        return error_response(404, "attachment_not_found", "no such photo")

    @app.exception_handler(Refusal)
    async def _refused(_: Request, exc: Refusal) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(ConversationNotFoundError)
    async def _not_found(_: Request, __: ConversationNotFoundError) -> JSONResponse:
        return error_response(404, "conversation_not_found", "no such conversation")

    @app.exception_handler(InvalidTokenError)
    async def _bad_token(_: Request, __: InvalidTokenError) -> JSONResponse:
        return unauthorised()

    @app.exception_handler(PayloadNotOfferedError)
    async def _not_offered(_: Request, __: PayloadNotOfferedError) -> JSONResponse:
        return error_response(
            422, "payload_not_offered", "that button was not offered in this conversation"
        )

    @app.exception_handler(OperationalError)
    async def _database_down(_: Request, exc: OperationalError) -> JSONResponse:
        # Nothing is acknowledged before it is committed; the failed transaction was not.
        logger.error("the database did not answer: %s", exc.orig)
        return error_response(
            503,
            "database_unavailable",
            "the service cannot store messages right now; please send yours again in a moment",
            {"Retry-After": "5"},
        )

    @app.exception_handler(DataError)
    async def _unstorable(_: Request, exc: DataError) -> JSONResponse:
        # The schemas clean what they can; this is the last line (a value the database's
        # type refuses), answered as bad input rather than as a failure.
        logger.warning("the database refused a value: %s", exc.orig)
        return error_response(422, "invalid_value", "the request holds a value that cannot be kept")

    @app.exception_handler(PoolTimeoutError)
    async def _pool_exhausted(_: Request, exc: PoolTimeoutError) -> JSONResponse:
        logger.error("no database connection free in time: %s", exc)
        return error_response(
            503,
            "busy",
            "the service is very busy; please send your message again in a moment",
            {"Retry-After": "5"},
        )

    @app.exception_handler(IdempotencyKeyReusedError)
    async def _key_reused(_: Request, __: IdempotencyKeyReusedError) -> JSONResponse:
        return error_response(
            422,
            "idempotency_key_reused",
            "this Idempotency-Key was sent before with a different message",
        )

    @app.exception_handler(ConversationBusyError)
    async def _busy(_: Request, __: ConversationBusyError) -> JSONResponse:
        return error_response(
            503,
            "conversation_busy",
            "your previous message is still being answered; send this one again in a moment",
            {"Retry-After": "2"},
        )

    @app.exception_handler(AssistantUnavailableError)
    async def _unavailable(_: Request, __: AssistantUnavailableError) -> JSONResponse:
        return error_response(
            503,
            "assistant_unavailable",
            "your message is saved, but the assistant cannot answer right now; "
            "please try again in a moment",
            {"Retry-After": "5"},
        )
