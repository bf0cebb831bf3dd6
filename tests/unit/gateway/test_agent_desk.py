"""Working a handoff through the agent API: reply, notes, transfer, resolve, the case file,
suggestions, look-ups, callbacks and the audit log; no secret in any answer or log."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.agents import AgentAccount, set_active
from bot.complaints import ComplaintRequest, file_complaint
from bot.conversations.models import Conversation
from bot.handoff.callbacks import create_callback
from bot.knowledge import KnowledgeSource
from tests.unit.gateway.desk import API, PASSWORD, Desk, Handed


@pytest.fixture
def desk(app: FastAPI, client: TestClient) -> Desk:
    return Desk(app, client)


@pytest.fixture
def resolved(app: FastAPI, client: TestClient) -> list[int]:
    """The handoffs the gateway's after-resolve hook was called with."""
    calls: list[int] = []
    app.state.after_resolve = calls.append
    return calls


def _post(
    desk: Desk, handed: Handed, action: str, headers: dict[str, str], **body: object
) -> httpx.Response:
    response: httpx.Response = desk.client.post(
        f"{API}/handoffs/{handed.handoff_id}/{action}", json=body, headers=headers
    )
    return response


def _state(desk: Desk, handed: Handed) -> str:
    with desk.uow_factory() as uow:
        return uow.session.get_one(Conversation, handed.started.conversation_id).state


def test_the_customer_receives_the_agents_reply_under_the_agents_name(desk: Desk) -> None:
    handed = desk.hand_over()
    li = desk.login("li.na")
    _post(desk, handed, "claim", li)
    response = _post(desk, handed, "messages", li, text="Hello, I am Li Na.")
    assert response.status_code == 201
    seq = response.json()["seq"]
    history = desk.client.get(handed.started.url, headers=handed.started.headers).json()
    assert history["messages"][-1] | {"at": None} == {
        "seq": seq,
        "sender": "agent",
        "author": "Li.Na",
        "text": "Hello, I am Li Na.",
        "buttons": [],
        "at": None,
        "attachments": [],
    }


@pytest.mark.parametrize("text", ["", "   ", "x" * 5000])
def test_an_empty_or_long_reply_is_422(desk: Desk, text: str) -> None:
    handed = desk.hand_over()
    li = desk.login("li.na")
    _post(desk, handed, "claim", li)
    response = _post(desk, handed, "messages", li, text=text)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_notes_are_private_and_in_the_case_file(desk: Desk) -> None:
    handed = desk.hand_over()
    li = desk.login("li.na")
    response = _post(desk, handed, "notes", li, text="Customer called twice before.")
    assert response.status_code == 201
    assert response.json()["author"] == "li.na"
    detail = desk.client.get(f"{API}/handoffs/{handed.handoff_id}", headers=li).json()
    assert [n["text"] for n in detail["notes"]] == ["Customer called twice before."]
    history = desk.client.get(handed.started.url, headers=handed.started.headers).json()
    assert all("twice" not in m["text"] for m in history["messages"])


def test_the_case_file_holds_summary_transcript_and_history(
    desk: Desk, resolved: list[int]
) -> None:
    first = desk.hand_over("en", "my washer shows E21")
    li = desk.login("li.na")
    _post(desk, first, "claim", li)
    desk.client.post(
        f"{API}/handoffs/{first.handoff_id}/resolve", json={}, headers=li
    )  # back to the bot; the same customer asks again
    second_id = desk.request(
        first.started.conversation_id,
        wants="still broken",
        model="WM-8012",
        booking_references=("RV-ABCD1234",),
    )
    detail = desk.client.get(f"{API}/handoffs/{second_id}", headers=li).json()
    assert detail["summary"]["model"] == "WM-8012"
    assert detail["summary"]["wants"] == "still broken"
    assert [(m["sender"], m["text"]) for m in detail["transcript"]][:3] == [
        ("customer", "my washer shows E21"),
        ("bot", "Hello"),
        ("bot", "Bye"),
    ]
    assert detail["history"]["booking_references"] == ["RV-ABCD1234"]
    assert [h["id"] for h in detail["history"]["handoffs"]] == [first.handoff_id]


def test_a_handoff_is_transferred_to_a_colleague_or_back_to_the_queue(desk: Desk) -> None:
    handed = desk.hand_over("zh", "你好")
    li, wang = desk.login("li.na"), desk.login("wang.wei")
    _post(desk, handed, "claim", li)
    for to in ("nobody", "li.na"):
        response = _post(desk, handed, "transfer", li, to=to)
        assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"  # to oneself
    assert (
        _post(desk, handed, "transfer", li, to="ghost").json()["error"]["code"] == "unknown_agent"
    )
    moved = _post(desk, handed, "transfer", li, to="Wang.Wei")
    assert (moved.status_code, moved.json()["agent"]) == (200, "wang.wei")
    assert _post(desk, handed, "messages", wang, text="我来帮您").status_code == 201
    back = _post(desk, handed, "transfer", wang, to=None)
    assert (back.json()["status"], back.json()["agent"]) == ("waiting", None)
    assert _state(desk, handed) == "waiting"


