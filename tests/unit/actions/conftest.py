from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from bot import services
from bot.db import UowFactory
from bot.language import Language
from bot.repairs import (
    SERVICE_TZ,
    Booking,
    BookingRequest,
    Window,
    book,
    import_network,
    load_network,
)
from bot.stack import PROJECT_ROOT
from bot.texts import MESSAGES
from bot.warranty.registry import import_registry

#: The test service network (tests/data/service_network.yml): Shanghai repairs everything
#: with one technician working 08:00-20:00 every day; Suzhou repairs only washers.
NETWORK_FILE = PROJECT_ROOT / "tests" / "data" / "service_network.yml"

#: Sold units: a washer bought 100 days ago (fully under warranty), one bought five
#: years ago (out of warranty).
IN_WARRANTY_SERIAL = "WM2404001234"
OUT_OF_WARRANTY_SERIAL = "WM1904005678"
REGISTERED_PHONE = "+8613812345678"

#: Opens a unit of work on the service database.

#: The domain, for the actions that do not read it.
NO_DOMAIN = cast(DomainDict, {})
#: The button that hands the conversation to a person.
PERSON = {
    "zh": {"title": "转人工客服", "payload": "/request_human"},
    "en": {"title": "Talk to a person", "payload": "/request_human"},
}


@pytest.fixture(scope="session")
def domain() -> DomainDict:
    loaded: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text("utf-8"))
    return cast(DomainDict, loaded)


def make_tracker(
    text: str,
    intent: str = "ask_product",
    *,
    entities: list[dict[str, Any]] | None = None,
    active_loop: dict[str, Any] | None = None,
    sender_id: str = "c1",
    confidence: float = 0.9,
    **slots: Any,
) -> Tracker:
    """A tracker as Rasa sends it after the customer said ``text``."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
    }
    return Tracker(
        sender_id=sender_id,
        slots={"language": "zh", **slots},
        latest_message=latest,
        events=[{"event": "user", "text": text}],
        paused=False,
        followup_action=None,
        active_loop=active_loop or {},
        latest_action_name="action_listen",
    )


@pytest.fixture(autouse=True)
def own_runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every action test runs on a database of its own, never on the work tree's ``var/``.

    ``services.runtime`` is cached, so its cache is cleared before and after: the actions
    then open units of work on this test's database, and no other test sees it.
    """
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    services.runtime.cache_clear()
    yield
    services.runtime.cache_clear()


@pytest.fixture
def service_db(tmp_path: Path) -> UowFactory:
    """This test's database, holding :data:`NETWORK_FILE`'s network and two sold units."""
    uow_factory = services.unit_of_work()
    import_network(uow_factory, load_network(NETWORK_FILE))
    today = services.clock().today()
    registry = tmp_path / "units.csv"
    registry.write_text(
        "serial_number,model,purchase_date,sales_channel,phone\n"
        f"{IN_WARRANTY_SERIAL},WM-8012,{today - timedelta(days=100)},JD,{REGISTERED_PHONE}\n"
        f"{OUT_OF_WARRANTY_SERIAL},WM-8012,{today - timedelta(days=5 * 366)},JD,"
        f"{REGISTERED_PHONE}\n",
        encoding="utf-8",
    )
    report = import_registry(registry, uow_factory, services.knowledge(), today)
    assert report.errors == [], report.errors
    return uow_factory


def msg(key: str, language: Language, **values: Any) -> str:
    """Catalogue message ``key`` in ``language``, filled in."""
    return MESSAGES[key](language).format(**values)


def soonest_starts(
    count: int = 5, *, first_hour: int = 8, last_start: int = 18, skip: int = 0
) -> list[datetime]:
    """The next free window starts of a technician working two-hour windows every day.

    Windows start from ``first_hour`` to ``last_start`` (service time), at least the
    network's two hours of lead time from now; the first ``skip`` are left out.
    """
    earliest = datetime.now(SERVICE_TZ) + timedelta(hours=2)
    found: list[datetime] = []
    day = earliest.date()
    while len(found) < count + skip:
        for hour in range(first_hour, last_start + 1, 2):
            start = datetime.combine(day, time(hour), tzinfo=SERVICE_TZ)
            if start >= earliest:
                found.append(start)
        day += timedelta(days=1)
    return found[skip : skip + count]


