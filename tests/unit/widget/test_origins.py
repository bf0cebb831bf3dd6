"""Other sites' browsers: CORS for the origins listed in the settings, 403 for the rest."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.settings import SettingsError, load_settings
from bot.widget.origins import request_origin
from tests.unit.widget.conftest import SHOP

STRANGER = "https://evil.example.net"


def _start(client: TestClient, origin: str | None = None) -> tuple[str, dict[str, str]]:
    headers = {"Origin": origin} if origin else {}
    created = client.post("/api/v1/conversations", json={"language": "en"}, headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    return body["conversation_id"], {"Authorization": f"Bearer {body['token']}"}


def test_requests_without_an_origin_or_from_the_gateway_itself_are_served(
    client: TestClient,
) -> None:
    _start(client)
    conversation_id, auth = _start(client, "http://testserver")
    posted = client.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        json={"text": "hello"},
        headers={**auth, "Origin": "http://testserver"},
    )
    assert posted.status_code == 200, posted.text
    assert "access-control-allow-origin" not in posted.headers


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("POST", ""),
        ("POST", "/{id}/messages"),
        ("GET", "/{id}/messages"),
        ("GET", "/{id}/stream"),
        ("POST", "/{id}/attachments"),
        ("OPTIONS", "/{id}/messages"),
    ],
)
def test_another_site_is_refused_with_the_setting_to_change(
    client: TestClient, method: str, suffix: str
) -> None:
    conversation_id, auth = _start(client)
    response = client.request(
        method,
        "/api/v1/conversations" + suffix.format(id=conversation_id),
        headers={**auth, "Origin": STRANGER, "Access-Control-Request-Method": "POST"},
        json={"text": "hello"} if method == "POST" else None,
    )
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "origin_not_allowed"
    assert "ASSISTANT_WIDGET_ORIGINS" in error["message"]
    assert "access-control-allow-origin" not in response.headers


def test_a_listed_site_passes_the_preflight(client: TestClient) -> None:
    conversation_id, _ = _start(client)
    response = client.options(
        f"/api/v1/conversations/{conversation_id}/messages",
        headers={
            "Origin": SHOP,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == SHOP
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed
    assert "content-type" in allowed
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in response.headers


def test_a_listed_site_talks_with_cors_headers(client: TestClient) -> None:
    conversation_id, auth = _start(client, SHOP)
    posted = client.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        json={"text": "hello"},
        headers={**auth, "Origin": SHOP},
    )
    assert posted.status_code == 200, posted.text
    assert posted.headers["access-control-allow-origin"] == SHOP
    assert "origin" in posted.headers["vary"].lower()
    refused = client.get(
        f"/api/v1/conversations/{conversation_id}/messages", headers={"Origin": SHOP}
    )
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == SHOP


def test_the_agent_api_and_console_stay_same_origin(client: TestClient) -> None:
    preflight = client.options(
        "/api/v1/agent/session",
        headers={"Origin": SHOP, "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    login = client.post(
        "/api/v1/agent/session",
        json={"username": "nobody", "password": "wrong password"},
        headers={"Origin": SHOP},
    )
    assert "access-control-allow-origin" not in login.headers
    assert "access-control-allow-origin" not in client.get("/console/login").headers


def test_the_setting_is_read_as_origins_browsers_send(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "ASSISTANT_WIDGET_ORIGINS", " HTTPS://Shop.Example.com:443/ , http://localhost:8080,"
    )
    settings = load_settings()
    assert settings.allowed_widget_origins == {
        "https://shop.example.com",
        "http://localhost:8080",
    }


def test_by_default_only_the_gateway_itself_may_use_the_api(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ASSISTANT_WIDGET_ORIGINS", raising=False)
    assert load_settings().allowed_widget_origins == frozenset()


@pytest.mark.parametrize(
    "value", ["shop.example.com", "https://shop.example.com/chat", "*", "ftp://shop.example.com"]
)
def test_a_malformed_origin_is_named(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ASSISTANT_WIDGET_ORIGINS", value)
    with pytest.raises(SettingsError, match="ASSISTANT_WIDGET_ORIGINS"):
        load_settings()


@pytest.mark.parametrize(
    ("scheme", "host", "origin"),
    [
        ("http", "example.com:80", "http://example.com"),
        ("https", "Example.com:443", "https://example.com"),
        ("http", "127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http", "[::1]", "http://[::1]"),
    ],
)
def test_the_gateway_knows_its_own_origin(scheme: str, host: str, origin: str) -> None:
    scope = {"type": "http", "scheme": scheme, "headers": [(b"host", host.encode())]}
    assert request_origin(scope) == origin
