"""Erasing a customer's conversations: messages, photos (rows and files), handoffs, callbacks."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from bot.agents.audit import audit_log
from bot.assistant import TrackerStore
from bot.attachments import PhotoFiles
from bot.complaints import ComplaintRequest, file_complaint, get_complaint
from bot.conversations import ConversationService
from bot.conversations.models import Attachment, Conversation, Message
from bot.db import Base, UowFactory, create_database_engine
from bot.handoff import HandoffRequest, HandoffSummary, request_handoff
from bot.handoff.callbacks import create_callback, open_callbacks
from bot.privacy import erase_customer, export_customer
from bot.warranty.models import SoldUnit
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

    erased = erase_customer(uow_factory, files, "139 1234 5678", now=NOW)

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
        erase_customer(uow_factory, PhotoFiles(tmp_path, 1_000), "abc", now=NOW)


def test_export_then_erase_leaves_nothing_of_the_number(
    uow_factory: UowFactory, tmp_path: Path
) -> None:
    files = PhotoFiles(tmp_path / "photos", max_bytes=1_000_000)
    service = ConversationService(uow_factory, ScriptedAssistant(), photos=files)
    mine = service.start(language="zh").conversation_id
    service.post(mine, text="我的电话是139 1234 5678，洗衣机漏水")
    complaint = file_complaint(
        uow_factory,
        ComplaintRequest(
            conversation_id=mine, language="zh", category="repair_quality",
            description="修完还漏水，请打 13912345678 联系我", model=None, serial_number=None,
            booking_reference=None, customer_name="王芳", phone="139 1234 5678",
        ),
        now=NOW,
    )  # fmt: skip
    with uow_factory() as uow:
        uow.session.add(
            SoldUnit(serial_number="WM2506000777", model="WM-7100", purchased_on=date(2026, 1, 5),
                     sales_channel="门店", phone=PHONE)
        )  # fmt: skip
        uow.commit()
    tracker = TrackerStore(create_database_engine(f"sqlite:///{tmp_path / 'tracker.db'}"))
    tracker.create()
    with sqlite3.connect(tmp_path / "tracker.db") as db:
        db.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', 0, ?)",
            [(mine, '{"text": "我的电话是139 1234 5678"}'), ("someone-else", "{}")],
        )

    exported = export_customer(uow_factory, "+86 139-1234-5678", NOW)
    assert exported["phone"] == PHONE
    [conversation] = exported["conversations"]
    assert conversation["id"] == mine
    assert "token_hash" not in conversation
    assert conversation["messages"][0]["text"] == "我的电话是139 1234 5678，洗衣机漏水"
    assert [c["reference"] for c in exported["complaints"]] == [complaint.reference]
    assert [u["serial_number"] for u in exported["registered_units"]] == ["WM2506000777"]
    json.dumps(exported)  # all of it is JSON

    erased = erase_customer(uow_factory, files, PHONE, tracker=tracker, actor="cli:ops", now=NOW)

    assert (erased.conversations, erased.service_records, erased.tracker_events) == (1, 2, 1)
    assert tracker.senders() == {"someone-else"}
    tracker.close()
    assert export_customer(uow_factory, PHONE, NOW)["conversations"] == []
    # Nothing of the number is left in any table, in any form it was written.
    with uow_factory() as uow:
        dump = json.dumps(
            [
                [list(row) for row in uow.session.execute(select(table))]
                for table in Base.metadata.sorted_tables
            ],
            ensure_ascii=False,
            default=str,
        )
    assert "12345678" not in dump.replace(" ", "").replace("-", "")
    # The complaint stays as a service record, without the customer.
    kept = get_complaint(uow_factory, complaint.reference)
    assert (kept.phone, kept.customer_name) == ("", None)
    assert "[erased]" in kept.description
    # The erase is in the audit log, with the number masked.
    [entry] = [e for e in audit_log(uow_factory) if e.action == "customer_erased"]
    assert (entry.actor, entry.detail["phone"], entry.detail["conversations"]) == (
        "cli:ops",
        "+*********5678",
        1,
    )
