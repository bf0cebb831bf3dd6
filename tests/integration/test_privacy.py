"""Erasing a customer's conversations: messages, photos (rows and files), handoffs, callbacks."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from bot.attachments import PhotoFiles
from bot.conversations import ConversationService
from bot.conversations.models import Attachment, Conversation, Message
from bot.db import UowFactory
from bot.handoff import HandoffRequest, HandoffSummary, request_handoff
from bot.handoff.callbacks import create_callback, open_callbacks
from bot.privacy import erase_customer
from tests.integration.helpers import count_rows
from tests.unit.assistant.scripted import ScriptedAssistant

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=timezone(timedelta(hours=8)))
PHONE = "+8613912345678"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 90, 200)).save(out, "JPEG")
    return out.getvalue()


def test_a_customers_conversations_and_photos_are_erased_and_others_kept(
    uow_factory: UowFactory, tmp_path: Path
) -> None:
    files = PhotoFiles(tmp_path / "photos", max_bytes=1_000_000)
    service = ConversationService(uow_factory, ScriptedAssistant(), photos=files)
    mine = service.start(language="zh").conversation_id
    other = service.start(language="zh").conversation_id
    for cid in (mine, other):
        service.post(cid, text="你好")
        service.attach(cid, _jpeg())
    request_handoff(
        uow_factory, mine, reason="customer_request", priority=2, language="zh",
        channel="api", summary=HandoffSummary(wants="E4", phone=PHONE), now=NOW,
    )  # fmt: skip
    create_callback(
        uow_factory, conversation_id=mine, phone=PHONE, preferred_time="明天", language="zh",
        channel="api", summary=None, now=NOW,
    )  # fmt: skip

    erased = erase_customer(uow_factory, files, "139 1234 5678")

    assert (erased.conversations, erased.photos, erased.handoffs, erased.callbacks) == (1, 1, 1, 1)
    assert erased.messages == 4  # hello, reply, photo, its acknowledgement
    assert count_rows(uow_factory, Conversation) == 1
    assert count_rows(uow_factory, Message, Message.conversation_id == mine) == 0
    assert count_rows(uow_factory, Attachment) == 1
    assert count_rows(uow_factory, HandoffRequest) == 0
    assert open_callbacks(uow_factory) == []
    with uow_factory() as uow:
        [left] = uow.session.scalars(select(Attachment)).all()
        assert left.conversation_id == other
        assert [p.name for p in (tmp_path / "photos").iterdir()] == [left.id]


def test_a_wrong_number_is_refused(uow_factory: UowFactory, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a phone number"):
        erase_customer(uow_factory, PhotoFiles(tmp_path, 1_000), "abc")
