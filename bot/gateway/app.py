"""Builds the gateway application from validated settings."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from functools import partial
from typing import Final

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from bot import console
from bot.assistant import AssistantClient, RasaAssistant
from bot.attachments import PhotoFiles
from bot.conversations import ConversationService, DatabaseLocks
from bot.gateway import agent_api, health, routes, streams
from bot.gateway.errors import install_error_handlers
from bot.gateway.limits import BodySizeLimitMiddleware
from bot.gateway.rate_limits import Limit, MemoryBuckets, RateLimitMiddleware, RedisBuckets
from bot.handoff.responders import handoff_responders
from bot.handoff.resume import after_resolve
from bot.handoff.waiting import offer_callbacks
from bot.knowledge import KnowledgeSource
from bot.live import ChangeFeed, PostgresBroadcast
from bot.live.notify import NotifyOnWriteMiddleware
from bot.live.typing import TypingBoard
from bot.runtime import Runtime, build_runtime
from bot.settings import Settings
from bot.widget import WidgetOriginMiddleware
from bot.widget import router as widget_router

__all__ = ["create_app"]

logger = logging.getLogger(__name__)

#: How often waiting customers are checked for a callback offer.
CALLBACK_OFFER_INTERVAL_SECONDS: Final = 30.0


async def _offer_callbacks_forever(runtime: Runtime, app: FastAPI) -> None:
    """Offers a callback to customers who have waited too long, every half minute."""
    after = timedelta(minutes=runtime.settings.callback_offer_minutes)
    while True:
        try:
            offered = await run_in_threadpool(
                partial(offer_callbacks, runtime.uow_factory, after=after, now=runtime.clock.now())
            )
            if offered:
                app.state.feed.notify()
        except Exception:
            logger.exception("offering callbacks failed")
        await asyncio.sleep(CALLBACK_OFFER_INTERVAL_SECONDS)


def create_app(settings: Settings, *, assistant: AssistantClient | None = None) -> FastAPI:
    """Creates the gateway: conversation API, health check, OpenAPI description.

    The database engine and the Rasa client are created when the application starts
    and closed when it stops.

    Args:
        settings: Validated settings.
        assistant: The dialogue engine to talk to; by default the Rasa server the
            settings name. It is closed when the application stops.

    Returns:
        The ASGI application.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = build_runtime(settings)
        client = assistant if assistant is not None else RasaAssistant.from_settings(settings)
        uow_factory = runtime.uow_factory
        app.state.runtime = runtime
        app.state.engine = runtime.engine
        app.state.assistant = client
        photos = PhotoFiles(settings.effective_attachments_dir, settings.max_attachment_bytes)
        app.state.photos = photos
        app.state.conversations = ConversationService(
            uow_factory,
            client,
            locks=DatabaseLocks(runtime.engine, slots=settings.database_pool_size),
            responders=handoff_responders(uow_factory, client, runtime.clock, client),
            photos=photos,
            clock=runtime.clock,
        )
        feed = ChangeFeed()
        app.state.feed = feed
        broadcast = (
            PostgresBroadcast(settings.effective_database_url, feed)
            if runtime.engine.dialect.name == "postgresql"
            else None
        )
        if broadcast is not None:
            broadcast.start()
        app.state.typing = TypingBoard()
        knowledge = KnowledgeSource(settings.knowledge_base_dir)
        app.state.knowledge = knowledge
        # Built now, off the event loop, so that an agent's first suggestions come at once.
        warming = asyncio.create_task(asyncio.to_thread(knowledge.index))
        app.state.after_resolve = lambda handoff_id: after_resolve(
            uow_factory, handoff_id, tracker=client, now=runtime.clock.now()
        )
        offers = asyncio.create_task(_offer_callbacks_forever(runtime, app))
        try:
            yield
        finally:
            offers.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await offers
            with contextlib.suppress(Exception):  # an invalid base is reported when used
                await warming
            if broadcast is not None:
                await asyncio.to_thread(broadcast.close)
            client.close()
            runtime.close()
            if isinstance(app.state.buckets, RedisBuckets):
                app.state.buckets.close()

    app = FastAPI(
        title="After-sales assistant gateway",
        version="1.0.0",
        description="Conversation API of the bilingual after-sales customer-service assistant.",
        lifespan=lifespan,
    )
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        upload_bytes=settings.max_attachment_bytes,
    )
    app.add_middleware(NotifyOnWriteMiddleware)
    buckets = RedisBuckets(settings.redis_url) if settings.redis_url else MemoryBuckets()
    app.state.buckets = buckets
    app.add_middleware(
        RateLimitMiddleware,
        buckets=buckets,
        per_address=Limit(settings.rate_per_address_minute, settings.rate_burst_address),
        per_conversation=Limit(
            settings.rate_per_conversation_minute, settings.rate_burst_conversation
        ),
    )
    app.add_middleware(WidgetOriginMiddleware, allowed=settings.allowed_widget_origins)
    install_error_handlers(app)
    app.include_router(routes.router)
    app.include_router(agent_api.router)
    app.include_router(health.router)
    app.include_router(streams.router)
    app.include_router(console.router)
    if settings.telegram_token and settings.telegram_mode == "webhook":
        from bot.telegram.webhook import webhook_router  # python-telegram-bot only when used

        app.include_router(webhook_router(settings))
    app.include_router(widget_router)
    app.mount("/console/static", StaticFiles(directory=console.STATIC_DIR), name="console-static")
    return app
