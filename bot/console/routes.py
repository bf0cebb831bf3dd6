"""The console's pages: log in and out, the queue, one conversation, the audit log.

Pages are rendered on the server from the same domain reads as the Agent API; the
page's script (``static/console.js``) keeps them live through the agents' stream and
acts through the Agent API with the session cookie and its CSRF token. Every page but
the login form sends a visitor without a live session to the login form (303).
"""

from __future__ import annotations

from datetime import timedelta, timezone
from functools import partial
from typing import Annotated, Any, Final
from urllib.parse import parse_qs

from fastapi import APIRouter, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from bot.agents.audit import audit_log
from bot.agents.errors import LoginRefused, LoginThrottled, SessionExpired, SessionUnknown
from bot.agents.presence import set_presence
from bot.agents.sessions import AgentPrincipal, open_session, revoke_session, session_for_token
from bot.console.csrf import (
    FORM_FIELD,
    FORM_TOKEN_COOKIE,
    new_form_token,
    set_form_token,
    tokens_match,
)
from bot.console.rendering import page, summary_facts
from bot.gateway.agent_auth import (
    SESSION_COOKIE,
    clear_session_cookie,
    is_secure,
    set_session_cookie,
)
from bot.handoff.casefile import case_file
from bot.handoff.errors import HandoffNotFound
from bot.runtime import Runtime

__all__ = ["AUDIT_PAGE_SIZE", "LOGIN_PATH", "router"]

#: Where a visitor without a session is sent.
LOGIN_PATH: Final = "/console/login"
#: Audit entries per page.
AUDIT_PAGE_SIZE: Final = 50
_HOME: Final = "/console"
_REFUSED: Final = "Wrong username or password."
_EXPIRED_FORM: Final = "The login form expired. Please try again."

router = APIRouter(prefix="/console", include_in_schema=False)


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _principal(request: Request) -> AgentPrincipal | None:
    """The agent whose live console session the request's cookie holds, if any."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    runtime = _runtime(request)
    try:
        principal = session_for_token(runtime.uow_factory, token, now=runtime.clock.now())
    except (SessionUnknown, SessionExpired):
        return None
    return principal if principal.kind == "cookie" else None


def _to_login() -> RedirectResponse:
    return RedirectResponse(LOGIN_PATH, status_code=303)


def _context(principal: AgentPrincipal, active: str, **values: Any) -> dict[str, Any]:
    return {
        "agent": principal.agent,
        "presence": principal.agent.presence,
        "csrf_token": principal.csrf_token,
        "active": active,
        **values,
    }


def _login_form(
    request: Request,
    *,
    status_code: int = 200,
    error: str | None = None,
    username: str = "",
    headers: dict[str, str] | None = None,
) -> Response:
    token = new_form_token()
    response = page(
        request,
        "login.html",
        {"form_token": token, "error": error, "username": username, "csrf_token": None},
        status_code=status_code,
        headers=headers,
    )
    set_form_token(response, request, token)
    return response


async def _form(request: Request) -> dict[str, str]:
    """The fields of a URL-encoded form (the first value of each)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    return {key: values[0] for key, values in parse_qs(body, keep_blank_values=True).items()}


@router.get("/login")
def login_page(request: Request) -> Response:
    """The login form; an agent already logged in goes to the queue."""
    if _principal(request) is not None:
        return RedirectResponse(_HOME, status_code=303)
    return _login_form(request)


