"""Wiring: the python-telegram-bot application, its handlers, the outbox, long polling.

:class:`TelegramChannel` puts the pieces together for one process — the ``python -m bot
telegram`` poller, or the gateway in webhook mode (:mod:`bot.telegram.webhook`). Entering
it initialises the bot (``getMe``) and starts the outbox; leaving it stops both.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from types import TracebackType
from typing import Any, Final

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.assistant import AssistantClient, RasaAssistant
from bot.attachments import PhotoFiles
from bot.conversations import ConversationService, DatabaseLocks
from bot.handoff.responders import handoff_responders
from bot.runtime import Runtime, build_runtime
from bot.settings import Settings
from bot.telegram.claims import claiming_factory
from bot.telegram.handlers import ChannelServices, TelegramHandlers
from bot.telegram.outbox import POLL_SECONDS, Outbox

__all__ = [
    "ALLOWED_UPDATES",
    "MAX_RETRIES",
    "TelegramChannel",
    "build_application",
    "file_url",
    "install_handlers",
    "run_polling",
    "serve_polling",
]

#: The updates the bot asks Telegram for.
ALLOWED_UPDATES: Final = [Update.MESSAGE, Update.CALLBACK_QUERY]
#: Flood waits the rate limiter waits out itself before the outbox takes over.
MAX_RETRIES: Final = 3
TelegramApp = Application[Any, Any, Any, Any, Any, Any]


def file_url(base_url: str) -> str:
    """The Bot API's file URL for its base URL (``…/bot`` → ``…/file/bot``)."""
    head, sep, _ = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/bot" if sep else f"{base_url}/file/bot"


def build_application(settings: Settings, *, polling: bool) -> TelegramApp:
    """The application on the configured Bot API, its sends through the rate limiter.

    Args:
        settings: Token and Bot API URL.
        polling: Whether the application polls (else updates come from the webhook).
    """
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .token(settings.telegram_token)
        .base_url(settings.telegram_base_url)
        .base_file_url(file_url(settings.telegram_base_url))
        .rate_limiter(AIORateLimiter(max_retries=MAX_RETRIES))
    )
    if not polling:
        builder = builder.updater(None)
    return builder.build()


def install_handlers(application: TelegramApp, handlers: TelegramHandlers) -> None:
    """Routes each kind of update to its callback, and failures to the error handler."""
    new = filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("start", handlers.start, filters=new))
    application.add_handler(CommandHandler("help", handlers.help, filters=new))
    application.add_handler(CommandHandler("lang", handlers.lang, filters=new))
    application.add_handler(CommandHandler("human", handlers.human, filters=new))
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_handler(
        MessageHandler(new & (filters.PHOTO | filters.Document.IMAGE), handlers.photo)
    )
    application.add_handler(MessageHandler(new & filters.TEXT, handlers.text))
    application.add_handler(MessageHandler(new, handlers.unsupported))
    application.add_error_handler(handlers.error)


class TelegramChannel:
    """The Telegram channel of one process: application, handlers and outbox.

    Args:
        settings: Validated settings (a token is needed).
        runtime: The process's runtime (database, clock).
        assistant: The dialogue engine.
        photos: Where customers' photos are kept.
        polling: Whether this process polls Telegram for updates.
        poll_seconds: How often the outbox reads the database.
    """

    def __init__(
        self,
        settings: Settings,
        runtime: Runtime,
        assistant: AssistantClient,
        photos: PhotoFiles,
        *,
        polling: bool,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.application = build_application(settings, polling=polling)
        claiming_uow = claiming_factory(runtime.uow_factory)
        conversations = ConversationService(
            claiming_uow,
            assistant,
            locks=DatabaseLocks(runtime.engine, slots=settings.database_pool_size),
            responders=handoff_responders(runtime.uow_factory, assistant, runtime.clock, assistant),
            photos=photos,
            clock=runtime.clock,
        )
        self.outbox = Outbox(
            runtime.uow_factory, self.application.bot, runtime.clock, poll_seconds=poll_seconds
        )
        self.handlers = TelegramHandlers(
            ChannelServices(
                conversations=conversations,
                uow_factory=runtime.uow_factory,
                claiming_uow=claiming_uow,
                clock=runtime.clock,
                outbox=self.outbox,
                max_photo_bytes=settings.max_attachment_bytes,
            )
        )
        install_handlers(self.application, self.handlers)
        self._outbox_task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> TelegramChannel:
        await self.application.initialize()
        self._outbox_task = asyncio.create_task(self.outbox.run())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._outbox_task is not None:
            self._outbox_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._outbox_task
        await self.application.shutdown()

    async def process(self, data: dict[str, Any]) -> None:
        """Handles one update received as JSON (from the webhook)."""
        update = Update.de_json(data, self.application.bot)
        await self.application.process_update(update)


async def serve_polling(
    channel: TelegramChannel, stop: asyncio.Event, *, poll_timeout: int = 30
) -> None:
    """Long-polls Telegram for updates and handles them until ``stop`` is set.

    Args:
        channel: The channel, not entered yet.
        stop: Set to stop.
        poll_timeout: Seconds one ``getUpdates`` call waits for updates.
    """
    async with channel:
        application = channel.application
        updater = application.updater
        if updater is None:
            raise RuntimeError("the channel was built without an updater")
        await updater.start_polling(
            timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False
        )
        await application.start()
        try:
            await stop.wait()
        finally:
            await updater.stop()
            await application.stop()


def run_polling(settings: Settings) -> int:
    """``python -m bot telegram``: the bot by long polling, until SIGINT or SIGTERM."""
    runtime = build_runtime(settings)
    assistant = RasaAssistant.from_settings(settings)
    photos = PhotoFiles(settings.effective_attachments_dir, settings.max_attachment_bytes)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        channel = TelegramChannel(settings, runtime, assistant, photos, polling=True)
        await serve_polling(channel, stop)

    try:
        asyncio.run(main())
    finally:
        assistant.close()
        runtime.close()
    return 0
