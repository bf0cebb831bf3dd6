"""Who calls the agent API: a session's bearer token, or the console's cookie with CSRF.

A token in ``Authorization: Bearer …`` must belong to a ``bearer`` session; the
``console_session`` cookie to a ``cookie`` session. A change (POST, PUT, PATCH, DELETE)
made with the cookie must repeat the session's CSRF token in ``X-CSRF-Token``.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Annotated, Final

from fastapi import Depends, Request, Response

from bot.agents import AgentPrincipal, SessionUnknown, session_for_token
from bot.db import UowFactory
from bot.gateway.errors import Refusal

__all__ = [
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "AgentPrincipal",
    "CurrentAgent",
    "Supervisor",
    "clear_session_cookie",
    "current_agent",
    "is_secure",
    "now",
    "require_supervisor",
    "set_session_cookie",
    "uow_factory",
]

#: The console's session cookie.
SESSION_COOKIE: Final = "console_session"
#: The header a cookie-authenticated change repeats the session's CSRF token in.
CSRF_HEADER: Final = "X-CSRF-Token"
_UNSAFE: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def uow_factory(request: Request) -> UowFactory:
    """The running gateway's units of work."""
    factory: UowFactory = request.app.state.runtime.uow_factory
    return factory


def now(request: Request) -> datetime:
    """The current time from the gateway's clock."""
    moment: datetime = request.app.state.runtime.clock.now()
    return moment


def is_secure(request: Request) -> bool:
    """Whether the request came over HTTPS (the cookie is then ``Secure``)."""
    return request.url.scheme == "https"


def set_session_cookie(
    response: Response, token: str, expires_at: datetime, *, secure: bool
) -> None:
    """Sets the console's session cookie: HttpOnly, SameSite=Strict, Path=/, expiring.

    Args:
        response: The response that logs the agent in.
        token: The session's token.
        expires_at: When the session ends; the cookie ends with it.
        secure: Send it over HTTPS only (when the request came over HTTPS).
    """
    response.set_cookie(
        SESSION_COOKIE,
        token,
        expires=expires_at,
        path="/",
        secure=secure,
        httponly=True,
        samesite="strict",
    )


def clear_session_cookie(response: Response, *, secure: bool) -> None:
    """Removes the console's session cookie."""
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="strict"
    )


def _presented(request: Request) -> tuple[str, str] | None:
    """The token presented and how: ``bearer`` (header) first, else ``cookie``."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip(), "bearer"
    cookie = request.cookies.get(SESSION_COOKIE)
    return (cookie, "cookie") if cookie else None


def current_agent(request: Request) -> AgentPrincipal:
    """The agent of the session the request presents (a FastAPI dependency).

    Raises:
        SessionUnknown: No credentials, an unknown or revoked token, or a token presented
            the other way than its session was opened for (401 ``unauthorised``).
        SessionExpired: The session has expired (401 ``session_expired``).
        Refusal: A cookie-authenticated change without the right CSRF token (403
            ``csrf_failed``).
    """
    presented = _presented(request)
    if presented is None:
        raise SessionUnknown
    token, kind = presented
    principal = session_for_token(uow_factory(request), token, now=now(request))
    if principal.kind != kind:
        raise SessionUnknown
    if kind == "cookie" and request.method in _UNSAFE:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), principal.csrf_token.encode()):
            raise Refusal(403, "csrf_failed", f"a valid {CSRF_HEADER} header is required")
    return principal


CurrentAgent = Annotated[AgentPrincipal, Depends(current_agent)]


def require_supervisor(principal: CurrentAgent) -> AgentPrincipal:
    """The calling agent, who must be a supervisor (403 ``forbidden`` otherwise)."""
    if principal.agent.role != "supervisor":
        raise Refusal(403, "forbidden", "only a supervisor may do this")
    return principal


Supervisor = Annotated[AgentPrincipal, Depends(require_supervisor)]
