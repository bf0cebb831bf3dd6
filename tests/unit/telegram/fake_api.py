"""A local fake of Telegram's Bot API, served by uvicorn in a thread, for the bot's tests.

It implements what the bot calls — ``getMe``, ``getUpdates``, ``sendMessage``,
``sendChatAction``, ``answerCallbackQuery``, ``editMessageReplyMarkup``, ``getFile`` and
the file download, ``setWebhook``, ``deleteWebhook`` — records every call, hands out the
updates a test queues (again and again if the test queues one twice), and can answer
``sendMessage`` with flood waits (429 and ``retry_after``) for a while.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

__all__ = ["BOT_USER", "Call", "FakeBotApi", "fake_bot_api"]

BOT_USER = {"id": 7000, "is_bot": True, "first_name": "Mingjia", "username": "mingjia_bot"}


@dataclass(frozen=True)
class Call:
    """One call the bot made: the method and its parameters (JSON values decoded)."""

    method: str
    params: dict[str, Any]


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


@dataclass
class FakeBotApi:
    """The fake server's state; ``url`` is the base URL to give the bot (``…/bot``)."""

    url: str = ""
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    flood_sends: int = 0
    flood_seconds: int = 1
    refused_sends: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next_message_id: int = 100

    def queue(self, *updates: dict[str, Any]) -> None:
        """Queues updates for the next ``getUpdates``."""
        with self._lock:
            self.updates.extend(updates)

    def of(self, method: str) -> list[dict[str, Any]]:
        """The parameters of every call of ``method``, in order."""
        with self._lock:
            return [call.params for call in self.calls if call.method == method]

    def texts(self, chat_id: int | None = None) -> list[str]:
        """The texts sent with ``sendMessage`` (to one chat), in order."""
        return [
            str(p["text"])
            for p in self.of("sendMessage")
            if chat_id is None or p["chat_id"] == chat_id
        ]

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> None:
        """Waits until ``predicate()`` is true, or fails."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls: {[c.method for c in self.calls]}")
            time.sleep(0.05)

    async def await_for(self, predicate: Any, timeout: float = 10.0) -> None:
        """Waits (asynchronously) until ``predicate()`` is true, or fails."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls: {[c.method for c in self.calls]}")
            await asyncio.sleep(0.05)

    async def _method(self, request: Request) -> Response:
        method = request.path_params["method"]
        body = (await request.body()).decode()
        if request.headers.get("content-type", "").startswith("application/json"):
            params = json.loads(body or "{}")
        else:
            params = {key: _decode(value) for key, value in parse_qsl(body)}
        with self._lock:
            flooded = method == "sendMessage" and self.flood_sends > 0
            if flooded:
                self.flood_sends -= 1
            # A refused send is recorded as ``sendMessage#429``: only accepted ones count.
            self.calls.append(Call(f"{method}#429" if flooded else method, params))
        if flooded:
            return JSONResponse(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {self.flood_seconds}",
                    "parameters": {"retry_after": self.flood_seconds},
                },
                status_code=429,
            )
        return JSONResponse({"ok": True, "result": await self._result(method, params)})

    async def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            deadline = time.monotonic() + min(float(params.get("timeout", 0) or 0), 1.0)
            while True:
                with self._lock:
                    taken, self.updates = self.updates, []
                if taken or time.monotonic() >= deadline:
                    return taken
                await asyncio.sleep(0.02)
        if method == "sendMessage":
            with self._lock:
                self._next_message_id += 1
                message_id = self._next_message_id
            return {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": params["chat_id"], "type": "private"},
                "from": BOT_USER,
                "text": params["text"],
            }
        if method == "getFile":
            file_id = str(params["file_id"])
            return {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": len(self.files.get(file_id, b"")),
                "file_path": f"photos/{file_id}.jpg",
            }
        return True

    async def _file(self, request: Request) -> Response:
        name = request.path_params["path"].removeprefix("photos/").removesuffix(".jpg")
        if name not in self.files:
            return Response(status_code=404)
        return Response(self.files[name], media_type="image/jpeg")

    def app(self) -> Starlette:
        """The ASGI application."""
        return Starlette(
            routes=[
                Route("/bot{token}/{method}", self._method, methods=["POST", "GET"]),
                Route("/file/bot{token}/{path:path}", self._file, methods=["GET"]),
            ]
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def fake_bot_api() -> Iterator[FakeBotApi]:
    """Serves a fresh fake Bot API on a free local port while the block runs."""
    api = FakeBotApi()
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(api.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the fake Bot API did not start")
        time.sleep(0.02)
    api.url = f"http://127.0.0.1:{port}/bot"
    try:
        yield api
    finally:
        server.should_exit = True
        thread.join(timeout=5)