_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def window_title(start: datetime, language: Language) -> str:
    """``12月3日（周四）10:00–12:00`` / ``Thu 3 Dec, 10:00–12:00`` for a two-hour window."""
    end = start + timedelta(hours=2)
    hours = f"{start:%H:%M}–{end:%H:%M}"
    if language == "zh":
        return f"{start.month}月{start.day}日（周{'一二三四五六日'[start.weekday()]}）{hours}"
    return f"{_WEEKDAYS_EN[start.weekday()]} {start.day} {_MONTHS_EN[start.month - 1]}, {hours}"


def window_key(start: datetime) -> str:
    """The button payload value of the window starting at ``start``."""
    return start.isoformat(timespec="minutes")


def book_visit(
    uow_factory: UowFactory,
    start: datetime,
    *,
    phone: str = "13912345678",
    conversation_id: str = "someone-else",
    category: str = "washing_machine",
    region: str = "shanghai",
) -> Booking:
    """Books a washer visit in Shanghai directly through the repairs service."""
    request = BookingRequest(
        conversation_id=conversation_id,
        language="zh",
        category=category,
        model="WM-8012",
        serial_number=None,
        symptom="不排水，显示E4",
        error_code="E4",
        region=region,
        address="浦东新区张江路88弄5号1201室",
        customer_name="王女士",
        phone=phone,
        warranty_status="unknown",
        quoted_fee=50,
    )
    return book(
        uow_factory, request, Window.from_key(window_key(start)), now=datetime.now(SERVICE_TZ)
    )


def window_buttons(starts: list[datetime], language: Language) -> list[dict[str, str]]:
    """The buttons offering the two-hour windows starting at ``starts``."""
    return [
        {
            "title": window_title(start, language),
            "payload": '/inform{"visit_window":"' + window_key(start) + '"}',
        }
        for start in starts
    ]


def required_slots(
    form: FormValidationAction, tracker: Tracker, domain: DomainDict = NO_DOMAIN
) -> list[str]:
    """The questions ``form`` asks in the conversation of ``tracker``, in order."""
    return asyncio.run(form.required_slots([], CollectingDispatcher(), tracker, domain))


def replies(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """The texts and buttons an action sent."""
    return [{"text": m["text"], "buttons": m["buttons"]} for m in dispatcher.messages]


def run_action(
    action: Action, tracker: Tracker
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Runs ``action``; returns its events and its replies."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, NO_DOMAIN))
    return events, replies(dispatcher)


def validate_answer(
    form: FormValidationAction,
    slot: str,
    value: Any,
    text: str | None = None,
    intent: str = "inform",
    **slots: Any,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Runs ``form``'s ``validate_<slot>`` on what the customer just said (``text``, else
    ``value``), the form having asked for ``slot``; returns the slots set and the replies.
    """
    dispatcher = CollectingDispatcher()
    slots.setdefault("requested_slot", slot)
    tracker = make_tracker(str(value) if text is None else text, intent=intent, **slots)
    result = getattr(form, f"validate_{slot}")(value, dispatcher, tracker, NO_DOMAIN)
    return dict(result), replies(dispatcher)


def answer_form(
    form: FormValidationAction,
    slot: str,
    text: str,
    domain: DomainDict,
    *,
    intent: str = "inform",
    earlier: list[dict[str, Any]] | None = None,
    filled: dict[str, Any] | None = None,
    **slots: Any,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Runs ``form``'s validation as Rasa does after the customer answered ``slot``.

    Args:
        form: The form's validation action.
        slot: The question the form asked (``requested_slot``).
        text: What the customer wrote.
        domain: The domain.
        intent: The intent read in ``text``.
        earlier: Events before the customer's message (slots set earlier, say).
        filled: What the message filled besides ``slot`` (its entities' slots).
        **slots: The conversation's slots before the message.

    Returns:
        The events the validation returns, and its replies.
    """
    tracker = make_tracker(
        text,
        intent,
        active_loop={"name": form.form_name()},
        requested_slot=slot,
        **slots,
    )
    candidates = {slot: text, **(filled or {})}
    tracker.events = [
        *(earlier or []),
        *tracker.events,
        *(SlotSet(name, value) for name, value in candidates.items()),
    ]
    tracker.slots.update(candidates)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(form.run(dispatcher, tracker, domain))
    return events, replies(dispatcher)
