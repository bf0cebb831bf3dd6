"""The JSON error answer, sent by ASGI middlewares (gateway, widget) that refuse a request."""

from __future__ import annotations

import json
from collections.abc import Sequence

from starlette.types import Send

__all__ = ["send_error"]


async def send_error(
    send: Send,
    status: int,
    code: str,
    message: str,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    """Sends ``{"error": {"code", "message"}}`` with this status and extra headers."""
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
