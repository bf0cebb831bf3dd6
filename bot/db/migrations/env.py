"""Alembic's environment: migrations run on the connection the caller hands over.

:func:`bot.db.migrate.upgrade_schema` passes its connection in the configuration's
attributes, so migrations share the application's engine settings (SQLite's pragmas,
PostgreSQL's pool) and never read a URL of their own. The caller has registered every
domain's models (:func:`bot.runtime.load_models`), which autogenerate compares with.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext

from bot.db.models import Base


def _render_item(kind: str, item: Any, autogen_context: AutogenContext) -> Literal[False]:
    """Imports the module of our own column types in a generated migration."""
    module = type(item).__module__
    if kind == "type" and module.startswith("bot."):
        autogen_context.imports.add(f"import {module}")
    return False


def _ours(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    """Only our tables: Rasa's ``events`` may share the database and is not ours."""
    return not (kind == "table" and reflected and compare_to is None)


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through bot.db.migrate, which provides the connection")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite alters a table by copying it: let migrations do so transparently.
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
        include_object=_ours,
    )
    with context.begin_transaction():
        context.run_migrations()


_run()