def test_a_disabled_colleague_cannot_be_given_a_handoff(desk: Desk) -> None:
    handed = desk.hand_over("zh", "你好")
    li = desk.login("li.na")
    _post(desk, handed, "claim", li)
    set_active(desk.uow_factory, "wang.wei", active=False)
    response = _post(desk, handed, "transfer", li, to="wang.wei")
    assert (response.status_code, response.json()["error"]["code"]) == (422, "unknown_agent")


def test_resolving_gives_the_conversation_back_and_calls_the_resume_hook(
    desk: Desk, resolved: list[int]
) -> None:
    handed = desk.hand_over()
    li = desk.login("li.na")
    _post(desk, handed, "claim", li)
    response = _post(desk, handed, "resolve", li)
    assert (response.status_code, response.json()["status"]) == (200, "resolved")
    assert resolved == [handed.handoff_id]
    assert _state(desk, handed) == "bot"
    again = _post(desk, handed, "resolve", li)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "handoff_not_open")
    assert resolved == [handed.handoff_id]


def test_resolving_with_close_closes_the_conversation(desk: Desk, resolved: list[int]) -> None:
    handed = desk.hand_over()
    li = desk.login("li.na")
    _post(desk, handed, "claim", li)
    assert _post(desk, handed, "resolve", li, close=True).status_code == 200
    assert _state(desk, handed) == "closed"


