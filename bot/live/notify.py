"""Wakes the live streams after every request that may have written something."""

from __future__ import annotations

from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.live.feed import ChangeFeed

__all__ = ["NotifyOnWriteMiddleware"]

_READS: Final = frozenset({"GET", "HEAD", "OPTIONS"})


class NotifyOnWriteMiddleware:
    """Calls ``app.state.feed.notify()`` once a non-GET request has been answered.

    The route has committed by the time its answer starts, so the streams woken then
    read the change at once; a second notification when the answer ends covers the
    routes that write while streaming their answer.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Passes the request on; notifies the app's feed, if any, for a write."""
        if scope["type"] != "http" or scope["method"] in _READS:
            await self.app(scope, receive, send)
            return
        feed = getattr(getattr(scope.get("app"), "state", None), "feed", None)
        if not isinstance(feed, ChangeFeed):
            await self.app(scope, receive, send)
            return

        async def send_and_notify(message: Message) -> None:
            if message["type"] == "http.response.start":
                feed.notify()
            await send(message)

        try:
            await self.app(scope, receive, send_and_notify)
        finally:
            feed.notify()
