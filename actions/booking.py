"""Booking a technician visit: the repair booking form, its questions and its result.

The form asks only for what the conversation does not know yet (appliance, symptom,
city, address, name, phone), offers free windows as buttons, then a summary to confirm.
The booking itself is written when the customer confirms: if the window was taken in
the meantime, the next free windows are offered instead.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Final

from rapidfuzz import fuzz, process
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.common import (
    AskForSlot,
    button,
    language_of,
    latest_intent,
    latest_text,
    person_button,
    phone_answer,
    previous_value,
    say,
)
from actions.routing import answer_if_question
from actions.visit_text import appliance_text, window_button, window_text
from bot import services
from bot.knowledge.text import find_error_codes, normalise
from bot.language import Language
from bot.repairs import (
    SERVICE_TZ,
    BookingRequest,
    InvalidPhone,
    Preference,
    PreferenceError,
    PreferenceInPast,
    Region,
    RepairsError,
    Window,
    WindowTaken,
    book,
    booking_rules,
    check_preference,
    find_region,
    free_windows,
    parse_preference,
)
from bot.warranty import assess
from bot.warranty.registry import find_unit

__all__ = [
    "BOOKING_SLOTS",
    "ActionAskAddress",
    "ActionAskBookingConfirmed",
    "ActionAskBookingPhone",
    "ActionAskCity",
    "ActionAskCustomerName",
    "ActionAskProduct",
    "ActionAskSymptom",
    "ActionAskVisitWindow",
    "ActionBookingDone",
    "ActionResetBooking",
    "ActionStartBooking",
    "ValidateRepairBookingForm",
    "charge_note",
    "now_in_service_time",
    "offer_windows",
    "region_of",
    "reset_events",
    "validate_window_choice",
]

#: The form's questions, in the order they are asked.
BOOKING_SLOTS: Final = (
    "product",
    "symptom",
    "city",
    "address",
    "customer_name",
    "phone",
    "visit_window",
    "booking_confirmed",
)
#: Slots a finished or abandoned booking forgets; who and where the customer is stays.
_PER_BOOKING: Final = ("symptom", "error_code", "visit_window", "visit_preference", "when")
_MODEL_LIKE: Final = re.compile(r"(?<![a-z0-9])(wm|rf|ac|wh|wp)[- ]?\d{2,5}[a-z]?", re.IGNORECASE)
_NAME_PREFIX: Final = re.compile(
    r"^(?:我叫|我是|我姓|姓名|名字|联系人|叫我|"
    r"my name is|my name's|i am|i'm|name|this is)\s*[:：是]?\s*",
    re.IGNORECASE,
)
#: More windows than one day can hold, to check one day's free windows in full.
_WINDOWS_PER_DAY: Final = 96
#: How far ahead visits can be booked before any service network is loaded.
DEFAULT_HORIZON_DAYS: Final = 30
#: What each "change" button on the summary asks again.
_CHANGES: Final[dict[str, tuple[str, ...]]] = {
    "visit_window": ("visit_window",),
    "address": ("city", "address"),
    "phone": ("phone",),
    "customer_name": ("customer_name",),
    "appliance": ("product", "model", "symptom", "error_code"),
}


def now_in_service_time() -> datetime:
    """The current time in the service network's time zone."""
    return datetime.now(SERVICE_TZ)


def region_of(code: str | None) -> Region | None:
    """The service region stored in the ``city`` slot."""
    return find_region(services.unit_of_work(), code) if code else None


def _region_name(code: str | None, language: Language) -> str:
    region = region_of(code)
    if region is None:
        return code or "-"
    return region.name_zh if language == "zh" else region.name_en