@pytest.mark.parametrize(
    ("language", "text"),
    [("zh", "洗衣机显示E21怎么办"), ("en", "my washing machine shows error E21")],
)
def test_suggestions_answer_the_latest_message_in_the_customers_language(
    desk: Desk, app: FastAPI, language: str, text: str
) -> None:
    handed = desk.hand_over(language, text, category="washing_machine")
    response = desk.client.get(
        f"{API}/handoffs/{handed.handoff_id}/suggestions", headers=desk.login("boss")
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert 1 <= len(items) <= 3
    source: KnowledgeSource = app.state.knowledge
    for item in items:
        article = source.base().articles[item["article_id"]]
        assert item["title"] == article.title(language)  # type: ignore[arg-type]
        assert item["text"] == article.answer(language)  # type: ignore[arg-type]
    best = source.index().search(text, language, category="washing_machine")[0]  # type: ignore[arg-type]
    assert items[0]["article_id"] == best.article.id


def test_bookings_and_complaints_are_read_by_reference(desk: Desk) -> None:
    li = desk.login("li.na")
    complaint = file_complaint(
        desk.uow_factory,
        ComplaintRequest(
            conversation_id=None,
            language="en",
            category="repair_quality",
            description="The repair did not last a week.",
            model=None,
            serial_number=None,
            booking_reference=None,
            customer_name="Chen",
            phone="13800138000",
        ),
        now=desk.clock.now(),
    )
    found = desk.client.get(f"{API}/complaints/{complaint.reference.lower()}", headers=li)
    assert (found.status_code, found.json()["reference"]) == (200, complaint.reference)
    assert found.json()["description"] == "The repair did not last a week."
    for what in ("bookings", "complaints"):
        missing = desk.client.get(f"{API}/{what}/XX-00000000", headers=li)
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == f"{what[:-1]}_not_found"


def test_callbacks_are_listed_oldest_first_until_done(desk: Desk) -> None:
    li = desk.login("li.na")
    references = [
        create_callback(
            desk.uow_factory,
            conversation_id=None,
            phone="13800138000",
            preferred_time=when,
            language="zh",
            channel="api",
            summary=None,
            now=desk.clock.now(),
        )
        for when in ("tomorrow morning", "after 6 pm")
    ]
    listed = desk.client.get(f"{API}/callbacks", headers=li).json()["items"]
    assert [c["reference"] for c in listed] == references
    done = desk.client.post(f"{API}/callbacks/{references[0]}/done", headers=li)
    assert (done.json()["status"], done.json()["done_by"]) == ("done", "li.na")
    listed = desk.client.get(f"{API}/callbacks", headers=li).json()["items"]
    assert [c["reference"] for c in listed] == references[1:]
    again = desk.client.post(f"{API}/callbacks/{references[0]}/done", headers=li)
    assert (again.status_code, again.json()["error"]["code"]) == (404, "callback_not_found")


def test_the_audit_log_is_for_supervisors_and_holds_every_step(
    desk: Desk, resolved: list[int]
) -> None:
    wrong = desk.client.post(f"{API}/session", json={"username": "li.na", "password": "nope"})
    assert wrong.status_code == 401
    li = desk.login("li.na")
    handed = desk.hand_over()
    _post(desk, handed, "claim", li)
    _post(desk, handed, "messages", li, text="On it.")
    _post(desk, handed, "notes", li, text="Known fault.")
    _post(desk, handed, "transfer", li, to="boss")
    boss = desk.login("boss")
    _post(desk, handed, "resolve", boss)
    desk.client.delete(f"{API}/session", headers=li)

    response = desk.client.get(f"{API}/audit", headers=desk.login("wang.wei"))
    assert (response.status_code, response.json()["error"]["code"]) == (403, "forbidden")
    log = desk.client.get(f"{API}/audit", params={"limit": 200}, headers=boss).json()
    steps = {(e["actor"], e["action"]) for e in log["items"]}
    assert {
        ("li.na", "login_failed"),
        ("li.na", "login"),
        ("li.na", "claimed"),
        ("li.na", "replied"),
        ("li.na", "noted"),
        ("li.na", "transferred"),
        ("boss", "resolved"),
        ("li.na", "logout"),
    } <= steps
    page = desk.client.get(f"{API}/audit", params={"offset": 1, "limit": 2}, headers=boss).json()
    assert page["items"] == log["items"][1:3]


def test_no_answer_and_no_log_line_holds_a_password_or_its_hash(
    desk: Desk, resolved: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bodies: list[str] = []

    def call(method: str, path: str, headers: dict[str, str] | None = None, **body: object) -> None:
        response = desk.client.request(
            method, f"{API}{path}", json=body or None, headers=headers or {}
        )
        bodies.append(response.text)

    call("POST", "/session", username="li.na", password="wrong password")
    call("POST", "/session", username="li.na", password=PASSWORD)
    li = {"Authorization": f"Bearer {json.loads(bodies[-1])['token']}"}
    boss = desk.login("boss")
    handed = desk.hand_over()
    for method, path, headers, body in [
        ("GET", "/me", li, {}),
        ("PUT", "/me/presence", li, {"presence": "online"}),
        ("GET", "/handoffs", li, {}),
        ("POST", f"/handoffs/{handed.handoff_id}/claim", li, {}),
        ("GET", f"/handoffs/{handed.handoff_id}", li, {}),
        ("POST", f"/handoffs/{handed.handoff_id}/messages", li, {"text": "hi"}),
        ("POST", f"/handoffs/{handed.handoff_id}/notes", li, {"text": "note"}),
        ("POST", f"/handoffs/{handed.handoff_id}/transfer", li, {"to": "boss"}),
        ("POST", f"/handoffs/{handed.handoff_id}/resolve", boss, {}),
        ("GET", "/handoffs?status=resolved", boss, {}),
        ("GET", "/audit?limit=200", boss, {}),
        ("DELETE", "/session", li, {}),
    ]:
        call(method, path, headers, **body)
    with desk.uow_factory() as uow:
        hashes = uow.session.scalars(select(AgentAccount.password_hash)).all()
    everything = "\n".join(bodies)
    assert len(bodies) == 14
    assert '"token"' in everything
    assert "$argon2" not in everything
    assert all(h not in everything for h in hashes)
    assert PASSWORD not in everything
    assert "wrong password" not in everything
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "$argon2" not in logged
    assert PASSWORD not in logged
    assert "wrong password" not in logged


def test_every_agent_route_is_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    ours = {path: set(ops) for path, ops in paths.items() if path.startswith(API)}
    assert {
        f"{API}/session": {"post", "delete"},
        f"{API}/me": {"get"},
        f"{API}/me/presence": {"put"},
        f"{API}/handoffs": {"get"},
        f"{API}/handoffs/{{handoff_id}}": {"get"},
        f"{API}/handoffs/{{handoff_id}}/claim": {"post"},
        f"{API}/handoffs/{{handoff_id}}/messages": {"post"},
        f"{API}/handoffs/{{handoff_id}}/notes": {"post"},
        f"{API}/handoffs/{{handoff_id}}/transfer": {"post"},
        f"{API}/handoffs/{{handoff_id}}/resolve": {"post"},
        f"{API}/handoffs/{{handoff_id}}/suggestions": {"get"},
        f"{API}/callbacks": {"get"},
        f"{API}/callbacks/{{reference}}/done": {"post"},
        f"{API}/bookings/{{reference}}": {"get"},
        f"{API}/complaints/{{reference}}": {"get"},
        f"{API}/audit": {"get"},
    }.items() <= ours.items()
    for path, operations in paths.items():
        if path.startswith(API) and not path.endswith("/stream"):
            for operation in operations.values():
                assert operation["tags"] == ["agents"]
                assert "401" in operation["responses"]


def test_only_the_holder_may_show_they_are_typing(desk: Desk, app: FastAPI) -> None:
    handed = desk.hand_over()
    li, wang = desk.login("li.na"), desk.login("wang.wei")
    assert _post(desk, handed, "typing", li).status_code == 403  # nobody holds it yet
    _post(desk, handed, "claim", li)
    assert _post(desk, handed, "typing", wang).status_code == 403
    assert _post(desk, handed, "typing", li).status_code == 204
    board = app.state.typing
    typing = board.current(handed.started.conversation_id, desk.clock.now())
    assert typing is not None
    assert typing.who == "Li.Na"
