"""Settings: read from the environment in one place and validated at start-up.

Every setting has a safe default for one host with an embedded SQLite database, so the
assistant runs with no configuration at all. Variables are prefixed ``ASSISTANT_``, e.g.
``ASSISTANT_DATABASE_URL=postgresql+psycopg://user@host/db``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, HttpUrl, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

__all__ = ["Settings", "SettingsError", "load_settings"]


class SettingsError(Exception):
    """Raised when the environment holds an invalid setting; the message names it."""


class Settings(BaseSettings):
    """All settings of the assistant's processes.

    Attributes:
        data_dir: Directory for local state (SQLite databases, logs).
        database_url: SQLAlchemy URL of the assistant's database; defaults to SQLite in
            ``data_dir``.
        tracker_store_url: SQLAlchemy URL of the Rasa server's tracker store (the
            dialogue's memory); defaults to SQLite in ``data_dir``. It may name the same
            PostgreSQL database as ``database_url``: Rasa keeps one table, ``events``.
        gateway_host: Interface the gateway listens on.
        gateway_port: Port the gateway listens on.
        rasa_host: Interface the Rasa server listens on (loopback only by default).
        rasa_port: Port of the Rasa server.
        actions_host: Interface the action server listens on.
        actions_port: Port of the action server.
        rasa_timeout_seconds: How long the gateway waits for one Rasa reply.
        max_body_bytes: Largest request body the gateway accepts.
        model_path: Trained model the Rasa server loads.
        knowledge_base_dir: Folder of the curated knowledge base.
        agent_session_hours: How long an agent's login lasts.
        rasa_api_token: Token of the Rasa server's HTTP API (``--auth-token``), through
            which the gateway tells the dialogue a handoff ended; ``make run`` makes one.
        callback_offer_minutes: After how long waiting for a person the customer is
            offered a callback.
        attachments_dir: Where customers' photos are kept; ``<data_dir>/attachments``
            by default.
        max_attachment_bytes: Largest photo accepted.
        widget_origins: Other sites allowed to embed the web chat widget, as a comma list
            of origins (``https://www.example.com,https://shop.example.com``); empty =
            only pages served by the gateway itself.
        redis_url: ``redis://host:port/db`` of a Redis server the Rasa servers of a
            cluster share as their lock store; empty: none.
        database_pool_size: Connections each process keeps open to PostgreSQL.
        database_max_overflow: Connections each process may open beyond those.
        rate_per_address_minute: Customer writes (conversations, messages, photos) a
            minute from one address, on average.
        rate_burst_address: How many of those may come at once.
        rate_per_conversation_minute: Messages and photos a minute in one conversation.
        rate_burst_conversation: How many of those may come at once.
        balancer_rate_limit: Requests in 10 s from one address that a cluster's HAProxy
            passes to the gateways; beyond it HAProxy itself answers ``429``, so a
            flood costs the gateways nothing (0: no limit at the balancer).
        trusted_proxies: Addresses whose ``X-Forwarded-For`` gives the client's address
            (the load balancer's), comma-separated; ``*`` trusts any.
        telegram_token: The Telegram bot's token from @BotFather; empty: no Telegram.
        telegram_mode: ``polling`` (``python -m bot telegram`` asks Telegram for
            updates) or ``webhook`` (Telegram posts them to the gateway).
        telegram_webhook_secret: The secret Telegram sends with every webhook call.
        telegram_base_url: Bot API base URL (the token is appended).
        telegram_webhook_url: Public URL of ``/telegram/webhook`` registered with
            Telegram at start-up in webhook mode; empty: registered elsewhere.
    """

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore", frozen=True)

    data_dir: Path = Path("var")
    database_url: str = ""
    tracker_store_url: str = ""
    gateway_host: str = "127.0.0.1"
    gateway_port: int = Field(default=8000, ge=1, le=65535)
    rasa_host: str = "127.0.0.1"
    rasa_port: int = Field(default=5005, ge=1, le=65535)
    actions_host: str = "127.0.0.1"
    actions_port: int = Field(default=5055, ge=1, le=65535)
    rasa_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    max_body_bytes: int = Field(default=16_384, ge=1_024, le=1_048_576)
    model_path: Path = Path("models/assistant.tar.gz")
    knowledge_base_dir: Path = Path("knowledge_base")
    agent_session_hours: float = Field(default=12, gt=0, le=24 * 30)
    rasa_api_token: str = ""
    callback_offer_minutes: float = Field(default=10, gt=0, le=24 * 60)
    attachments_dir: Path | None = None
    max_attachment_bytes: int = Field(default=5 * 1_048_576, ge=1_024, le=50 * 1_048_576)
    redis_url: str = Field(default="", pattern=r"^(redis://[^\s/]+(/\d+)?)?$")
    database_pool_size: int = Field(default=10, ge=1, le=200)
    database_max_overflow: int = Field(default=20, ge=0, le=200)
    rate_per_address_minute: float = Field(default=60, gt=0)
    rate_burst_address: int = Field(default=30, ge=1)
    rate_per_conversation_minute: float = Field(default=30, gt=0)
    rate_burst_conversation: int = Field(default=10, ge=1)
    balancer_rate_limit: int = Field(default=100, ge=0)
    trusted_proxies: str = "127.0.0.1"
    telegram_token: str = ""
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_secret: str = Field(default="", pattern=r"^[A-Za-z0-9_-]{0,256}$")
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str = ""
    widget_origins: str = ""

    @field_validator("widget_origins")
    @classmethod
    def _check_widget_origins(cls, value: str) -> str:
        return ",".join(_origin(item) for item in value.split(",") if item.strip())

    @field_validator("database_url", "tracker_store_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if value:
            try:
                make_url(value)
            except ArgumentError as exc:
                raise ValueError(f"not a database URL: {exc}") from exc
        return value

    @property
    def effective_database_url(self) -> str:
        """The database URL, defaulting to ``<data_dir>/assistant.db`` (SQLite)."""
        return self.database_url or f"sqlite:///{self.data_dir / 'assistant.db'}"

    @property
    def effective_attachments_dir(self) -> Path:
        """Where customers' photos are kept."""
        return self.attachments_dir or self.data_dir / "attachments"

    @property
    def allowed_widget_origins(self) -> frozenset[str]:
        """The origins (as browsers send them) allowed to embed the widget."""
        return frozenset(o for o in self.widget_origins.split(",") if o)

    @property
    def effective_tracker_store_url(self) -> str:
        """The tracker store's URL, defaulting to ``<data_dir>/rasa_tracker.db`` (SQLite)."""
        return self.tracker_store_url or f"sqlite:///{self.data_dir / 'rasa_tracker.db'}"

    @property
    def rasa_tracker_store_url(self) -> str:
        """The tracker store's URL as the Rasa server opens it.

        Rasa's SQLAlchemy 1.4 has psycopg2, not psycopg 3, and resolves a relative SQLite
        path against its own working directory: the driver is dropped from a PostgreSQL
        URL and a SQLite path made absolute.
        """
        url = make_url(self.effective_tracker_store_url)
        if url.get_backend_name() == "postgresql":
            url = url.set(drivername="postgresql")
        elif url.get_backend_name() == "sqlite" and url.database:
            url = url.set(database=str(Path(url.database).resolve()))
        return url.render_as_string(hide_password=False)

    @property
    def rasa_url(self) -> HttpUrl:
        """Base URL of the Rasa server."""
        return HttpUrl(f"http://{_url_host(self.rasa_host)}:{self.rasa_port}")

    @property
    def actions_url(self) -> HttpUrl:
        """Base URL of the action server."""
        return HttpUrl(f"http://{_url_host(self.actions_host)}:{self.actions_port}")


def _origin(text: str) -> str:
    """One origin as a browser writes it in ``Origin``: lower case, no default port."""
    parts = urlsplit(text.strip().lower())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"not an origin (scheme://host[:port]): {text.strip()!r}")
    if parts.path not in {"", "/"} or parts.query or parts.fragment or parts.username:
        raise ValueError(f"an origin has no path, query or user: {text.strip()!r}")
    default = {"http": 80, "https": 443}[parts.scheme]
    port = "" if parts.port in {None, default} else f":{parts.port}"
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}{port}"


def _url_host(host: str) -> str:
    """Returns the host to connect to for a listening interface."""
    return "127.0.0.1" if host in {"0.0.0.0", ""} else host  # noqa: S104 - a comparison


def load_settings() -> Settings:
    """Reads and validates the settings from the environment.

    Returns:
        The validated settings.

    Raises:
        SettingsError: A variable has an invalid value; the message names it.
    """
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"ASSISTANT_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
            for err in exc.errors()
        )
        raise SettingsError(f"invalid settings: {problems}") from exc
