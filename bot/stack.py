"""Starts the whole assistant on one host: Rasa server, action server and gateway.

The three processes are described in the ``Procfile`` and run by the supervisor
(:mod:`bot.supervisor`), which prefixes their output, restarts any that exits while the
others go on serving, and stops all of them on Ctrl-C.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.db import ensure_database
from bot.knowledge import load_knowledge_base
from bot.runtime import build_runtime
from bot.settings import Settings
from bot.supervisor import read_procfile, supervise

__all__ = [
    "StackError",
    "prepare",
    "prepare_database",
    "procfile",
    "stack_environment",
    "start_stack",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class StackError(Exception):
    """The stack cannot start; the message says what to do."""


def prepare(settings: Settings) -> None:
    """Checks the model and the knowledge base, then migrates the database schema.

    Raises:
        StackError: There is no trained model.
        bot.knowledge.KnowledgeBaseError: The knowledge base is invalid.
    """
    if not settings.model_path.is_file():
        raise StackError(f"no trained model at {settings.model_path}: 'make run' trains it first")
    load_knowledge_base(settings.knowledge_base_dir)
    prepare_database(settings)


def prepare_database(settings: Settings) -> None:
    """Creates the data directory (or the PostgreSQL database) and migrates the schema.

    Raises:
        StackError: The database server did not answer.
    """
    url = settings.effective_database_url
    try:
        if ensure_database(url):
            print(f"Created the database {make_url(url).render_as_string()}", flush=True)
    except OperationalError as exc:
        raise StackError(f"the database server did not answer: {exc.orig}") from exc
    build_runtime(settings).close()


def stack_environment(settings: Settings, base: dict[str, str]) -> dict[str, str]:
    """Returns the environment the ``Procfile`` processes run with.

    Args:
        settings: Validated settings; they are passed on so every process agrees.
        base: The environment to extend (normally ``os.environ``).
    """
    rasa_bin = Path(base.get("ASSISTANT_RASA_BIN", PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"))
    env = dict(base)
    env.update(
        {
            "APP_PYTHON": sys.executable,
            "RASA_BIN": str(rasa_bin),
            "ASSISTANT_DATA_DIR": str(settings.data_dir.resolve()),
            "ASSISTANT_DATABASE_URL": settings.effective_database_url,
            "ASSISTANT_MODEL_PATH": str(settings.model_path.resolve()),
            "ASSISTANT_KNOWLEDGE_BASE_DIR": str(settings.knowledge_base_dir.resolve()),
            "ASSISTANT_GATEWAY_HOST": settings.gateway_host,
            "ASSISTANT_GATEWAY_PORT": str(settings.gateway_port),
            "ASSISTANT_RASA_HOST": settings.rasa_host,
            "ASSISTANT_RASA_PORT": str(settings.rasa_port),
            "ASSISTANT_ACTIONS_HOST": settings.actions_host,
            "ASSISTANT_ACTIONS_PORT": str(settings.actions_port),
            # The gateway tells Rasa's tracker that a handoff ended through its API.
            "ASSISTANT_RASA_API_TOKEN": settings.rasa_api_token or secrets.token_hex(32),
            # Read by endpoints.yml (Rasa substitutes ${VAR} there).
            "ACTION_ENDPOINT_URL": f"{settings.actions_url}webhook",
            "ASSISTANT_TRACKER_STORE_URL": settings.effective_tracker_store_url,
            # Rasa may connect as a role of its own (least privilege): then the operator
            # sets this, and the gateway reads the store with ASSISTANT_TRACKER_STORE_URL.
            "RASA_TRACKER_STORE_URL": base.get("RASA_TRACKER_STORE_URL")
            or settings.rasa_tracker_store_url,
            "RASA_TELEMETRY_ENABLED": "false",
            # Rasa's tracker store on PostgreSQL: at most 10 connections, not Rasa's 150.
            "SQL_POOL_SIZE": base.get("SQL_POOL_SIZE", "5"),
            "SQL_MAX_OVERFLOW": base.get("SQL_MAX_OVERFLOW", "5"),
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def procfile(settings: Settings) -> tuple[Path, str | None]:
    """The Procfile to run, and a line to print about Telegram (or ``None``).

    With a Telegram token in polling mode, a copy of the ``Procfile`` with the Telegram
    poller added is written to the data directory; without a token, the one line says
    how to enable it. In webhook mode the gateway takes Telegram's updates itself.
    """
    base = PROJECT_ROOT / "Procfile"
    if not settings.telegram_token:
        return base, (
            "  Telegram is off: set ASSISTANT_TELEGRAM_TOKEN (from @BotFather) to run the bot too."
        )
    if settings.telegram_mode != "polling":
        return base, "  Telegram: webhook on the gateway at /telegram/webhook"
    generated = settings.data_dir.resolve() / "Procfile.run"
    generated.write_text(
        base.read_text(encoding="utf-8").rstrip("\n")
        + '\ntelegram: "$APP_PYTHON" -m bot telegram\n',
        encoding="utf-8",
    )
    return generated, "  Telegram: the bot runs by long polling"


def start_stack(settings: Settings) -> None:
    """Prepares, then runs the ``Procfile``'s processes until SIGINT or SIGTERM.

    Raises:
        StackError: The stack cannot start.
    """
    prepare(settings)
    env = stack_environment(settings, dict(os.environ))
    if not Path(env["RASA_BIN"]).is_file():
        raise StackError(f"the Rasa server is not installed at {env['RASA_BIN']}: run 'make run'")
    processes, telegram = procfile(settings)
    print(
        f"Starting the assistant (Rasa needs about half a minute to load its model).\n"
        f"  Conversation API  http://{settings.gateway_host}:{settings.gateway_port}/api/v1"
        f"  (docs: /docs, health: /health)\n"
        f"  Chat in a terminal: {sys.executable} -m bot chat\n"
        f"  Ctrl-C stops everything.",
        flush=True,
    )
    if telegram:
        print(telegram, flush=True)
    supervise(read_procfile(processes), env, PROJECT_ROOT)
