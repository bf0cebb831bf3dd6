"""``GET /health``: 200 only when every part a customer's turn needs answers.

Those are the gateway, its database, Rasa, Rasa's tracker store and the actions; a load
balancer then sends no customer to an instance that cannot serve them.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text

from bot.assistant import AssistantClient

__all__ = ["router"]

router = APIRouter(tags=["health"])


def _database_ok(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


@router.get("/health/live")
def live(request: Request) -> JSONResponse:
    """The gateway and its database answer: it can take and keep customers' messages.

    A load balancer checks this one. When Rasa is down, the gateway still stores each
    message and tells the customer to try again; ``/health`` says what is down.
    """
    database = _database_ok(request.app.state.engine)
    return JSONResponse(
        status_code=200 if database else 503,
        content={"status": "ok" if database else "unavailable", "checks": {"database": database}},
    )


@router.get("/health")
def health(request: Request) -> JSONResponse:
    """Checks every component the assistant needs to answer a customer."""
    assistant: AssistantClient = request.app.state.assistant
    checks = {
        "gateway": True,
        "database": _database_ok(request.app.state.engine),
        "rasa": assistant.rasa_ready(),
        "tracker_store": assistant.tracker_store_ready(),
        "actions": assistant.actions_ready(),
    }
    healthy = all(checks.values())
    return JSONResponse(
        status_code=200 if healthy else 503,
        content={"status": "ok" if healthy else "unavailable", "checks": checks},
    )
