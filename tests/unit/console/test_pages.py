"""The console's pages: login with CSRF, refusals, redirects, and text shown as text."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from bot.db import UowFactory
from bot.handoff import HandoffSummary, claim, request_handoff
from tests.unit.console.conftest import PASSWORD, form_token, log_in

pytestmark = pytest.mark.usefixtures("agents")

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=timezone.utc)
HOSTILE = "<img src=x onerror=alert(1)>"
PAGES = ["/console", "/console/handoffs/1", "/console/audit"]


def _set_cookies(response: object) -> list[str]:
    return response.headers.get_list("set-cookie")  # type: ignore[attr-defined,no-any-return]


def _cookie(response: object, name: str) -> str:
    found = [c for c in _set_cookies(response) if c.startswith(f"{name}=")]
    assert len(found) == 1, _set_cookies(response)
    return found[0]


def _handoff(client: TestClient, uow_factory: UowFactory, text: str) -> int:
    """A customer says ``text`` to the bot, then is handed to people; returns the handoff."""
    created = client.post("/api/v1/conversations", json={"language": "en"}).json()
    headers = {"Authorization": f"Bearer {created['token']}"}
    url = f"/api/v1/conversations/{created['conversation_id']}/messages"
    assert client.post(url, json={"text": text}, headers=headers).status_code == 200
    summary = HandoffSummary(
        wants=text,
        category="washing_machine",
        model="WM-8012",
        error_code="E4",
        booking_references=("RV-20250602-0001",),
    )
    return request_handoff(
        uow_factory,
        created["conversation_id"],
        reason="customer_request",
        priority=1,
        language="en",
        channel="api",
        summary=summary,
        now=NOW,
    )


def test_the_login_page_has_a_csrf_field_and_its_cookie(client: TestClient) -> None:
    response = client.get("/console/login")
    assert response.status_code == 200
    token = form_token(response.text)
    cookie = _cookie(response, "console_login_csrf")
    assert cookie.startswith(f"console_login_csrf={token};")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "samesite=strict" in cookie.lower()
    assert 'for="username"' in response.text
    assert 'for="password"' in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("field", [None, "", "not-the-cookie-value"])
def test_a_login_without_the_forms_token_is_refused(client: TestClient, field: str | None) -> None:
    client.get("/console/login")  # sets the cookie
    data = {"username": "mei", "password": PASSWORD}
    if field is not None:
        data["csrf_token"] = field
    response = client.post("/console/login", data=data)
    assert response.status_code == 403
    assert not any(c.startswith("console_session=") for c in _set_cookies(response))


def test_a_login_without_the_cookie_is_refused(client: TestClient) -> None:
    token = form_token(client.get("/console/login").text)
    client.cookies.clear()
    response = client.post(
        "/console/login", data={"csrf_token": token, "username": "mei", "password": PASSWORD}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("username", "password"), [("mei", "wrong password!"), ("nobody", PASSWORD)]
)
def test_a_refused_login_says_the_same_for_every_cause(
    client: TestClient, username: str, password: str
) -> None:
    token = form_token(client.get("/console/login").text)
    response = client.post(
        "/console/login", data={"csrf_token": token, "username": username, "password": password}
    )
    assert response.status_code == 401
    assert "Wrong username or password." in response.text
    assert not any(c.startswith("console_session=") for c in _set_cookies(response))
    assert client.get("/console").status_code == 303


def test_repeated_failures_show_the_wait(client: TestClient) -> None:
    statuses = []
    for _ in range(6):
        token = form_token(client.get("/console/login").text)
        response = client.post(
            "/console/login", data={"csrf_token": token, "username": "mei", "password": "x" * 12}
        )
        statuses.append(response.status_code)
    assert statuses == [401] * 5 + [429]
    wait = int(response.headers["retry-after"])
    assert wait >= 1
    assert f"Try again in {wait} seconds" in response.text


def test_a_login_sets_a_strict_http_only_session_cookie_and_opens_the_queue(
    client: TestClient,
) -> None:
    token = form_token(client.get("/console/login").text)
    response = client.post(
        "/console/login", data={"csrf_token": token, "username": "MEI", "password": PASSWORD}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/console"
    cookie = _cookie(response, "console_session").lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "path=/" in cookie
    queue = client.get("/console")
    assert queue.status_code == 200
    assert "Mei Lin" in queue.text
    assert '<meta name="csrf-token"' in queue.text
    assert client.get("/console/login").status_code == 303


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_a_visitor_without_a_session_to_the_login(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login"
    client.cookies.set("console_session", "made-up")
    assert client.get(path).headers["location"] == "/console/login"


def test_customer_html_is_shown_as_text(client: TestClient, uow_factory: UowFactory) -> None:
    handoff_id = _handoff(client, uow_factory, f"help {HOSTILE}")
    log_in(client)
    page = client.get(f"/console/handoffs/{handoff_id}")
    assert page.status_code == 200
    assert "help &lt;img src=x onerror=alert(1)&gt;" in page.text
    assert "<img" not in page.text
    assert "WM-8012" in page.text
    assert "RV-20250602-0001" in page.text


def test_the_reply_box_is_there_only_for_the_holder(
    client: TestClient, uow_factory: UowFactory
) -> None:
    handoff_id = _handoff(client, uow_factory, "my washer shows E4")
    log_in(client)
    page = f"/console/handoffs/{handoff_id}"
    assert 'id="claim"' in client.get(page).text
    assert 'id="reply"' not in client.get(page).text
    claim(uow_factory, handoff_id, "mei", now=NOW)
    held = client.get(page).text
    assert 'id="reply"' in held
    assert 'id="suggestions"' in held
    assert client.get("/console/handoffs/999").status_code == 404


def test_the_audit_log_is_for_supervisors(client: TestClient) -> None:
    log_in(client, "mei")
    assert client.get("/console/audit").status_code == 403
    client.cookies.clear()
    log_in(client, "boss")
    audit = client.get("/console/audit")
    assert audit.status_code == 200
    assert "login" in audit.text
    assert "mei" in audit.text


def test_logout_needs_the_sessions_token_and_ends_the_session(client: TestClient) -> None:
    csrf = log_in(client)
    assert client.post("/console/logout", data={}).status_code == 403
    assert client.get("/console").status_code == 200
    response = client.post("/console/logout", data={"csrf_token": csrf})
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login"
    assert client.get("/console").status_code == 303


def test_the_script_and_style_are_served(client: TestClient) -> None:
    assert "EventSource" in client.get("/console/static/console.js").text
    assert client.get("/console/static/console.css").status_code == 200
