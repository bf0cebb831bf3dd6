"""The booking form and its actions, on real trackers and a real SQLite service network."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import (
    ActionAskVisitWindow,
    ActionBookingDone,
    ActionResetBooking,
    ActionStartBooking,
    ValidateRepairBookingForm,
)
from actions.booking_model import ActionAskBookingModel
from actions.booking_summary import ActionAskBookingConfirmed
from bot.db import UowFactory
from bot.language import Language
from bot.repairs import SERVICE_TZ, get_booking, list_bookings
from tests.unit.actions.conftest import (
    IN_WARRANTY_SERIAL,
    NO_DOMAIN,
    OUT_OF_WARRANTY_SERIAL,
    PERSON,
    REGISTERED_PHONE,
    answer_form,
    book_visit,
    make_tracker,
    msg,
    replies,
    required_slots,
    run_action,
    soonest_starts,
    validate_answer,
    window_buttons,
    window_key,
    window_title,
)

pytestmark = pytest.mark.usefixtures("service_db")

FORM = ValidateRepairBookingForm()
_validate = partial(validate_answer, FORM)


# ---- product ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "found"),
    [
        ("WM-8012", "zh", {"product": "washing_machine", "model": "WM-8012"}),
        ("我家是wm8012", "zh", {"product": "washing_machine", "model": "WM-8012"}),
        ("it's a RF-6203", "en", {"product": "refrigerator", "model": "RF-6203"}),
        ("my wp 600r purifier", "en", {"product": "water_purifier", "model": "WP-600R"}),
    ],
)
def test_a_catalogue_model_sets_product_and_model(
    text: str, language: str, found: dict[str, Any]
) -> None:
    assert _validate("product", text, language=language) == (found, [])


def test_a_model_typed_with_the_value_of_another_slot_is_still_found() -> None:
    # The extracted value may be the model while the text says more.
    assert _validate("product", "AC-5118", text="柜机 AC-5118 不制冷") == (
        {"product": "air_conditioner", "model": "AC-5118"},
        [],
    )


@pytest.mark.parametrize(
    ("language", "names"),
    [
        (
            "zh",
            [
                "RF-5501 明嘉 550 升对开门冰箱",
                "RF-6203 明嘉 620 升十字四门冰箱",
                "RF-4802 明嘉 480 升多门冰箱",
            ],
        ),
        (
            "en",
            [
                "RF-5501 Mingjia 550 L side-by-side refrigerator",
                "RF-6203 Mingjia 620 L French-door refrigerator",
                "RF-4802 Mingjia 480 L multi-door refrigerator",
            ],
        ),
    ],
)
def test_an_unknown_model_offers_the_closest_models_of_the_named_category(
    language: Language, names: list[str]
) -> None:
    text = "冰箱型号 RF-99" if language == "zh" else "fridge model rf-99"
    result, replies = _validate("product", text, language=language)
    assert result == {"product": None}
    assert replies == [
        {
            "text": msg("unknown_model", language, typed="RF-99"),
            "buttons": [
                {
                    "title": name,
                    "payload": f'/inform{{"model":"{name[:7]}","product":"refrigerator"}}',
                }
                for name in names
            ],
        }
    ]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_mistyped_model_is_not_silently_replaced_by_another(language: Language) -> None:
    text = "型号是WM-8021" if language == "zh" else "model WM-8021"
    result, replies = _validate("product", text, language=language)
    assert result == {"product": None}
    assert [r["text"] for r in replies] == [msg("unknown_model", language, typed="WM-8021")]
    first = replies[0]["buttons"][0]
    assert first["payload"] == '/inform{"model":"WM-8012","product":"washing_machine"}'
    assert first["title"].startswith("WM-8012 ")


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        ("洗衣机", "zh", "washing_machine"),
        ("家里的空调", "zh", "air_conditioner"),
        ("the fridge", "en", "refrigerator"),
        ("water heater", "en", "water_heater"),
    ],
)
def test_a_category_word_sets_only_the_product(text: str, language: str, category: str) -> None:
    assert _validate("product", text, language=language) == ({"product": category}, [])


def test_a_pressed_category_button_is_accepted() -> None:
    assert _validate("product", "water_purifier", text='/inform{"product":"water_purifier"}') == (
        {"product": "water_purifier"},
        [],
    )


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("zh", ["洗衣机", "冰箱", "空调", "热水器", "净水器"]),
        (
            "en",
            [
                "washing machine",
                "refrigerator",
                "air conditioner",
                "water heater",
                "water purifier",
            ],
        ),
    ],
)
def test_no_appliance_asks_again_with_the_categories(language: Language, titles: list[str]) -> None:
    text = "嗯" if language == "zh" else "hmm"
    result, replies = _validate("product", text, language=language)
    assert result == {"product": None}
    categories = [
        "washing_machine",
        "refrigerator",
        "air_conditioner",
        "water_heater",
        "water_purifier",
    ]
    assert replies == [
        {
            "text": msg("ask_product_again", language),
            "buttons": [
                {"title": title, "payload": f'/inform{{"product":"{category}"}}'}
                for title, category in zip(titles, categories, strict=True)
            ],
        }
    ]


# ---- symptom, city, address, name, phone ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("不排水，显示E4", {"symptom": "不排水，显示E4", "error_code": "E4"}),
        (
            "it won't drain and shows e4",
            {"symptom": "it won't drain and shows e4", "error_code": "E4"},
        ),
        ("  不制冷了  ", {"symptom": "不制冷了"}),
    ],
)
def test_symptom_keeps_the_description_and_any_error_code(text: str, found: dict[str, Any]) -> None:
    assert _validate("symptom", text) == (found, [])


def test_symptom_is_cut_to_500_characters() -> None:
    result, replies = _validate("symptom", "漏" * 600)
    assert result == {"symptom": "漏" * 500}
    assert replies == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_one_character_symptom_asks_for_more(language: Language) -> None:
    assert _validate("symptom", "坏", language=language) == (
        {"symptom": None},
        [{"text": msg("invalid_symptom", language), "buttons": []}],
    )


@pytest.mark.parametrize(
    ("text", "language"), [("上海", "zh"), ("沪", "zh"), ("Shanghai", "en"), ("shanghia", "en")]
)
def test_a_served_city_gives_its_code(text: str, language: str) -> None:
    assert _validate("city", text, language=language) == ({"city": "shanghai"}, [])


def test_a_city_with_a_street_address_also_fills_the_address() -> None:
    text = "上海浦东新区张江路88弄5号"
    assert _validate("city", "上海", text=text) == (
        {"city": "shanghai", "address": text},
        [],
    )
    assert _validate("city", "Pudong", text="  88 Zhangjiang Road, Pudong  ", language="en") == (
        {"city": "shanghai", "address": "88 Zhangjiang Road, Pudong"},
        [],
    )


def test_an_address_already_given_is_not_replaced_by_the_city_answer() -> None:
    assert _validate("city", "上海", text="上海浦东新区张江路88弄5号", address="世纪大道1号") == (
        {"city": "shanghai"},
        [],
    )


@pytest.mark.parametrize(("text", "language"), [("火星", "zh"), ("Atlantis", "en")])
def test_an_unserved_city_offers_a_person(text: str, language: Language) -> None:
    assert _validate("city", text, language=language) == (
        {"city": None},
        [{"text": msg("city_not_served", language, city=text), "buttons": [PERSON[language]]}],
    )


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_region_that_does_not_repair_the_appliance_is_not_served(language: Language) -> None:
    assert _validate("city", "苏州", product="refrigerator", language=language) == (
        {"city": None},
        [{"text": msg("city_not_served", language, city="苏州"), "buttons": [PERSON[language]]}],
    )
    assert _validate("city", "苏州", product="washing_machine", language=language) == (
        {"city": "suzhou"},
        [],
    )


@pytest.mark.parametrize(
    ("slot", "text", "language", "found", "key"),
    [
        ("address", " 张江路88弄5号1201室 ", "zh", "张江路88弄5号1201室", None),
        ("address", "88", "en", None, "invalid_address"),
        ("address", "路" * 201, "zh", None, "invalid_address"),
        ("customer_name", "我叫王小明", "zh", "王小明", None),
        ("customer_name", "姓名：李娜", "zh", "李娜", None),
        ("customer_name", "王女士。", "zh", "王女士", None),
        ("customer_name", "my name is Anna", "en", "Anna", None),
        ("customer_name", "I'm Tom Smith.", "en", "Tom Smith", None),
        ("customer_name", "我叫", "en", None, "invalid_name"),
        ("customer_name", "x" * 41, "en", None, "invalid_name"),
        ("phone", "138 1234 5678", "zh", "+8613812345678", None),
        ("phone", "+86-139-1234-5678", "zh", "+8613912345678", None),
        ("phone", "+44 7700 900123", "en", "+447700900123", None),
        ("phone", "0049 30 1234567", "en", "+49301234567", None),
        ("phone", "12345", "zh", None, "invalid_phone"),
        ("phone", "12345", "en", None, "invalid_phone"),
    ],
)
def test_a_detail_is_kept_cleaned_or_explained(
    slot: str, text: str, language: Language, found: str | None, key: str | None
) -> None:
    said = [] if key is None else [{"text": msg(key, language), "buttons": []}]
    assert _validate(slot, text, language=language) == ({slot: found}, said)


def test_a_phone_the_model_annotated_in_part_is_read_whole() -> None:
    assert _validate("phone", "139 1234", text="139 1234 5678") == (
        {"phone": "+8613912345678"},
        [],
    )


def test_a_number_given_for_another_question_is_not_called_a_bad_phone() -> None:
    assert _validate("phone", "12345", requested_slot="address") == ({"phone": None}, [])


# ---- visit window -------------------------------------------------------------------------


def test_a_pressed_window_button_is_accepted() -> None:
    key = window_key(soonest_starts(2)[1])
    assert _validate(
        "visit_window",
        key,
        text=f'/inform{{"visit_window":"{key}"}}',
        city="shanghai",
        product="washing_machine",
    ) == ({"visit_window": key}, [])


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_window_taken_since_it_was_offered_is_refused(language: Language) -> None:
    key = window_key(soonest_starts(1)[0])
    booked, _ = _confirm(visit_window=key)
    assert booked["booking_confirmed"] is True
    assert _validate(
        "visit_window",
        key,
        text=f'/inform{{"visit_window":"{key}"}}',
        city="shanghai",
        product="washing_machine",
        language=language,
    ) == ({"visit_window": None}, [{"text": msg("window_just_taken", language), "buttons": []}])


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_window_that_has_passed_is_refused(language: Language) -> None:
    yesterday = datetime.now(SERVICE_TZ).replace(minute=0, second=0, microsecond=0) - timedelta(
        days=1
    )
    key = window_key(yesterday)
    assert _validate("visit_window", key, language=language) == (
        {"visit_window": None},
        [{"text": msg("window_in_past", language), "buttons": []}],
    )


_TODAY = datetime.now(SERVICE_TZ).date()
_FAR = _TODAY + timedelta(days=60)
_FORGET = {"visit_window": None, "visit_preference": None}


@pytest.mark.parametrize(
    ("text", "language", "found", "key"),
    [
        ("明天下午", "zh", {"visit_window": None, "visit_preference": "明天下午"}, None),
        (
            "tomorrow afternoon",
            "en",
            {"visit_window": None, "visit_preference": "tomorrow afternoon"},
            None,
        ),
        ((_TODAY - timedelta(days=3)).isoformat(), "zh", _FORGET, "preference_in_past"),
        ((_TODAY - timedelta(days=3)).isoformat(), "en", _FORGET, "preference_in_past"),
        ("昨天", "zh", _FORGET, "preference_in_past"),
        ("yesterday", "en", _FORGET, "preference_in_past"),
        (f"{_FAR.month}月{_FAR.day}日上午", "zh", _FORGET, "preference_too_far"),
        (f"{_FAR.day} {_FAR:%B} morning", "en", _FORGET, "preference_too_far"),
        ("随便吧", "zh", {"visit_window": None}, "window_not_understood"),
        ("whatever works", "en", {"visit_window": None}, "window_not_understood"),
    ],
)
def test_a_typed_time_is_remembered_or_refused(
    text: str, language: Language, found: dict[str, Any], key: str | None
) -> None:
    said = [] if key is None else [{"text": msg(key, language, days=30), "buttons": []}]
    assert _validate("visit_window", text, language=language) == (found, said)


# ---- confirmation and booking ---------------------------------------------------------


def _ready(**overrides: Any) -> dict[str, Any]:
    """Every slot of a booking about to be confirmed."""
    slots: dict[str, Any] = {
        "product": "washing_machine",
        "model": "WM-8012",
        "symptom": "不排水，显示E4",
        "error_code": "E4",
        "city": "shanghai",
        "address": "浦东新区张江路88弄5号1201室",
        "customer_name": "王小明",
        "phone": "+8613812345678",
        "visit_window": window_key(soonest_starts(1)[0]),
    }
    return {**slots, **overrides}


def _confirm(
    intent: str = "affirm", entities: list[dict[str, Any]] | None = None, **slots: Any
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("确认预约", intent=intent, entities=entities, **_ready(**slots))
    result = FORM.validate_booking_confirmed(True, dispatcher, tracker, NO_DOMAIN)
    return result, replies(dispatcher)


_REFERENCE = re.compile(r"^RV-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}$")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_yes_books_the_visit_with_what_was_confirmed(
    service_db: UowFactory, language: Language
) -> None:
    start = soonest_starts(3)[2]
    result, replies = _confirm(language=language, visit_window=window_key(start))
    assert replies == []
    assert set(result) == {"booking_confirmed", "booking_reference"}
    assert result["booking_confirmed"] is True
    assert _REFERENCE.match(result["booking_reference"])
    booking = get_booking(service_db, result["booking_reference"])
    assert booking is not None
    assert (
        booking.status,
        booking.conversation_id,
        booking.language,
        booking.category,
        booking.model,
        booking.serial_number,
        booking.symptom,
        booking.error_code,
        booking.region,
        booking.address,
        booking.customer_name,
        booking.phone,
        booking.warranty_status,
        booking.quoted_fee,
        booking.technician_id,
    ) == (
        "booked",
        "c1",
        language,
        "washing_machine",
        "WM-8012",
        None,
        "不排水，显示E4",
        "E4",
        "shanghai",
        "浦东新区张江路88弄5号1201室",
        "王小明",
        "+8613812345678",
        "unknown",
        50,
        "T-SH-01",
    )
    assert booking.window.start == start
    assert booking.window.end == start + timedelta(hours=2)


@pytest.mark.parametrize(
    ("serial", "status", "fee"),
    [(IN_WARRANTY_SERIAL, "free", 0), (OUT_OF_WARRANTY_SERIAL, "paid", 50)],
)
def test_the_booking_records_the_warranty_quote_of_a_registered_unit(
    service_db: UowFactory, serial: str, status: str, fee: int
) -> None:
    result, _ = _confirm(serial_number=serial, phone=REGISTERED_PHONE)
    booking = get_booking(service_db, result["booking_reference"])
    assert booking is not None
    assert (booking.serial_number, booking.warranty_status, booking.quoted_fee) == (
        serial,
        status,
        fee,
    )


def test_a_serial_registered_with_another_phone_is_not_quoted_free(service_db: UowFactory) -> None:
    result, _ = _confirm(serial_number=IN_WARRANTY_SERIAL, phone="+8613700000000")
    booking = get_booking(service_db, result["booking_reference"])
    assert booking is not None
    assert (booking.warranty_status, booking.quoted_fee) == ("unknown", 50)


@pytest.mark.parametrize(
    ("field", "cleared"),
    [
        ("phone", ["phone"]),
        ("visit_window", ["visit_window"]),
        ("address", ["city", "address"]),
        ("customer_name", ["customer_name"]),
        ("appliance", ["product", "model", "symptom", "error_code", "model_unknown"]),
    ],
)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_change_button_clears_that_answer(
    service_db: UowFactory, field: str, cleared: list[str], language: Language
) -> None:
    result, replies = _confirm(
        intent="inform", entities=[{"entity": "change", "value": field}], language=language
    )
    assert result == {"booking_confirmed": None, **dict.fromkeys(cleared)}
    assert replies == [{"text": msg("booking_change_ok", language), "buttons": []}]
    assert list_bookings(service_db, datetime.now(SERVICE_TZ).date()) == []


@pytest.mark.parametrize(
    ("intent", "entities"),
    [
        ("deny", None),
        ("inform", None),
        ("inform", [{"entity": "change", "value": "product"}]),
        ("book_repair", None),
    ],
)
def test_any_other_answer_shows_the_summary_again(
    service_db: UowFactory, intent: str, entities: list[dict[str, Any]] | None
) -> None:
    assert _confirm(intent=intent, entities=entities) == ({"booking_confirmed": None}, [])
    assert list_bookings(service_db, datetime.now(SERVICE_TZ).date()) == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_window_taken_meanwhile_is_asked_again(
    service_db: UowFactory, language: Language
) -> None:
    start = soonest_starts(1)[0]
    other = book_visit(service_db, start)
    result, replies = _confirm(language=language, visit_window=window_key(start))
    assert result == {"visit_window": None, "booking_confirmed": None}
    assert replies == [{"text": msg("window_just_taken", language), "buttons": []}]
    bookings = list_bookings(service_db, datetime.now(SERVICE_TZ).date())
    assert [b.reference for b in bookings] == [other.reference]


# ---- starting the booking -----------------------------------------------------------------

#: A new booking forgets the last one's confirmation, a queried answer and a skipped model.
_STARTED = [
    SlotSet("booking_confirmed", None),
    SlotSet("sense_checked", None),
    SlotSet("model_unknown", None),
]


def test_the_request_itself_prefills_appliance_symptom_and_error_code() -> None:
    text = "我家WM-8012显示E4不排水，约个师傅"
    assert run_action(ActionStartBooking(), make_tracker(text, intent="book_repair")) == (
        [
            *_STARTED,
            SlotSet("model", "WM-8012"),
            SlotSet("product", "washing_machine"),
            SlotSet("symptom", "WM-8012显示E4不排水"),
            SlotSet("error_code", "E4"),
        ],
        [],
    )


def test_an_english_request_prefills_too() -> None:
    text = "my fridge is not cooling, can someone come"
    tracker = make_tracker(text, intent="book_repair", language="en")
    assert run_action(ActionStartBooking(), tracker) == (
        [
            *_STARTED,
            SlotSet("product", "refrigerator"),
            SlotSet("symptom", "fridge is not cooling"),
        ],
        [],
    )


@pytest.mark.parametrize(
    ("text", "language", "product", "fault"),
    [
        ("你好我家冰箱不制冷了帮我约个师傅明天上午来", "zh", "refrigerator", "冰箱不制冷了"),
        ("您好，空调漏水，麻烦派个师傅来看看，谢谢", "zh", "air_conditioner", "空调漏水"),
        (
            "Hi, my washer won't drain. Can you send a technician tomorrow morning?",
            "en",
            "washing_machine",
            "washer won't drain",
        ),
    ],
)
def test_the_symptom_kept_is_the_fault_not_the_greeting_and_request(
    text: str, language: str, product: str, fault: str
) -> None:
    tracker = make_tracker(text, intent="book_repair", language=language)
    assert run_action(ActionStartBooking(), tracker) == (
        [*_STARTED, SlotSet("product", product), SlotSet("symptom", fault)],
        [],
    )


@pytest.mark.parametrize("text", ["帮我约个师傅", "/book_repair", "I'd like to book a technician"])
def test_a_bare_request_sets_no_symptom(text: str) -> None:
    assert run_action(ActionStartBooking(), make_tracker(text, intent="book_repair")) == (
        _STARTED,
        [],
    )


def test_a_request_naming_the_appliance_only_sets_the_product() -> None:
    assert run_action(
        ActionStartBooking(), make_tracker("空调要上门看看", intent="book_repair")
    ) == (
        [*_STARTED, SlotSet("product", "air_conditioner")],
        [],
    )


# ---- offering windows ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_soonest_free_windows_are_offered(language: Language) -> None:
    tracker = make_tracker("x", city="shanghai", product="washing_machine", language=language)
    events, replies = run_action(ActionAskVisitWindow(), tracker)
    assert events == []
    assert replies == [
        {
            "text": msg("ask_visit_window", language),
            "buttons": window_buttons(soonest_starts(5), language),
        }
    ]
    payloads = [b["payload"] for b in replies[0]["buttons"]]
    assert 3 <= len(payloads) <= 5
    keys = [p.removeprefix('/inform{"visit_window":"').removesuffix('"}') for p in payloads]
    assert keys == sorted(keys)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:00\+08:00", k) for k in keys)


def test_a_booked_window_is_not_offered(service_db: UowFactory) -> None:
    first, *rest = soonest_starts(6)
    book_visit(service_db, first)
    tracker = make_tracker("x", city="shanghai", product="washing_machine")
    _, replies = run_action(ActionAskVisitWindow(), tracker)
    assert replies[0]["buttons"] == window_buttons(rest, "zh")


@pytest.mark.parametrize(
    ("slot", "text", "language"),
    [("visit_preference", "后天下午", "zh"), ("when", "the day after tomorrow afternoon", "en")],
)
def test_windows_matching_the_preference_are_offered(
    slot: str, text: str, language: Language
) -> None:
    day = datetime.now(SERVICE_TZ).date() + timedelta(days=2)
    preference: dict[str, Any] = {slot: text}
    tracker = make_tracker(
        "x", city="shanghai", product="washing_machine", language=language, **preference
    )
    _, replies = run_action(ActionAskVisitWindow(), tracker)
    starts = [
        datetime(day.year, day.month, day.day, hour, tzinfo=SERVICE_TZ) for hour in (12, 14, 16)
    ]
    assert replies == [
        {"text": msg("ask_visit_window", language), "buttons": window_buttons(starts, language)}
    ]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_window_matching_the_preference_offers_the_soonest(language: Language) -> None:
    # The Suzhou technician works 08:00-18:00: there are no evening windows.
    tracker = make_tracker(
        "x",
        city="suzhou",
        product="washing_machine",
        language=language,
        visit_preference="明天晚上",
    )
    _, replies = run_action(ActionAskVisitWindow(), tracker)
    assert replies == [
        {"text": msg("no_window_matches_preference", language), "buttons": []},
        {
            "text": msg("ask_visit_window", language),
            "buttons": window_buttons(soonest_starts(5, last_start=16), language),
        },
    ]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_free_window_at_all_offers_a_person(language: Language) -> None:
    tracker = make_tracker("x", city="suzhou", product="refrigerator", language=language)
    assert run_action(ActionAskVisitWindow(), tracker) == (
        [],
        [{"text": msg("no_free_windows", language), "buttons": [PERSON[language]]}],
    )


# ---- summary and result -------------------------------------------------------------------

_SUMMARY_BUTTONS = {
    "zh": [
        {"title": "确认预约", "payload": "/affirm"},
        {"title": "改时间", "payload": '/inform{"change":"visit_window"}'},
        {"title": "改地址", "payload": '/inform{"change":"address"}'},
        {"title": "改电话", "payload": '/inform{"change":"phone"}'},
        {"title": "改姓名", "payload": '/inform{"change":"customer_name"}'},
        {"title": "改电器或故障", "payload": '/inform{"change":"appliance"}'},
        {"title": "不约了", "payload": "/stop"},
    ],
    "en": [
        {"title": "Confirm", "payload": "/affirm"},
        {"title": "Change the time", "payload": '/inform{"change":"visit_window"}'},
        {"title": "Change the address", "payload": '/inform{"change":"address"}'},
        {"title": "Change the phone", "payload": '/inform{"change":"phone"}'},
        {"title": "Change the name", "payload": '/inform{"change":"customer_name"}'},
        {"title": "Change the appliance", "payload": '/inform{"change":"appliance"}'},
        {"title": "Don't book", "payload": "/stop"},
    ],
}
_CHARGES = {
    ("free", "zh"): "在保修期内，本次上门维修免费。",
    ("free", "en"): "Under warranty: this visit is free of charge.",
    ("paid", "zh"): "已过整机保修期：上门费 50 元，工时和配件按统一收费标准，开工前先报价。",
    ("paid", "en"): "Out of whole-unit warranty: call-out fee CNY 50, labour and parts at our "
    "published charges, quoted before any work.",
    (
        "unknown",
        "zh",
    ): "保修期内免费；如已过保，上门费 50 元，工时和配件按统一收费标准，开工前先报价。",
    ("unknown", "en"): "Free if under warranty; otherwise a call-out fee of CNY 50, with labour "
    "and parts at our published charges, quoted before any work.",
}


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize(
    ("serial", "phone", "charges"),
    [
        (IN_WARRANTY_SERIAL, REGISTERED_PHONE, "free"),
        (OUT_OF_WARRANTY_SERIAL, REGISTERED_PHONE, "paid"),
        (None, REGISTERED_PHONE, "unknown"),
        (IN_WARRANTY_SERIAL, "+8613700000000", "unknown"),
    ],
)
def test_the_summary_shows_everything_and_what_the_visit_costs(
    language: Language, serial: str | None, phone: str, charges: str
) -> None:
    start = soonest_starts(1)[0]
    tracker = make_tracker(
        "x",
        language=language,
        **_ready(serial_number=serial, phone=phone, visit_window=window_key(start)),
    )
    events, replies = run_action(ActionAskBookingConfirmed(), tracker)
    assert events == []
    appliance = (
        "WM-8012 明嘉 8 公斤滚筒洗衣机"
        if language == "zh"
        else "WM-8012 Mingjia 8 kg front-loading washer"
    )
    assert replies == [
        {
            "text": msg(
                "booking_summary",
                language,
                appliance=appliance,
                symptom="不排水，显示E4",
                city="上海" if language == "zh" else "Shanghai",
                address="浦东新区张江路88弄5号1201室",
                name="王小明",
                phone=phone,
                window=window_title(start, language),
                charges=_CHARGES[charges, language],
            ),
            "buttons": _SUMMARY_BUTTONS[language],
        }
    ]


def test_the_summary_names_the_category_when_the_model_is_unknown() -> None:
    tracker = make_tracker("x", **_ready(model=None, product="water_heater"))
    _, replies = run_action(ActionAskBookingConfirmed(), tracker)
    assert replies[0]["text"].startswith("请确认预约信息：\n电器：热水器\n故障：不排水，显示E4\n")


#: What a finished or abandoned booking forgets; who and where the customer is stays.
_FORGOTTEN = [
    SlotSet(slot, None)
    for slot in (
        "symptom error_code visit_window visit_preference when booking_confirmed visit_task "
        "cancel_confirmed"
    ).split()
]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_booking_done_gives_the_reference_and_forgets_the_booking(language: Language) -> None:
    start = soonest_starts(1)[0]
    tracker = make_tracker(
        "确认预约",
        intent="affirm",
        language=language,
        booking_reference="RV-7K3M9QXP",
        **_ready(visit_window=window_key(start)),
    )
    events, replies = run_action(ActionBookingDone(), tracker)
    assert events == [
        *_FORGOTTEN,
        SlotSet("reference", "RV-7K3M9QXP"),
    ]
    buttons = {
        "zh": [
            {"title": "查询预约", "payload": "/repair_status"},
            {"title": "还有其他问题", "payload": "/help"},
        ],
        "en": [
            {"title": "Check my visit", "payload": "/repair_status"},
            {"title": "Another question", "payload": "/help"},
        ],
    }
    assert replies == [
        {
            "text": msg(
                "booking_done",
                language,
                reference="RV-7K3M9QXP",
                window=window_title(start, language),
            ),
            "buttons": buttons[language],
        }
    ]


def test_reset_forgets_the_per_booking_slots_only() -> None:
    assert run_action(ActionResetBooking(), make_tracker("不约了", intent="stop")) == (
        _FORGOTTEN,
        [],
    )


def test_the_form_asks_every_question_the_domain_declares_in_order(domain: DomainDict) -> None:
    tracker = make_tracker("x")
    assert (
        required_slots(FORM, tracker, domain)
        == domain["forms"]["repair_booking_form"]["required_slots"]
    )


# ---- answers that cannot be what was asked ------------------------------------------------


def _queried(key: str, language: Language, typed: str) -> list[dict[str, Any]]:
    return [{"text": msg(key, language, typed=typed), "buttons": []}]


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("text", ["asdfgh", "jjjjjj", "啊啊啊啊", "。。。", "123123", "qwerty lol"])
def test_noise_as_the_fault_is_queried_once_quoting_it(text: str, language: Language) -> None:
    assert _validate("symptom", text, language=language) == (
        {"symptom": None, "sense_checked": "symptom"},
        _queried("sense_gibberish", language, text),
    )


@pytest.mark.parametrize("language", ["zh", "en"])
def test_noise_given_again_after_the_query_is_taken(language: Language) -> None:
    assert _validate("symptom", "asdfgh", language=language, sense_checked="symptom") == (
        {"symptom": "asdfgh", "sense_checked": None},
        [],
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("不制冷", {"symptom": "不制冷"}),
        ("leaks", {"symptom": "leaks"}),
        ("E4", {"symptom": "E4", "error_code": "E4"}),
        ("吵", {"symptom": "吵"}),
    ],
)
def test_a_genuine_short_fault_is_taken(text: str, found: dict[str, Any]) -> None:
    assert _validate("symptom", text) == (found, [])


def test_a_real_fault_after_the_query_ends_it() -> None:
    assert _validate("symptom", "不排水", sense_checked="symptom") == (
        {"symptom": "不排水", "sense_checked": None},
        [],
    )


def test_the_quote_is_cut_to_thirty_characters() -> None:
    text = "a" * 40
    assert _validate("symptom", text, language="en") == (
        {"symptom": None, "sense_checked": "symptom"},
        _queried("sense_gibberish", "en", "a" * 29 + "…"),
    )


@pytest.mark.parametrize(
    ("slot", "text", "key"),
    [
        ("address", "13812345678", "sense_address_phone"),
        ("address", "88-5-1201", "sense_address_phone"),
        ("address", "asdfgh", "sense_gibberish"),
        ("customer_name", "13812345678", "sense_customer_name_phone"),
        ("customer_name", "浦东新区张江路88弄5号", "sense_customer_name_address"),
        ("customer_name", "12 Baker Street, Flat 3", "sense_customer_name_address"),
        ("customer_name", "jjjjjj", "sense_gibberish"),
    ],
)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_detail_that_cannot_be_the_answer_is_queried_once(
    slot: str, text: str, key: str, language: Language
) -> None:
    assert _validate(slot, text, language=language) == (
        {slot: None, "sense_checked": slot},
        _queried(key, language, text),
    )
    # Given again, it is taken: the customer may know better.
    assert _validate(slot, text, language=language, sense_checked=slot) == (
        {slot: text, "sense_checked": None},
        [],
    )


def test_a_query_about_another_question_does_not_count() -> None:
    assert _validate("address", "13812345678", sense_checked="symptom") == (
        {"address": None, "sense_checked": "address"},
        _queried("sense_address_phone", "zh", "13812345678"),
    )


def test_a_detail_too_short_is_explained_not_queried() -> None:
    assert _validate("address", "123") == (
        {"address": None},
        [{"text": msg("invalid_address", "zh"), "buttons": []}],
    )


# ---- anger instead of an answer ------------------------------------------------------------


@pytest.mark.parametrize(
    ("slot", "text", "language"),
    [
        ("symptom", "你们是骗子吧", "zh"),
        ("customer_name", "坑人", "zh"),
        ("address", "are you scammers?", "en"),
        ("visit_window", "this is a joke, useless company", "en"),
        ("booking_confirmed", "fuck this", "en"),
    ],
)
def test_anger_is_not_taken_as_the_answer(
    domain: DomainDict, slot: str, text: str, language: Language
) -> None:
    assert answer_form(FORM, slot, text, domain, intent="insult", language=language) == (
        [SlotSet(slot, None)],
        [{"text": msg("insult_apology", language), "buttons": [PERSON[language]]}],
    )


def test_what_an_angry_message_filled_stays_as_it_was(domain: DomainDict) -> None:
    earlier = [SlotSet("product", "washing_machine")]
    assert answer_form(
        FORM,
        "symptom",
        "你们这冰箱就是骗人的吧",
        domain,
        intent="insult",
        earlier=earlier,
        filled={"product": "refrigerator"},
        product="washing_machine",
    ) == (
        [SlotSet("symptom", None), SlotSet("product", "washing_machine")],
        [{"text": msg("insult_apology", "zh"), "buttons": [PERSON["zh"]]}],
    )


def test_anger_that_says_what_is_wrong_is_an_answer(domain: DomainDict) -> None:
    text = "这破冰箱又不制冷了，妈的"
    assert answer_form(FORM, "symptom", text, domain, intent="insult") == (
        [SlotSet("symptom", text)],
        [],
    )


# ---- the model ----------------------------------------------------------------------------

_PLATES = {
    "washing_machine": ("洗衣机", "washing machine"),
    "refrigerator": ("冰箱", "refrigerator"),
    "air_conditioner": ("空调", "air conditioner"),
    "water_heater": ("热水器", "water heater"),
    "water_purifier": ("净水器", "water purifier"),
}


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("category", list(_PLATES))
def test_the_model_question_says_where_the_rating_plate_is(
    category: str, language: Language
) -> None:
    tracker = make_tracker("x", product=category, language=language)
    zh, en = _PLATES[category]
    assert run_action(ActionAskBookingModel(), tracker) == (
        [],
        [
            {
                "text": msg(
                    "ask_booking_model",
                    language,
                    appliance=zh if language == "zh" else en,
                    plate=msg(f"rating_plate_{category}", language),
                ),
                "buttons": [],
            }
        ],
    )


def test_the_fridge_plate_is_inside_on_the_side_wall() -> None:
    tracker = make_tracker("x", product="refrigerator")
    _, replies = run_action(ActionAskBookingModel(), tracker)
    assert "铭牌在冷藏室里面的侧壁上" in replies[0]["text"]
    assert "“找不到”" in replies[0]["text"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("RF-5501", {"model": "RF-5501", "product": "refrigerator"}),
        ("型号是rf5501", {"model": "RF-5501", "product": "refrigerator"}),
        ("it's a WM 8012", {"model": "WM-8012", "product": "washing_machine"}),
    ],
)
def test_a_catalogue_model_is_kept(text: str, found: dict[str, Any]) -> None:
    assert _validate("model", text, product="refrigerator") == (found, [])


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("不知道", "zh"),
        ("找不到", "zh"),
        ("铭牌看不清", "zh"),
        ("I don't know", "en"),
        ("no idea", "en"),
    ],
)
def test_a_customer_who_cannot_give_the_model_is_not_held_up(text: str, language: Language) -> None:
    assert _validate("model", text, product="refrigerator", language=language) == (
        {"model": None, "model_unknown": True},
        [{"text": msg("model_skipped", language), "buttons": []}],
    )


@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_unknown_model_offers_the_closest_once(language: Language) -> None:
    result, replies = _validate("model", "RF-99", product="refrigerator", language=language)
    assert result == {"model": None, "sense_checked": "model"}
    assert [r["text"] for r in replies] == [msg("unknown_model", language, typed="RF-99")]
    assert [b["payload"] for b in replies[0]["buttons"]] == [
        f'/inform{{"model":"{m}","product":"refrigerator"}}'
        for m in ("RF-5501", "RF-6203", "RF-4802")
    ]
    # Another answer naming no model: the booking goes on without it.
    assert _validate(
        "model", "RF-98", product="refrigerator", language=language, sense_checked="model"
    ) == (
        {"model": None, "model_unknown": True, "sense_checked": None},
        [{"text": msg("model_skipped", language), "buttons": []}],
    )


@pytest.mark.parametrize(("text", "language"), [("白色那台", "zh"), ("the big white one", "en")])
def test_an_answer_without_a_model_is_queried_once(text: str, language: Language) -> None:
    assert _validate("model", text, product="refrigerator", language=language) == (
        {"model": None, "sense_checked": "model"},
        _queried("booking_model_not_found", language, text),
    )


def test_a_pressed_model_button_after_the_query_ends_it() -> None:
    assert _validate(
        "model",
        "RF-5501",
        text='/inform{"model":"RF-5501","product":"refrigerator"}',
        sense_checked="model",
    ) == ({"model": "RF-5501", "product": "refrigerator", "sense_checked": None}, [])


def test_an_unknown_code_read_while_another_question_is_open_changes_nothing() -> None:
    assert _validate("model", "RF-99", text="冰箱RF-99不制冷", requested_slot="symptom") == (
        {"model": None},
        [],
    )


def test_the_model_is_not_asked_again_once_it_cannot_be_given() -> None:
    assert required_slots(FORM, make_tracker("x", model_unknown=True)) == [
        "product",
        "symptom",
        "city",
        "address",
        "customer_name",
        "phone",
        "visit_window",
        "booking_confirmed",
    ]
