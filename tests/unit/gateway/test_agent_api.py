"""The agent API on a real SQLite database: logins, sessions, refusals, working a handoff."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.agents import open_session
from bot.gateway.agent_auth import CSRF_HEADER, SESSION_COOKIE
from tests.unit.gateway.desk import API, PASSWORD, Desk, Handed


@pytest.fixture
def desk(app: FastAPI, client: TestClient) -> Desk:
    return Desk(app, client)


def _error(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    error: dict[str, object] = response.json()["error"]
    assert error["code"] == code
    return error


def _claim(desk: Desk, handed: Handed, headers: dict[str, str]) -> httpx.Response:
    response: httpx.Response = desk.client.post(
        f"{API}/handoffs/{handed.handoff_id}/claim", headers=headers
    )
    return response


# Logging in and out ---------------------------------------------------------------------


def test_a_login_opens_a_bearer_session(desk: Desk) -> None:
    response = desk.client.post(f"{API}/session", json={"username": "Li.Na", "password": PASSWORD})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"token", "csrf_token", "expires_at", "agent"}
    assert body["agent"] == {
        "username": "li.na",
        "display_name": "Li.Na",
        "role": "agent",
        "languages": ["zh", "en"],
        "skills": ["washing_machine"],
        "presence": "offline",
        "capacity": 3,
    }
    me = desk.client.get(f"{API}/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json()["username"] == "li.na"


@pytest.mark.parametrize(
    ("username", "password"), [("li.na", "wrong password"), ("nobody", PASSWORD)]
)
def test_a_wrong_password_or_unknown_user_is_401(desk: Desk, username: str, password: str) -> None:
    response = desk.client.post(f"{API}/session", json={"username": username, "password": password})
    assert _error(response, 401, "login_refused")["message"] == "wrong username or password"


@pytest.mark.parametrize(
    ("username", "password"), [("li\x00na", PASSWORD), ("li.na", "pass\x00word")]
)
def test_a_login_with_control_characters_is_422(desk: Desk, username: str, password: str) -> None:
    response = desk.client.post(f"{API}/session", json={"username": username, "password": password})
    assert response.status_code == 422


def test_the_sixth_fast_failure_is_429_with_retry_after(desk: Desk) -> None:
    wrong = {"username": "li.na", "password": "wrong password"}
    for _ in range(5):
        _error(desk.client.post(f"{API}/session", json=wrong), 401, "login_refused")
    response = desk.client.post(f"{API}/session", json=wrong)
    _error(response, 429, "login_throttled")
    assert response.headers["Retry-After"] == "30"
    right = {"username": "li.na", "password": PASSWORD}
    _error(desk.client.post(f"{API}/session", json=right), 429, "login_throttled")


def test_an_expired_session_is_401_session_expired(desk: Desk) -> None:
    headers = desk.login("li.na")
    desk.clock.advance(timedelta(hours=12))
    _error(desk.client.get(f"{API}/me", headers=headers), 401, "session_expired")


def test_after_logout_the_token_opens_nothing(desk: Desk) -> None:
    headers = desk.login("li.na")
    assert desk.client.delete(f"{API}/session", headers=headers).status_code == 204
    _error(desk.client.get(f"{API}/me", headers=headers), 401, "unauthorised")


@pytest.mark.parametrize("authorization", [None, "Bearer nonsense", "Basic bGk6bmE="])
def test_no_or_unknown_credentials_are_401(desk: Desk, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = desk.client.get(f"{API}/handoffs", headers=headers)
    _error(response, 401, "unauthorised")
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_customers_conversation_token_opens_nothing(desk: Desk) -> None:
    handed = desk.hand_over()
    for method, path in [
        ("GET", "/handoffs"),
        ("GET", f"/handoffs/{handed.handoff_id}"),
        ("POST", f"/handoffs/{handed.handoff_id}/claim"),
    ]:
        response = desk.client.request(method, f"{API}{path}", headers=handed.started.headers)
        _error(response, 401, "unauthorised")


# The console's cookie and CSRF ----------------------------------------------------------


def _cookie_session(desk: Desk, username: str = "li.na") -> str:
    opened = open_session(
        desk.uow_factory,
        username,
        PASSWORD,
        kind="cookie",
        now=desk.clock.now(),
        lifetime=timedelta(hours=1),
    )
    desk.client.cookies.set(SESSION_COOKIE, opened.token)
    return opened.principal.csrf_token


@pytest.mark.parametrize("sent", [None, "", "wrong"])
def test_a_cookie_change_without_the_csrf_token_is_403(desk: Desk, sent: str | None) -> None:
    handed = desk.hand_over()
    _cookie_session(desk)
    assert desk.client.get(f"{API}/me").status_code == 200  # reading needs no CSRF token
    headers = {} if sent is None else {CSRF_HEADER: sent}
    _error(_claim(desk, handed, headers), 403, "csrf_failed")
    _error(desk.client.delete(f"{API}/session", headers=headers), 403, "csrf_failed")


def test_a_cookie_change_with_the_csrf_token_is_done(desk: Desk) -> None:
    handed = desk.hand_over()
    csrf = _cookie_session(desk)
    assert _claim(desk, handed, {CSRF_HEADER: csrf}).json()["agent"] == "li.na"


def test_a_token_only_opens_the_way_it_was_issued(desk: Desk) -> None:
    bearer = desk.login("li.na")["Authorization"].removeprefix("Bearer ")
    desk.client.cookies.set(SESSION_COOKIE, bearer)
    _error(desk.client.get(f"{API}/me"), 401, "unauthorised")
    cookie_token = desk.client.cookies.get(SESSION_COOKIE)
    desk.client.cookies.clear()
    _cookie_session(desk)
    cookie_token = desk.client.cookies.get(SESSION_COOKIE)
    desk.client.cookies.clear()
    response = desk.client.get(f"{API}/me", headers={"Authorization": f"Bearer {cookie_token}"})
    _error(response, 401, "unauthorised")


# The queue ------------------------------------------------------------------------------


def test_the_waiting_queue_is_routed_by_language(desk: Desk) -> None:
    english = desk.hand_over("en", category="washing_machine")
    chinese = desk.hand_over("zh", "洗衣机漏水", category="refrigerator")

    def listed(username: str) -> list[tuple[int, bool]]:
        items = desk.client.get(f"{API}/handoffs", headers=desk.login(username)).json()["items"]
        return [(item["id"], item["matches"]) for item in items]

    assert listed("li.na") == [(english.handoff_id, True), (chinese.handoff_id, False)]
    assert listed("wang.wei") == [(chinese.handoff_id, False)]
    assert listed("boss") == [(english.handoff_id, False), (chinese.handoff_id, False)]


def test_a_queue_item_says_what_the_agent_needs(desk: Desk) -> None:
    handed = desk.hand_over("en", wants="washer leaks", category="washing_machine")
    desk.clock.advance(timedelta(seconds=90))
    (item,) = desk.client.get(f"{API}/handoffs", headers=desk.login("li.na")).json()["items"]
    assert item | {"created_at": None} == {
        "id": handed.handoff_id,
        "conversation_id": handed.started.conversation_id,
        "reason": "customer_request",
        "reference": None,
        "priority": 1,
        "status": "waiting",
        "language": "en",
        "channel": "api",
        "wants": "washer leaks",
        "category": "washing_machine",
        "waiting_seconds": 90,
        "agent": None,
        "created_at": None,
        "matches": True,
    }


def test_mine_lists_the_handoffs_the_agent_holds(desk: Desk) -> None:
    li, wang = desk.login("li.na"), desk.login("wang.wei")
    first, second = desk.hand_over("zh", "你好"), desk.hand_over("zh", "你好")
    _claim(desk, first, li)
    _claim(desk, second, wang)
    mine = desk.client.get(f"{API}/handoffs", params={"status": "agent", "mine": True}, headers=li)
    assert [item["id"] for item in mine.json()["items"]] == [first.handoff_id]
    everyone = desk.client.get(f"{API}/handoffs", params={"status": "agent"}, headers=li)
    assert len(everyone.json()["items"]) == 2


# Claiming -------------------------------------------------------------------------------


def test_claiming_a_claimed_handoff_is_409_naming_the_holder(desk: Desk) -> None:
    handed = desk.hand_over()
    assert _claim(desk, handed, desk.login("li.na")).json()["status"] == "agent"
    error = _error(_claim(desk, handed, desk.login("boss")), 409, "already_claimed")
    assert error["holder"] == "li.na"


def test_an_unknown_handoff_is_404(desk: Desk) -> None:
    headers = desk.login("li.na")
    _error(desk.client.post(f"{API}/handoffs/999/claim", headers=headers), 404, "handoff_not_found")
    _error(desk.client.get(f"{API}/handoffs/999", headers=headers), 404, "handoff_not_found")
    response = desk.client.post(f"{API}/handoffs/999/notes", json={"text": "x"}, headers=headers)
    _error(response, 404, "handoff_not_found")


def test_an_agent_at_capacity_cannot_claim_more(desk: Desk) -> None:
    headers = desk.login("li.na")
    response = desk.client.put(
        f"{API}/me/presence", json={"presence": "online", "capacity": 1}, headers=headers
    )
    assert (response.json()["presence"], response.json()["capacity"]) == ("online", 1)
    first, second = desk.hand_over(), desk.hand_over()
    assert _claim(desk, first, headers).status_code == 200
    _error(_claim(desk, second, headers), 409, "at_capacity")


@pytest.mark.parametrize(
    "body",
    [
        {"presence": "offline"},
        {"presence": "online", "capacity": 0},
        {"presence": "away", "capacity": 11},
    ],
)
def test_a_bad_presence_is_422(desk: Desk, body: dict[str, object]) -> None:
    response = desk.client.put(f"{API}/me/presence", json=body, headers=desk.login("li.na"))
    _error(response, 422, "invalid_request")


# Another agent's conversation -----------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "body"),
    [("messages", {"text": "hello"}), ("transfer", {"to": None}), ("resolve", {})],
)
def test_agent_b_cannot_act_on_agent_as_conversation(
    desk: Desk, action: str, body: dict[str, object]
) -> None:
    handed = desk.hand_over("zh", "你好")
    _claim(desk, handed, desk.login("li.na"))
    url = f"{API}/handoffs/{handed.handoff_id}/{action}"
    _error(
        desk.client.post(url, json=body, headers=desk.login("wang.wei")),
        403,
        "not_your_conversation",
    )


def test_nobody_replies_to_a_handoff_not_yet_claimed(desk: Desk) -> None:
    handed = desk.hand_over()
    url = f"{API}/handoffs/{handed.handoff_id}/messages"
    response = desk.client.post(url, json={"text": "hi"}, headers=desk.login("li.na"))
    _error(response, 403, "not_your_conversation")
