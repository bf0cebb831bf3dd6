"""Which web sites may talk to the conversation API from a browser (the widget's embedders).

A browser names the page's origin in the ``Origin`` header of every cross-origin request
(and of same-origin writes). For the customers' conversation API — messages, the live
stream, photos — under :data:`CONVERSATIONS_PREFIX`:

* no ``Origin``, or the gateway's own origin: served as usual (no CORS headers);
* an origin listed in ``ASSISTANT_WIDGET_ORIGINS``: served with CORS headers, preflight
  included (Starlette's ``CORSMiddleware``, limited to those paths); bearer tokens, no
  cookies, so credentials are never allowed;
* any other origin: 403 ``origin_not_allowed``, saying which setting lets it in.

The agent API and the console get no CORS headers at all: they stay same-origin only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.asgi_errors import send_error

__all__ = [
    "ALLOWED_HEADERS",
    "CONVERSATIONS_PREFIX",
    "REFUSAL_MESSAGE",
    "WidgetOriginMiddleware",
    "request_origin",
]

#: The paths the widget uses, and the only ones that answer other origins.
CONVERSATIONS_PREFIX: Final = "/api/v1/conversations"
#: Request headers a listed origin may send.
ALLOWED_HEADERS: Final = ("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID")
#: Response headers a listed origin's script may read.
EXPOSED_HEADERS: Final = ("Retry-After",)
#: How long a browser may keep a preflight's answer.
PREFLIGHT_MAX_AGE_SECONDS: Final = 600
REFUSAL_MESSAGE: Final = (
    "this site is not allowed to embed the chat; add it to ASSISTANT_WIDGET_ORIGINS"
)
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}


def request_origin(scope: Scope) -> str:
    """The gateway's own origin as the browser sees it: scheme and ``Host`` header."""
    scheme = str(scope.get("scheme", "http"))
    host = Headers(scope=scope).get("host", "").strip().lower()
    name, _, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if name and port.isdigit() and int(port) == _DEFAULT_PORTS.get(scheme):
        host = name
    return f"{scheme}://{host}"


class WidgetOriginMiddleware:
    """Answers other sites' browsers on the conversation API: CORS for listed, 403 for others.

    Args:
        app: The application.
        allowed: Origins allowed to embed the widget, as browsers write them.
    """

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(allowed)
        self.cors = CORSMiddleware(
            app,
            allow_origins=sorted(self.allowed),
            allow_methods=["GET", "POST"],
            allow_headers=list(ALLOWED_HEADERS),
            expose_headers=list(EXPOSED_HEADERS),
            allow_credentials=False,
            max_age=PREFLIGHT_MAX_AGE_SECONDS,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serves, serves with CORS, or refuses one request."""
        if scope["type"] != "http" or not _is_conversation_api(str(scope.get("path", ""))):
            await self.app(scope, receive, send)
            return
        origin = Headers(scope=scope).get("origin")
        if origin is None or origin == request_origin(scope):
            await self.app(scope, receive, send)
        elif origin in self.allowed:
            await self.cors(scope, receive, send)
        else:
            await _refuse(send)


def _is_conversation_api(path: str) -> bool:
    return path == CONVERSATIONS_PREFIX or path.startswith(CONVERSATIONS_PREFIX + "/")


async def _refuse(send: Send) -> None:
    await send_error(send, 403, "origin_not_allowed", REFUSAL_MESSAGE, [(b"vary", b"Origin")])
