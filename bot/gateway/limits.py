"""Refuses request bodies over a size limit before they are read into memory."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.asgi_errors import send_error

__all__ = ["BodySizeLimitMiddleware"]


class _TooLargeError(HTTPException):
    """Raised while a body is read; FastAPI passes HTTP exceptions to their handler."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"the request body must not exceed {max_bytes} bytes")


class BodySizeLimitMiddleware:
    """Answers 413 to any request whose body exceeds ``max_bytes``.

    Checks the declared ``Content-Length`` first, then counts the bytes of bodies sent
    without one (chunked). Photo uploads (paths ending in ``/attachments``) may be as
    large as ``upload_bytes``.

    Args:
        app: The application to protect.
        max_bytes: Largest body accepted.
        upload_bytes: Largest photo upload accepted (``max_bytes`` if smaller).
    """

    def __init__(self, app: ASGIApp, max_bytes: int, upload_bytes: int = 0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = max(upload_bytes, max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handles one ASGI connection."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = str(scope.get("path", "")).endswith("/attachments")
        limit = self.upload_bytes if upload else self.max_bytes
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(send, limit)
            return

        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLargeError(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLargeError:
            if not started:
                await self._refuse(send, limit)

    async def _refuse(self, send: Send, limit: int) -> None:
        await send_error(
            send, 413, "request_too_large", f"the request body must not exceed {limit} bytes"
        )
