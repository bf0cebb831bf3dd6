"""``POST /telegram/webhook``: Telegram's updates, on the gateway, in webhook mode.

Telegram sends the secret it was given with ``setWebhook`` in the header
``X-Telegram-Bot-Api-Secret-Token``; it is compared in constant time and any other call
is refused with 403. The update goes through the same handlers as with long polling.
While the gateway runs, the router's lifespan keeps the Telegram channel (and its outbox)
running and, when ``ASSISTANT_TELEGRAM_WEBHOOK_URL`` is set, registers the webhook.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse

from bot.settings import Settings
from bot.telegram.application import ALLOWED_UPDATES, TelegramChannel

__all__ = ["SECRET_HEADER", "enabled", "webhook_router"]

logger = logging.getLogger(__name__)

#: The header Telegram sends the webhook's secret in.
SECRET_HEADER: Final = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name


def enabled(settings: Settings) -> bool:
    """Whether the gateway takes Telegram's updates (a token, in webhook mode)."""
    return bool(settings.telegram_token) and settings.telegram_mode == "webhook"


def _refused(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def webhook_router(settings: Settings) -> APIRouter:
    """The webhook route, with a lifespan that runs the Telegram channel beside the gateway.

    The gateway's own lifespan (runtime, assistant, photos) is entered first.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        channel = TelegramChannel(
            settings, app.state.runtime, app.state.assistant, app.state.photos, polling=False
        )
        async with channel:
            if settings.telegram_webhook_url:
                await channel.application.bot.set_webhook(
                    settings.telegram_webhook_url,
                    secret_token=settings.telegram_webhook_secret or None,
                    allowed_updates=ALLOWED_UPDATES,
                )
            app.state.telegram = channel
            yield

    router = APIRouter(lifespan=lifespan)

    @router.post("/telegram/webhook", include_in_schema=False)
    async def telegram_webhook(request: Request) -> Response:
        expected = settings.telegram_webhook_secret.encode()
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not expected or not hmac.compare_digest(given, expected):
            logger.warning("refused a Telegram webhook call without the secret")
            return _refused(403, "forbidden", "The webhook's secret token is missing or wrong.")
        try:
            data = json.loads(await request.body())
        except ValueError:
            return _refused(400, "invalid_update", "The body is not a JSON update.")
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return _refused(400, "invalid_update", "The body is not a Telegram update.")
        channel: TelegramChannel = request.app.state.telegram
        await channel.process(data)
        return Response(status_code=200)

    return router
