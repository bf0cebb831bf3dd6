"""Builds the gateway application from validated settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from bot import console
from bot.assistant import AssistantClient, RasaAssistant
from bot.conversations import ConversationService
from bot.gateway import agent_api, health, routes, streams
from bot.gateway.errors import install_error_handlers
from bot.gateway.limits import BodySizeLimitMiddleware
from bot.knowledge import KnowledgeSource
from bot.live import ChangeFeed
from bot.live.notify import NotifyOnWriteMiddleware
from bot.runtime import build_runtime
from bot.settings import Settings

__all__ = ["create_app"]


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
        client = (
            assistant
            if assistant is not None
            else RasaAssistant(
                str(settings.rasa_url), str(settings.actions_url), settings.rasa_timeout_seconds
            )
        )
        app.state.runtime = runtime
        app.state.engine = runtime.engine
        app.state.assistant = client
        app.state.conversations = ConversationService(runtime.uow_factory, client)
        app.state.feed = ChangeFeed()
        app.state.knowledge = KnowledgeSource(settings.knowledge_base_dir)
        try:
            yield
        finally:
            client.close()
            runtime.close()

    app = FastAPI(
        title="After-sales assistant gateway",
        version="1.0.0",
        description="Conversation API of the bilingual after-sales customer-service assistant.",
        lifespan=lifespan,
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(NotifyOnWriteMiddleware)
    install_error_handlers(app)
    app.include_router(routes.router)
    app.include_router(agent_api.router)
    app.include_router(health.router)
    app.include_router(streams.router)
    app.include_router(console.router)
    app.mount("/console/static", StaticFiles(directory=console.STATIC_DIR), name="console-static")
    return app