def offer_windows(
    dispatcher: CollectingDispatcher,
    language: Language,
    *,
    region: str,
    category: str,
    preference_text: str | None,
    exclude_booking: str | None = None,
) -> None:
    """Offers up to five free windows, soonest first, matching the customer's preference.

    When nothing matches the preference the soonest windows are offered instead, and
    the customer is told so; when nothing at all is free a person is offered.
    """
    now = now_in_service_time()
    preference = parse_preference(preference_text, now) if preference_text else None
    windows: list[Window] = []
    if preference is not None:
        windows = free_windows(
            services.unit_of_work(),
            region=region,
            category=category,
            now=now,
            preference=preference,
            exclude_booking=exclude_booking,
        )
        if not windows:
            say(dispatcher, language, "no_window_matches_preference")
    if not windows:
        windows = free_windows(
            services.unit_of_work(),
            region=region,
            category=category,
            now=now,
            exclude_booking=exclude_booking,
        )
    if not windows:
        say(
            dispatcher,
            language,
            "no_free_windows",
            [person_button(language)],
        )
        return
    say(
        dispatcher,
        language,
        "ask_visit_window",
        [window_button(w, language) for w in windows],
    )


def _closest_models(typed: str, category: str | None) -> list[str]:
    kb = services.knowledge()
    candidates = [m.id for m in kb.models.values() if category in (None, m.category)]
    found = process.extract(typed.upper(), candidates, scorer=fuzz.ratio, limit=3)
    return [name for name, _, _ in found]


def _warranty_quote(tracker: Tracker, category: str) -> tuple[str, int | None]:
    """``free``/``paid``/``unknown`` and the quoted call-out fee for this unit."""
    kb = services.knowledge()
    call_out = kb.charges["call_out"].amount
    serial, phone = tracker.get_slot("serial_number"), tracker.get_slot("phone")
    if not serial or not phone:
        return "unknown", call_out
    with services.unit_of_work()() as uow:
        unit = find_unit(uow, str(serial), str(phone))
        if unit is None or kb.models[unit.model].category != category:
            return "unknown", call_out
        coverage = assess(
            category,
            unit.purchased_on,
            now_in_service_time().date(),
            kb.company,
            kb.statutory,
            exchanged_on=unit.exchanged_on,
            days_in_repair=unit.days_in_repair,
        )
    if coverage.rule in ("return", "exchange", "full"):
        return "free", 0
    return "paid", call_out


_FAULT_WORDS: Final = re.compile(
    r"坏|不出|不转|不制冷|不制热|不排水|不加热|不工作|没反应|漏|响|异味|报错|故障|显示|跳闸|"
    r"broken|broke|won'?t|doesn'?t|does not|not (?:working|cooling|heating|draining|spinning)|"
    r"leak|noise|noisy|error|shows|smell|stopped|dead",
    re.IGNORECASE,
)


class ActionStartBooking(Action):
    """Reads the booking request itself: the appliance and the fault it may describe."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_start_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answers a question that only looks like a booking; else pre-fills the booking."""
        answered = answer_if_question(dispatcher, tracker)
        if answered is not None:
            return answered
        text = latest_text(tracker).strip()
        events: list[EventType] = [SlotSet("booking_confirmed", None)]
        if text.startswith("/"):
            return events
        index = services.search_index()
        model = index.detect_model(text, fuzzy=False)
        category = index.detect_category(text)
        if model is not None:
            events.append(SlotSet("model", model))
        if category is not None:
            events.append(SlotSet("product", category))
        if _FAULT_WORDS.search(text):
            events.append(SlotSet("symptom", text[:500]))
            codes = find_error_codes(normalise(text))
            if codes:
                events.append(SlotSet("error_code", codes[0].upper()))
        return events


