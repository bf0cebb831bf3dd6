from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from bot.gateway.limits import BodySizeLimitMiddleware
from bot.settings import Settings
from tests.unit.gateway.talk import Started

LIMIT = 1_024


async def _echo(request: Request) -> PlainTextResponse:
    return PlainTextResponse(str(len(await request.body())))


@pytest.fixture
def limited() -> Iterator[TestClient]:
    """An application that answers the length of the body it read, behind the limit."""
    app = Starlette(routes=[Route("/", _echo, methods=["POST"])])
    with TestClient(BodySizeLimitMiddleware(app, max_bytes=LIMIT)) as client:
        yield client


def _chunks(size: int) -> Iterator[bytes]:
    for _ in range(size // 100):
        yield b"x" * 100


@pytest.mark.parametrize("size", [0, 1, LIMIT])
def test_bodies_up_to_the_limit_pass(limited: TestClient, size: int) -> None:
    response = limited.post("/", content=b"x" * size)
    assert (response.status_code, response.text) == (200, str(size))


def test_a_chunked_body_within_the_limit_passes(limited: TestClient) -> None:
    response = limited.post("/", content=_chunks(1_000))
    assert (response.status_code, response.text) == (200, "1000")


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (b"x" * (LIMIT + 1), {}),
        (b"x", {"Content-Length": str(LIMIT + 1)}),
        (b"x", {"Content-Length": "abc"}),
    ],
)
def test_larger_bodies_are_refused(
    limited: TestClient, content: bytes | Iterator[bytes], headers: dict[str, str]
) -> None:
    response = limited.post("/", content=content, headers=headers)
    assert response.status_code == 413
    assert response.json() == {
        "error": {
            "code": "request_too_large",
            "message": f"the request body must not exceed {LIMIT} bytes",
        }
    }


def test_a_larger_chunked_body_is_refused_while_it_is_read(limited: TestClient) -> None:
    response = limited.post("/", content=_chunks(LIMIT + 100))
    assert response.status_code == 413
    assert response.text == f"the request body must not exceed {LIMIT} bytes"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_body_bytes": 2_048})


def test_the_gateway_applies_its_setting_with_json_errors(
    client: TestClient, started: Started
) -> None:
    body = {"text": "x" * 1_900}
    assert client.post(started.url, json=body, headers=started.headers).status_code == 200
    body = {"text": "x" * 2_100}
    response = client.post(started.url, json=body, headers=started.headers)
    assert response.status_code == 413
    assert response.json()["error"] == {
        "code": "request_too_large",
        "message": "the request body must not exceed 2048 bytes",
    }

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        yield from _chunks(3_000)
        yield b'"}'

    chunked = client.post(
        started.url,
        content=chunks(),
        headers={**started.headers, "Content-Type": "application/json"},
    )
    assert chunked.status_code == 413
    assert chunked.json()["error"]["code"] == "request_too_large"
