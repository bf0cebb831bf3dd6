"""The composition root: settings, clock, database engine, schema and units of work.

The gateway, the action server and the command line each build one :class:`Runtime`
from validated settings at start-up, and hand its parts to the services they use. This
is the only place that creates a database engine, and the only place that knows which
domains keep tables (:data:`MODEL_MODULES`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import partial
from typing import Final

from sqlalchemy import Engine

from bot.assistant.tracker_store import TrackerStore
from bot.clock import Clock, SystemClock
from bot.db import (
    UnitOfWork,
    UowFactory,
    check_schema,
    create_database_engine,
    make_session_factory,
    upgrade_schema,
)
from bot.settings import Settings

__all__ = [
    "MODEL_MODULES",
    "Runtime",
    "build_runtime",
    "load_models",
    "open_engine",
    "open_tracker_store",
]

#: Every module that defines tables; importing one registers its tables on ``Base``.
MODEL_MODULES: Final = (
    "bot.conversations.models",
    "bot.warranty.models",
    "bot.repairs.models",
    "bot.complaints.models",
    "bot.handoff.models",
    "bot.agents.models",
    "bot.telegram.models",
)


def load_models() -> None:
    """Imports every domain's models, so that the schema holds all their tables."""
    for module in MODEL_MODULES:
        importlib.import_module(module)


@dataclass
class Runtime:
    """What every process shares: its settings, the clock and the database.

    Attributes:
        settings: The validated settings.
        engine: The database engine (one per process).
        uow_factory: Makes a unit of work for each transaction.
        clock: The clock every date decision reads.
    """

    settings: Settings
    engine: Engine
    uow_factory: UowFactory
    clock: Clock = field(default_factory=SystemClock)

    def close(self) -> None:
        """Closes the database connections."""
        self.engine.dispose()


def build_runtime(
    settings: Settings, *, clock: Clock | None = None, migrate: bool = True
) -> Runtime:
    """Builds the runtime: engine, schema (unless told not to) and unit-of-work factory.

    Args:
        settings: The validated settings.
        clock: The clock to use; the system clock in the service's time zone by default.
        migrate: Bring the schema up to date with the migrations first.

    Returns:
        The runtime; call :meth:`Runtime.close` when done.

    Raises:
        bot.db.SchemaOutdatedError: The database lacks columns the models declare.
    """
    engine = open_engine(settings)
    load_models()
    try:
        if migrate:
            upgrade_schema(engine)
        check_schema(engine)
    except Exception:
        engine.dispose()
        raise
    return Runtime(
        settings=settings,
        engine=engine,
        uow_factory=partial(UnitOfWork, make_session_factory(engine)),
        clock=clock or SystemClock(),
    )


def open_engine(settings: Settings) -> Engine:
    """The engine of our database, as the settings size its pool (data dir created)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return create_database_engine(
        settings.effective_database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
    )


def open_tracker_store(settings: Settings) -> TrackerStore:
    """Rasa's tracker store, as the gateway reads and erases it."""
    return TrackerStore(create_database_engine(settings.effective_tracker_store_url))
