"""Photos over the conversation API: checked by content, re-encoded, served only as images."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image

from bot.db import UowFactory
from bot.handoff import HandoffSummary, request_handoff
from bot.settings import Settings
from bot.texts import render
from tests.unit.gateway.desk import Desk
from tests.unit.gateway.talk import Started, start

NOW = datetime(2026, 12, 3, 2, 0, tzinfo=timezone.utc)


def photo(kind: str = "JPEG", size: tuple[int, int] = (64, 48), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 40, 40))
    out = io.BytesIO()
    if exif:
        tags = Image.Exif()
        tags[0x010E] = "GPS secret"  # ImageDescription, kept by no re-encoding
        image.save(out, kind, exif=tags.tobytes())
    else:
        image.save(out, kind)
    return out.getvalue()


def _send(
    client: TestClient, started: Started, data: bytes, kind: str = "image/jpeg"
) -> httpx.Response:
    url = f"/api/v1/conversations/{started.conversation_id}/attachments"
    response: httpx.Response = client.post(
        url, content=data, headers={**started.headers, "Content-Type": kind}
    )
    return response


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_a_photo_becomes_a_message_the_customer_and_agent_can_read_back(
    client: TestClient, started: Started, kind: str, settings: Settings
) -> None:
    response = _send(client, started, photo(kind), f"image/{kind.lower()}")
    assert response.status_code == 201, response.text
    body = response.json()
    attachment = body["attachment"]
    assert (attachment["width"], attachment["height"]) == (64, 48)
    assert attachment["content_type"] == f"image/{kind.lower()}"
    assert [r["text"] for r in body["replies"]] == [render("photo_received", "zh")]

    history = client.get(started.url, headers=started.headers).json()["messages"]
    [sent] = [m for m in history if m["seq"] == body["seq"]]
    assert (sent["sender"], sent["text"]) == ("customer", render("photo_caption", "zh"))
    assert sent["attachments"] == [attachment]

    served = client.get(attachment["url"], headers=started.headers)
    assert served.status_code == 200
    assert served.headers["content-type"] == attachment["content_type"]
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in served.headers["content-security-policy"]
    assert Image.open(io.BytesIO(served.content)).size == (64, 48)
    # Also with ?token= (for an <img> tag), never without a token.
    token = started.headers["Authorization"].removeprefix("Bearer ")
    assert client.get(attachment["url"], params={"token": token}).status_code == 200
    assert client.get(attachment["url"]).status_code == 401
    # Kept outside the database.
    assert (settings.data_dir / "attachments" / attachment["id"]).is_file()


def test_another_conversations_token_reads_nothing(client: TestClient, started: Started) -> None:
    attachment = _send(client, started, photo()).json()["attachment"]
    other = start(client)
    url = f"/api/v1/conversations/{other.conversation_id}/attachments/{attachment['id']}"
    assert client.get(url, headers=other.headers).status_code == 404
    assert client.get(attachment["url"], headers=other.headers).status_code == 401


def test_metadata_is_dropped_and_a_polyglot_is_served_only_as_its_image(
    client: TestClient, started: Started
) -> None:
    with_exif = _send(client, started, photo(exif=True)).json()["attachment"]
    served = client.get(with_exif["url"], headers=started.headers).content
    assert b"GPS secret" not in served
    polyglot = photo("PNG") + b"<html><script>alert(1)</script></html>"
    stored = _send(client, started, polyglot, "image/png").json()["attachment"]
    served = client.get(stored["url"], headers=started.headers).content
    assert b"<script>" not in served
    assert served.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (b"<html><script>alert(1)</script></html>", "image/jpeg"),  # a page named as a photo
        (b"GIF89a" + b"\x00" * 40, "image/gif"),
        (b"", "image/jpeg"),
    ],
)
def test_what_is_not_a_photo_is_refused_by_its_content(
    client: TestClient, started: Started, data: bytes, declared: str
) -> None:
    response = _send(client, started, data, declared)
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_attachment"
    assert client.get(started.url, headers=started.headers).json()["messages"] == []


def test_a_gif_is_an_unsupported_type(client: TestClient, started: Started) -> None:
    response = _send(client, started, photo("GIF"), "image/gif")
    assert response.status_code == 415


def test_a_photo_too_large_is_refused_before_it_is_read(
    client: TestClient, started: Started, settings: Settings
) -> None:
    response = _send(client, started, b"\xff\xd8\xff" + b"0" * settings.max_attachment_bytes)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    assert not list(settings.data_dir.glob("attachments/*"))


def test_while_a_person_has_the_chat_the_photo_waits_for_them(
    client: TestClient, started: Started, uow_factory: UowFactory
) -> None:
    client.post(started.url, json={"text": "你好"}, headers=started.headers)
    request_handoff(
        uow_factory,
        started.conversation_id,
        reason="customer_request",
        priority=2,
        language="zh",
        channel="api",
        summary=HandoffSummary(wants="洗衣机E4"),
        now=NOW,
    )
    body = _send(client, started, photo()).json()
    assert (body["replies"], body["state"]) == ([], "waiting")


def test_settings_place_the_photos(tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).effective_attachments_dir == tmp_path / "attachments"
    chosen = tmp_path / "elsewhere"
    assert Settings(attachments_dir=chosen).effective_attachments_dir == chosen


def test_the_agent_sees_the_photo_in_the_case_file_and_reads_it(
    app: FastAPI, client: TestClient
) -> None:
    desk = Desk(app, client)
    handed = desk.hand_over()
    sent = _send(client, handed.started, photo()).json()["attachment"]
    li = desk.login("li.na")
    case = client.get(f"/api/v1/agent/handoffs/{handed.handoff_id}", headers=li).json()
    [line] = [m for m in case["transcript"] if m["attachments"]]
    [shown] = line["attachments"]
    assert shown["url"] == f"/api/v1/agent/attachments/{sent['id']}"
    served = client.get(shown["url"], headers=li)
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/jpeg"
    # Agent URLs need an agent: the customer's token opens nothing there.
    assert client.get(shown["url"], headers=handed.started.headers).status_code == 401
    assert client.get("/api/v1/agent/attachments/nosuch", headers=li).status_code == 404
