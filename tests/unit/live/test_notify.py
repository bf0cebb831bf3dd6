"""Every answered write wakes the streams; reads do not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.live import ChangeFeed
from bot.live.notify import NotifyOnWriteMiddleware


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = FastAPI()
    app.add_middleware(NotifyOnWriteMiddleware)
    app.state.feed = ChangeFeed()

    @app.get("/thing")
    def read() -> dict[str, int]:
        return {"version": app.state.feed.version}

    @app.post("/thing")
    def write() -> dict[str, int]:
        # The route runs before the notification: it sees the version before it.
        return {"version": app.state.feed.version}

    @app.delete("/thing", status_code=500)
    def fail() -> None:
        raise RuntimeError("broken")

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _version(client: TestClient) -> int:
    feed = client.app.state.feed  # type: ignore[attr-defined]
    assert isinstance(feed, ChangeFeed)
    return feed.version


def test_reads_notify_nobody(client: TestClient) -> None:
    client.get("/thing")
    client.head("/thing")
    client.options("/thing")
    assert _version(client) == 0


def test_a_write_notifies_after_the_route_has_run(client: TestClient) -> None:
    assert client.post("/thing").json() == {"version": 0}
    assert _version(client) >= 1


def test_a_failed_write_notifies_too(client: TestClient) -> None:
    assert client.delete("/thing").status_code == 500
    assert _version(client) >= 1


def test_an_app_without_a_feed_is_served_as_usual() -> None:
    app = FastAPI()
    app.add_middleware(NotifyOnWriteMiddleware)

    @app.post("/thing")
    def write() -> dict[str, bool]:
        return {"ok": True}

    with TestClient(app) as client:
        assert client.post("/thing").json() == {"ok": True}