@router.post("/login")
async def login(request: Request) -> Response:
    """Checks the form's CSRF token and the password, then opens a cookie session.

    A missing or wrong form token is 403; a refused login 401 with one message for
    every cause; a throttled one 429 with the wait.
    """
    form = await _form(request)
    username = form.get("username", "")[:64]
    if not tokens_match(request.cookies.get(FORM_TOKEN_COOKIE), form.get(FORM_FIELD)):
        return _login_form(request, status_code=403, error=_EXPIRED_FORM, username=username)
    runtime = _runtime(request)
    try:
        opened = await run_in_threadpool(
            open_session,
            runtime.uow_factory,
            username,
            form.get("password", ""),
            kind="cookie",
            now=runtime.clock.now(),
            lifetime=timedelta(hours=runtime.settings.agent_session_hours),
        )
    except LoginThrottled as exc:
        return _login_form(
            request,
            status_code=429,
            error=f"Too many failed logins. Try again in {exc.retry_after} seconds.",
            username=username,
            headers={"Retry-After": str(exc.retry_after)},
        )
    except LoginRefused:
        return _login_form(request, status_code=401, error=_REFUSED, username=username)
    # Logging in to the console is coming on shift: online, as in Chatwoot; the agent
    # may switch to away at any time.
    await run_in_threadpool(
        partial(
            set_presence,
            runtime.uow_factory,
            opened.principal.agent.username,
            "online",
            now=runtime.clock.now(),
        )
    )
    response = RedirectResponse(_HOME, status_code=303)
    set_session_cookie(
        response,
        opened.token,
        opened.principal.expires_at.astimezone(timezone.utc),
        secure=is_secure(request),
    )
    response.delete_cookie(FORM_TOKEN_COOKIE, path=_HOME)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    """Ends the session (the form repeats the session's CSRF token) and shows the login."""
    principal = await run_in_threadpool(_principal, request)
    if principal is None:
        return _to_login()
    form = await _form(request)
    if not tokens_match(principal.csrf_token, form.get(FORM_FIELD)):
        return Response("csrf_failed", status_code=403, media_type="text/plain")
    runtime = _runtime(request)
    await run_in_threadpool(revoke_session, runtime.uow_factory, principal, now=runtime.clock.now())
    response = _to_login()
    clear_session_cookie(response, secure=is_secure(request))
    return response


@router.get("")
def queue(request: Request) -> Response:
    """The queue: callbacks, the agent's conversations, and who is waiting (live)."""
    principal = _principal(request)
    if principal is None:
        return _to_login()
    return page(request, "queue.html", _context(principal, "queue"))


@router.get("/handoffs/{handoff_id}")
def conversation(request: Request, handoff_id: Annotated[int, Path(ge=1)]) -> Response:
    """One conversation: transcript, summary card, history, notes, assist and actions."""
    principal = _principal(request)
    if principal is None:
        return _to_login()
    try:
        case = case_file(_runtime(request).uow_factory, handoff_id)
    except HandoffNotFound:
        return page(
            request,
            "missing.html",
            _context(principal, "queue", handoff_id=handoff_id),
            status_code=404,
        )
    handoff = case.handoff
    details = handoff.details
    context = _context(
        principal,
        "queue",
        handoff=handoff,
        summary=details,
        summary_facts=summary_facts(details) if details else [],
        messages=case.transcript,
        notes=case.notes,
        history=case.earlier,
        mine=handoff.status == "agent" and handoff.agent == principal.agent.username,
    )
    return page(request, "conversation.html", context)


@router.get("/audit")
def audit(request: Request, page_number: Annotated[int, Query(alias="page", ge=1)] = 1) -> Response:
    """The audit log, newest first; supervisors only (403 for agents)."""
    principal = _principal(request)
    if principal is None:
        return _to_login()
    if principal.agent.role != "supervisor":
        return page(request, "forbidden.html", _context(principal, "audit"), status_code=403)
    entries = audit_log(
        _runtime(request).uow_factory,
        offset=(page_number - 1) * AUDIT_PAGE_SIZE,
        limit=AUDIT_PAGE_SIZE + 1,
    )
    context = _context(
        principal,
        "audit",
        events=entries[:AUDIT_PAGE_SIZE],
        page=page_number,
        more=len(entries) > AUDIT_PAGE_SIZE,
    )
    return page(request, "audit.html", context)
