"""Builds the gateway application from validated settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI

from bot.assistant import RasaAssistant
from bot.conversations import ConversationService
from bot.db import UnitOfWork, create_database_engine, create_schema, make_session_factory
from bot.gateway import health, routes
from bot.gateway.errors import install_error_handlers
from bot.gateway.limits import BodySizeLimitMiddleware
from bot.settings import Settings

__all__ = ["create_app"]


def create_app(settings: Settings) -> FastAPI:
    """Creates the gateway: conversation API, health check, OpenAPI description.

    The database engine and the Rasa client are created when the application starts
    and closed when it stops.

    Args:
        settings: Validated settings.

    Returns:
        The ASGI application.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_database_engine(settings.effective_database_url)
        create_schema(engine)
        assistant = RasaAssistant(
            str(settings.rasa_url), str(settings.actions_url), settings.rasa_timeout_seconds
        )
        app.state.engine = engine
        app.state.assistant = assistant
        app.state.conversations = ConversationService(
            partial(UnitOfWork, make_session_factory(engine)), assistant
        )
        try:
            yield
        finally:
            assistant.close()
            engine.dispose()

    app = FastAPI(
        title="After-sales assistant gateway",
        version="1.0.0",
        description="Conversation API of the bilingual after-sales customer-service assistant.",
        lifespan=lifespan,
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    install_error_handlers(app)
    app.include_router(routes.router)
    app.include_router(health.router)
    return app
