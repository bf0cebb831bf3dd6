"""Turns domain exceptions and malformed requests into JSON error answers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.conversations import (
    AssistantUnavailableError,
    ConversationNotFoundError,
    InvalidTokenError,
    PayloadNotOfferedError,
)

__all__ = ["error_response", "install_error_handlers"]

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

    @app.exception_handler(AssistantUnavailableError)
    async def _unavailable(_: Request, __: AssistantUnavailableError) -> JSONResponse:
        return error_response(
            503,
            "assistant_unavailable",
            "your message is saved, but the assistant cannot answer right now; "
            "please try again in a moment",
            {"Retry-After": "5"},
        )