class ValidateRepairBookingForm(FormValidationAction):
    """Validates each answer of the booking form as it arrives."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "validate_repair_booking_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """Every question of the booking, in order."""
        return list(BOOKING_SLOTS)

    def validate_product(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a category or a catalogue model; offers the closest to an unknown model."""
        kb = services.knowledge()
        index = services.search_index()
        typed = latest_text(tracker)
        model = index.detect_model(typed, fuzzy=False) or index.detect_model(
            str(value or ""), fuzzy=False
        )
        if model is not None:
            return {"product": kb.models[model].category, "model": model}
        language = language_of(tracker)
        category = value if value in kb.categories else index.detect_category(typed)
        unknown = _MODEL_LIKE.search(normalise(typed))
        if unknown is not None:
            say(
                dispatcher,
                language,
                "unknown_model",
                [
                    {
                        "title": f"{m} {kb.models[m].name(language)}",
                        "payload": f'/inform{{"model":"{m}","product":"{kb.models[m].category}"}}',
                    }
                    for m in _closest_models(unknown.group(0), category)
                ],
                typed=unknown.group(0).upper(),
            )
            return {"product": None}
        if category is not None:
            return {"product": category}
        say(
            dispatcher,
            language,
            "ask_product_again",
            [
                {
                    "title": c.name(language),
                    "payload": f'/inform{{"product":"{c.id}"}}',
                }
                for c in kb.categories.values()
            ],
        )
        return {"product": None}

    def validate_symptom(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keeps the customer's description and any error code in it."""
        text = str(value or "").strip()
        if len(text) < 2:
            say(dispatcher, language_of(tracker), "invalid_symptom")
            return {"symptom": None}
        codes = find_error_codes(normalise(text))
        found = {"symptom": text[:500]}
        if codes:
            found["error_code"] = codes[0].upper()
        return found

    def validate_city(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a city of the service network that repairs this appliance."""
        language = language_of(tracker)
        typed = latest_text(tracker)
        region = find_region(services.unit_of_work(), str(value or "")) or find_region(
            services.unit_of_work(), typed
        )
        product = tracker.get_slot("product")
        served = region is not None and (not product or product in region.categories)
        if not served and tracker.get_slot("requested_slot") != "city":
            # A place named in another answer ("100 Caoxi Road, Xuhui"): not a new city.
            return {"city": previous_value(tracker, "city")}
        if region is None or (product and product not in region.categories):
            say(
                dispatcher,
                language,
                "city_not_served",
                [person_button(language)],
                city=str(value or typed)[:40],
            )
            return {"city": None}
        found: dict[str, Any] = {"city": region.code}
        if not tracker.get_slot("address") and _looks_like_address(typed):
            found["address"] = typed.strip()[:200]
        return found

    def validate_address(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a street address (a few characters at least)."""
        text = str(value or "").strip()
        if len(text) < 4 or len(text) > 200:
            say(dispatcher, language_of(tracker), "invalid_address")
            return {"address": None}
        return {"address": text}

    def validate_customer_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts the name to ask for at the door, without "my name is"."""
        name = _NAME_PREFIX.sub("", str(value or "").strip()).strip(" .。，,!！")
        if not name or len(name) > 40:
            say(dispatcher, language_of(tracker), "invalid_name")
            return {"customer_name": None}
        return {"customer_name": name}

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a mainland mobile or an international number."""
        return {"phone": phone_answer(dispatcher, tracker, value)}

    def validate_visit_window(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts an offered window, or reads a preferred day and time to offer anew."""
        return validate_window_choice(
            dispatcher,
            tracker,
            str(value or ""),
            region=str(tracker.get_slot("city")),
            category=str(tracker.get_slot("product")),
        )

    def validate_booking_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Books on "yes"; clears the answer the customer wants to change otherwise."""
        language = language_of(tracker)
        latest = tracker.latest_message or {}
        intent = latest_intent(tracker)
        change = next(
            (e.get("value") for e in latest.get("entities", []) if e.get("entity") == "change"),
            None,
        )
        if change in _CHANGES:
            say(dispatcher, language, "booking_change_ok")
            return {"booking_confirmed": None, **dict.fromkeys(_CHANGES[str(change)])}
        if intent != "affirm":
            # Any other answer, a corrected detail included, shows the summary again.
            return {"booking_confirmed": None}
        category = str(tracker.get_slot("product"))
        status, fee = _warranty_quote(tracker, category)
        request = BookingRequest(
            conversation_id=tracker.sender_id,
            language=language,
            category=category,
            model=tracker.get_slot("model"),
            serial_number=tracker.get_slot("serial_number"),
            symptom=str(tracker.get_slot("symptom")),
            error_code=tracker.get_slot("error_code"),
            region=str(tracker.get_slot("city")),
            address=str(tracker.get_slot("address")),
            customer_name=str(tracker.get_slot("customer_name")),
            phone=str(tracker.get_slot("phone")),
            warranty_status=status,  # type: ignore[arg-type]
            quoted_fee=fee,
        )
        try:
            booking = book(
                services.unit_of_work(),
                request,
                Window.from_key(str(tracker.get_slot("visit_window"))),
                now=now_in_service_time(),
            )
        except WindowTaken:
            say(dispatcher, language, "window_just_taken")
            return {"visit_window": None, "booking_confirmed": None}
        except InvalidPhone:
            say(dispatcher, language, "invalid_phone")
            return {"phone": None, "booking_confirmed": None}
        except RepairsError:
            say(
                dispatcher,
                language,
                "booking_not_recorded",
                [person_button(language)],
            )
            return {"booking_confirmed": None}
        return {"booking_confirmed": True, "booking_reference": booking.reference}


def _looks_like_address(text: str) -> bool:
    return (
        bool(
            re.search(
                r"\d|路|街|道|号|弄|村|小区|栋|室|road|street|\bst\b|\brd\b|ave|lane", text, re.I
            )
        )
        and len(text.strip()) >= 6
    )


def validate_window_choice(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    value: str,
    *,
    region: str,
    category: str,
    exclude_booking: str | None = None,
) -> dict[str, Any]:
    """Reads the customer's answer to "which window?" in any form that offers windows.

    A pressed button gives a window key, kept while that window is still free (not
    past, not taken since it was offered); typed text is read as a preferred day and
    time ("tomorrow afternoon", "周六上午"), checked, and remembered, so that the
    question is asked again with matching windows.
    """
    language = language_of(tracker)
    now = now_in_service_time()
    try:
        window = Window.from_key(value)
    except ValueError:
        window = None
    if window is not None:
        if window.start <= now:
            say(dispatcher, language, "window_in_past")
            return {"visit_window": None}
        free = free_windows(
            services.unit_of_work(),
            region=region,
            category=category,
            now=now,
            preference=Preference(day=window.start.date(), part=None),
            limit=_WINDOWS_PER_DAY,
            exclude_booking=exclude_booking,
        )
        if window.start not in {w.start for w in free}:
            say(dispatcher, language, "window_just_taken")
            return {"visit_window": None}
        return {"visit_window": window.key}
    text = latest_text(tracker)
    preference = parse_preference(text, now)
    if preference is None:
        say(dispatcher, language, "window_not_understood")
        return {"visit_window": None}
    rules = booking_rules(services.unit_of_work())
    horizon = rules.booking_horizon_days if rules else DEFAULT_HORIZON_DAYS
    try:
        check_preference(preference, now, horizon)
    except PreferenceError as error:
        key = "preference_in_past" if isinstance(error, PreferenceInPast) else "preference_too_far"
        say(dispatcher, language, key, days=horizon)
        return {"visit_window": None, "visit_preference": None}
    return {"visit_window": None, "visit_preference": text}


class ActionAskProduct(AskForSlot):
    """Asks which appliance (and model) needs the repair."""

    form = "repair_booking_form"
    slot = "product"


class ActionAskSymptom(AskForSlot):
    """Asks what the appliance is doing, and for any error code."""

    form = "repair_booking_form"
    slot = "symptom"


class ActionAskCity(AskForSlot):
    """Asks where the appliance is."""

    form = "repair_booking_form"
    slot = "city"


class ActionAskAddress(AskForSlot):
    """Asks for the street address."""

    form = "repair_booking_form"
    slot = "address"


class ActionAskCustomerName(AskForSlot):
    """Asks whom the technician should ask for."""

    form = "repair_booking_form"
    slot = "customer_name"


class ActionAskBookingPhone(AskForSlot):
    """Asks for the phone number the technician calls before the visit."""

    form = "repair_booking_form"
    slot = "phone"
    message = "ask_booking_phone"


class ActionAskVisitWindow(Action):
    """Offers free windows for the booking, matching any preference given."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_ask_repair_booking_form_visit_window"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sends the windows as buttons."""
        offer_windows(
            dispatcher,
            language_of(tracker),
            region=str(tracker.get_slot("city")),
            category=str(tracker.get_slot("product")),
            preference_text=tracker.get_slot("visit_preference") or tracker.get_slot("when"),
        )
        return []


class ActionAskBookingConfirmed(Action):
    """Shows what will be booked and asks the customer to confirm or change it."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_ask_repair_booking_form_booking_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sends the summary with confirm and change buttons."""
        language = language_of(tracker)
        category = str(tracker.get_slot("product"))
        status, fee = _warranty_quote(tracker, category)
        fee_text = f"{fee} 元" if language == "zh" else f"CNY {fee}"
        say(
            dispatcher,
            language,
            "booking_summary",
            [
                button(language, "确认预约", "Confirm", "/affirm"),
                _change_button(language, "visit_window", "改时间", "Change the time"),
                _change_button(language, "address", "改地址", "Change the address"),
                _change_button(language, "phone", "改电话", "Change the phone"),
                _change_button(language, "customer_name", "改姓名", "Change the name"),
                _change_button(language, "appliance", "改电器或故障", "Change the appliance"),
                button(language, "不约了", "Don't book", "/stop"),
            ],
            appliance=appliance_text(category, tracker.get_slot("model"), language),
            symptom=tracker.get_slot("symptom"),
            city=_region_name(tracker.get_slot("city"), language),
            address=tracker.get_slot("address"),
            name=tracker.get_slot("customer_name"),
            phone=tracker.get_slot("phone"),
            window=window_text(Window.from_key(str(tracker.get_slot("visit_window"))), language),
            charges=charge_note(status, fee_text, language),
        )
        return []


def charge_note(status: str, fee_text: str, language: Language) -> str:
    """What the visit will cost, as far as is known before it."""
    notes = {
        "free": ("在保修期内，本次上门维修免费。", "Under warranty: this visit is free of charge."),
        "paid": (
            f"已过整机保修期：上门费 {fee_text}，工时和配件按统一收费标准，开工前先报价。",
            f"Out of whole-unit warranty: call-out fee {fee_text}, labour and parts at our "
            "published charges, quoted before any work.",
        ),
        "unknown": (
            f"保修期内免费；如已过保，上门费 {fee_text}，工时和配件按统一收费标准，开工前先报价。",
            f"Free if under warranty; otherwise a call-out fee of {fee_text}, with labour and "
            "parts at our published charges, quoted before any work.",
        ),
    }
    zh, en = notes[status]
    return zh if language == "zh" else en


def _change_button(language: Language, field: str, zh: str, en: str) -> dict[str, str]:
    return button(language, zh, en, '/inform{"change":"' + field + '"}')


class ActionBookingDone(Action):
    """Tells the customer the booking's reference and forgets this booking's details."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_booking_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sends the reference and the window."""
        language = language_of(tracker)
        reference = tracker.get_slot("booking_reference")
        window = Window.from_key(str(tracker.get_slot("visit_window")))
        say(
            dispatcher,
            language,
            "booking_done",
            [
                button(language, "查询预约", "Check my visit", "/repair_status"),
                button(language, "还有其他问题", "Another question", "/help"),
            ],
            reference=reference,
            window=window_text(window, language),
        )
        return [*reset_events(), SlotSet("reference", reference)]


def reset_events() -> list[EventType]:
    """Forgets one request's details: symptom, window, what was being done to a visit."""
    return [
        SlotSet(slot, None)
        for slot in (*_PER_BOOKING, "booking_confirmed", "visit_task", "cancel_confirmed")
    ]


class ActionResetBooking(Action):
    """Forgets the details of an abandoned booking or visit change."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_reset_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Clears the per-booking slots."""
        return reset_events()
