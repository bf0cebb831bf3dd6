"""Complaint actions on real trackers, recorded in a real SQLite database."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import partial
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.types import DomainDict

from actions.complaint_filing import (
    ActionAskComplaintCategory,
    ActionComplaintFiled,
    ActionStartComplaint,
    ValidateComplaintForm,
)
from actions.complaint_status import ActionComplaintStatus, ValidateComplaintStatusForm
from bot.complaints import Complaint, complaint_history, get_complaint, update_status
from bot.db import UowFactory
from bot.handoff import queued_handoffs
from bot.language import Language
from tests.unit.actions.conftest import (
    PERSON,
    answer_form,
    make_tracker,
    msg,
    required_slots,
    run_action,
    validate_answer,
)

pytestmark = pytest.mark.usefixtures("service_db")

PHONE = "+8613812345678"
_REFERENCE = re.compile(r"^CP-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$")


def _file(
    description: str, category: str, language: Language = "zh", **slots: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tracker = make_tracker(
        "13812345678",
        intent="inform",
        language=language,
        complaint_description=description,
        complaint_category=category,
        phone=PHONE,
        **slots,
    )
    return run_action(ActionComplaintFiled(), tracker)


def _filed_reference(events: list[dict[str, Any]]) -> str:
    assert events[:2] == [
        SlotSet("complaint_description", None),
        SlotSet("complaint_category", None),
    ]
    [last] = events[2:]
    assert last["name"] == "complaint_reference"
    reference = str(last["value"])
    assert _REFERENCE.match(reference)
    return reference


# ---- starting ------------------------------------------------------------------------------

#: A new complaint forgets the last one's reference and any answer queried before.
_STARTED = [SlotSet("complaint_reference", None), SlotSet("sense_checked", None)]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("你们师傅态度太差了，还骂人", "service_attitude"),
        ("师傅多收了我两百块钱上门费", "charges"),
        ("The technician never came, I waited all day", "late_or_missed_visit"),
        ("The washer broke again a week after the repair", "repair_quality"),
    ],
)
def test_the_complaint_message_is_the_description_and_hints_the_category(
    text: str, category: str
) -> None:
    assert run_action(ActionStartComplaint(), make_tracker(text, intent="complain")) == (
        [
            *_STARTED,
            SlotSet("complaint_description", text),
            SlotSet("complaint_category", category),
        ],
        [],
    )


def test_a_description_without_hints_leaves_the_category_to_ask() -> None:
    text = "我想反映一下上周发生的事情"
    assert run_action(ActionStartComplaint(), make_tracker(text, intent="complain")) == (
        [*_STARTED, SlotSet("complaint_description", text)],
        [],
    )


@pytest.mark.parametrize("text", ["我要投诉", "投诉！", "/complain"])
def test_a_bare_complaint_request_leaves_the_description_to_ask(text: str) -> None:
    assert run_action(ActionStartComplaint(), make_tracker(text, intent="complain")) == (
        [*_STARTED, SlotSet("complaint_description", None)],
        [],
    )


@pytest.mark.parametrize(
    "text",
    ["I want to make a complaint", "I'd like to complain", "complain"],
)
def test_a_longer_bare_complaint_request_leaves_the_description_to_ask(text: str) -> None:
    events, _ = run_action(ActionStartComplaint(), make_tracker(text, intent="complain"))
    assert SlotSet("complaint_description", None) in events


@pytest.mark.parametrize(
    "text",
    [
        "the fridge is smoking and sparks came out",
        "热水器漏电，手被电到了",
        "洗衣机漏水把地板泡坏了，我要投诉",
    ],
)
def test_a_safety_incident_without_a_category_is_product_quality(text: str) -> None:
    assert run_action(ActionStartComplaint(), make_tracker(text, intent="complain")) == (
        [
            *_STARTED,
            SlotSet("complaint_description", text),
            SlotSet("complaint_category", "product_quality"),
        ],
        [],
    )


def test_the_description_is_cut_to_2000_characters() -> None:
    events, _ = run_action(ActionStartComplaint(), make_tracker("差" * 2500, intent="complain"))
    assert events[2] == SlotSet("complaint_description", "差" * 2000)


# ---- the complaint form ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_categories_are_offered_as_buttons(language: Language) -> None:
    categories = [
        ("service_attitude", "服务态度", "Service attitude"),
        ("repair_quality", "维修质量", "Repair quality"),
        ("late_or_missed_visit", "上门迟到或未上门", "Late or missed visit"),
        ("charges", "收费问题", "Charges"),
        ("product_quality", "产品质量", "Product quality"),
        ("other", "其他", "Other"),
    ]
    tracker = make_tracker("投诉", language=language)
    assert run_action(ActionAskComplaintCategory(), tracker) == (
        [],
        [
            {
                "text": msg("ask_complaint_category", language),
                "buttons": [
                    {
                        "title": zh if language == "zh" else en,
                        "payload": '/inform{"complaint_category":"' + c + '"}',
                    }
                    for c, zh, en in categories
                ],
            }
        ],
    )


def test_complaint_form_validation() -> None:
    form = ValidateComplaintForm()

    def validate(slot: str, value: Any, text: str, **slots: Any) -> Any:
        return validate_answer(form, slot, value, text, **slots)

    assert validate("complaint_category", "charges", "/inform") == (
        {"complaint_category": "charges"},
        [],
    )
    assert validate("complaint_category", None, "师傅态度不好") == (
        {"complaint_category": "service_attitude"},
        [],
    )
    assert validate("complaint_category", None, "别的事") == ({"complaint_category": "other"}, [])
    assert validate("complaint_description", " 师傅迟到了三个小时 ", "x") == (
        {
            "complaint_description": "师傅迟到了三个小时",
            "complaint_category": "late_or_missed_visit",
        },
        [],
    )
    assert validate(
        "complaint_description", "师傅迟到了三个小时", "x", complaint_category="charges"
    ) == ({"complaint_description": "师傅迟到了三个小时"}, [])
    assert validate("complaint_description", "x", "x", language="en") == (
        {"complaint_description": None},
        [{"text": msg("invalid_complaint_description", "en"), "buttons": []}],
    )
    assert validate("phone", "138 1234 5678", "x") == ({"phone": PHONE}, [])
    assert validate("phone", "12", "x") == (
        {"phone": None},
        [{"text": msg("invalid_phone", "zh"), "buttons": []}],
    )


# ---- filing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_complaint_is_filed_with_a_reference_and_a_24_hour_promise(
    service_db: UowFactory, language: Language
) -> None:
    events, replies = _file("师傅多收了我两百块钱上门费", "charges", language)
    reference = _filed_reference(events)
    assert replies == [
        {
            "text": msg(
                "complaint_filed",
                language,
                reference=reference,
                category="收费问题" if language == "zh" else "Charges",
                hours=24,
            ),
            "buttons": [PERSON[language]],
        }
    ]
    complaint = get_complaint(service_db, reference)
    assert (
        complaint.status,
        complaint.severity,
        complaint.owner,
        complaint.category,
        complaint.description,
        complaint.phone,
        complaint.language,
        complaint.conversation_id,
    ) == (
        "received",
        "normal",
        "complaints-desk",
        "charges",
        "师傅多收了我两百块钱上门费",
        PHONE,
        language,
        "c1",
    )
    assert queued_handoffs(service_db) == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_safety_complaint_is_critical_and_queued_for_a_person(
    service_db: UowFactory, language: Language
) -> None:
    text = (
        "热水器漏电，我被电到了"
        if language == "zh"
        else "The water heater gave me an electric shock"
    )
    events, replies = _file(text, "product_quality", language, model="WH-6050")
    reference = _filed_reference(events)
    assert replies == [
        {"text": msg("complaint_critical", language, reference=reference, hours=1), "buttons": []}
    ]
    complaint = get_complaint(service_db, reference)
    assert (complaint.severity, complaint.owner, complaint.model) == (
        "critical",
        "duty-supervisor",
        "WH-6050",
    )
    assert complaint.safety_words
    [handoff] = queued_handoffs(service_db)
    assert (handoff.reason, handoff.reference, handoff.priority, handoff.conversation_id) == (
        "critical_complaint",
        reference,
        0,
        "c1",
    )
    assert reference in handoff.summary


def test_a_second_complaint_about_the_same_unit_is_a_repeat(service_db: UowFactory) -> None:
    first = _filed_reference(
        _file("洗衣机质量太差，刚买就坏", "product_quality", model="WM-8012")[0]
    )
    events, replies = _file("洗衣机质量太差，还是坏的", "product_quality", model="WM-8012")
    reference = _filed_reference(events)
    assert replies == [
        {
            "text": msg(
                "complaint_repeat", "zh", reference=reference, category="产品质量", hours=4
            ),
            "buttons": [PERSON["zh"]],
        }
    ]
    complaint = get_complaint(service_db, reference)
    assert (complaint.severity, complaint.repeat_of) == ("high", (first,))


def test_the_visit_in_the_conversation_is_attached(service_db: UowFactory) -> None:
    events, _ = _file("师傅迟到了三个小时", "late_or_missed_visit", reference="RV-7K3M9QXP")
    assert get_complaint(service_db, _filed_reference(events)).booking_reference == "RV-7K3M9QXP"
    events, _ = _file(
        "师傅迟到了三个小时",
        "late_or_missed_visit",
        booking_reference="RV-22222222",
        reference="RV-7K3M9QXP",
    )
    assert get_complaint(service_db, _filed_reference(events)).booking_reference == "RV-22222222"


def test_a_reference_slot_that_is_not_a_visit_is_not_attached(service_db: UowFactory) -> None:
    events, _ = _file("师傅迟到了三个小时", "late_or_missed_visit", reference="CP-7KQ3MZ2A")
    assert get_complaint(service_db, _filed_reference(events)).booking_reference is None


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_complaint_that_cannot_be_recorded_is_passed_to_a_person(language: Language) -> None:
    tracker = make_tracker(
        "x",
        language=language,
        complaint_description="师傅态度太差了",
        complaint_category="service_attitude",
        phone=None,
    )
    assert run_action(ActionComplaintFiled(), tracker) == (
        [SlotSet("complaint_description", None), SlotSet("complaint_category", None)],
        [{"text": msg("complaint_not_recorded", language), "buttons": [PERSON[language]]}],
    )


# ---- status ------------------------------------------------------------------------------------


@pytest.fixture
def filed(service_db: UowFactory) -> Complaint:
    events, _ = _file("师傅多收了我两百块钱上门费", "charges")
    return get_complaint(service_db, _filed_reference(events))


STATUS_FORM = ValidateComplaintStatusForm()


_validate_status = partial(validate_answer, STATUS_FORM)


def _adding(complaint: Complaint) -> dict[str, Any]:
    """The slots of a customer adding information to ``complaint``."""
    return {"complaint_reference": complaint.reference, "phone": PHONE, "complaint_task": "add"}


def _resolve(uow_factory: UowFactory, complaint: Complaint, resolution: str) -> Complaint:
    update_status(
        uow_factory,
        complaint.reference,
        status="resolved",
        note="退还多收的费用",
        author="agent",
        resolution=resolution,
        now=datetime.now(timezone.utc),
    )
    return get_complaint(uow_factory, complaint.reference)


@pytest.mark.parametrize("text", ["CP-7KQ3MZ2A", "cp 7kq3mz2a", "我的投诉单号 cp7kq3mz2a"])
def test_complaint_references_are_read_however_typed(text: str) -> None:
    assert _validate_status("complaint_reference", text) == (
        {"complaint_reference": "CP-7KQ3MZ2A"},
        [],
    )


@pytest.mark.parametrize("intent", ["ask_product", "report_fault"])
def test_a_typed_complaint_reference_is_taken_whatever_intent_was_read(intent: str) -> None:
    tracker = make_tracker(
        "cp e4wm82ac",
        intent,
        active_loop={"name": "complaint_status_form"},
        requested_slot="complaint_reference",
    )
    events, messages = run_action(ValidateComplaintStatusForm(), tracker)
    assert events[0] == SlotSet("complaint_reference", "CP-E4WM82AC")
    assert messages == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_invalid_complaint_reference_is_explained(language: Language) -> None:
    assert _validate_status("complaint_reference", "RV-7K3M9QXP", language=language) == (
        {"complaint_reference": None},
        [{"text": msg("invalid_complaint_reference", language), "buttons": []}],
    )


def test_the_phone_of_the_complaint_is_accepted(filed: Complaint) -> None:
    assert _validate_status("phone", "138 1234 5678", complaint_reference=filed.reference) == (
        {"phone": PHONE},
        [],
    )


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_wrong_phone_reveals_nothing(filed: Complaint, language: Language) -> None:
    assert _validate_status(
        "phone", "139 0000 0000", complaint_reference=filed.reference, language=language
    ) == (
        {"phone": None, "complaint_reference": None},
        [{"text": msg("complaint_not_found", language), "buttons": [PERSON[language]]}],
    )


def test_an_invalid_phone_keeps_the_complaint_reference(filed: Complaint) -> None:
    assert _validate_status("phone", "12345", complaint_reference=filed.reference) == (
        {"phone": None},
        [{"text": msg("invalid_phone", "zh"), "buttons": []}],
    )


def test_an_addition_is_appended_to_the_complaint(service_db: UowFactory, filed: Complaint) -> None:
    text = "发票上写的是两百五十元"
    slots = _adding(filed)
    assert _validate_status("complaint_addition", text, **slots) == (
        {"complaint_addition": text},
        [],
    )
    history = complaint_history(service_db, filed.reference)
    assert [(e.kind, e.text, e.author) for e in history[1:]] == [
        ("customer_info", text, "customer")
    ]
    assert queued_handoffs(service_db) == []


def test_an_addition_revealing_a_safety_risk_escalates(
    service_db: UowFactory, filed: Complaint
) -> None:
    slots = _adding(filed)
    _validate_status("complaint_addition", "后来机器还冒烟了", **slots)
    assert get_complaint(service_db, filed.reference).severity == "critical"
    [handoff] = queued_handoffs(service_db)
    assert handoff.reference == filed.reference


@pytest.mark.parametrize("language", ["zh", "en"])
def test_nothing_can_be_added_to_a_resolved_complaint(
    service_db: UowFactory, filed: Complaint, language: Language
) -> None:
    _resolve(service_db, filed, "refunded")
    slots = _adding(filed)
    assert _validate_status("complaint_addition", "还有一件事", language=language, **slots) == (
        {"complaint_addition": "-", "complaint_task": None},
        [{"text": msg("complaint_closed", language), "buttons": []}],
    )


def test_an_empty_addition_is_asked_again(filed: Complaint) -> None:
    slots = _adding(filed)
    assert _validate_status("complaint_addition", "   ", **slots) == (
        {"complaint_addition": None},
        [{"text": msg("invalid_complaint_description", "zh"), "buttons": []}],
    )


@pytest.mark.parametrize(
    ("task", "slots"),
    [
        (None, ["complaint_reference", "phone"]),
        ("add", ["complaint_reference", "phone", "complaint_addition"]),
    ],
)
def test_the_status_form_asks_for_an_addition_only_when_adding(
    task: str | None, slots: list[str]
) -> None:
    tracker = make_tracker("x", complaint_task=task)
    assert required_slots(STATUS_FORM, tracker) == slots


def _status_text(complaint: Complaint, language: Language, status: str, latest: str) -> str:
    stamp = f"{complaint.last_update_at.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"
    if language == "zh":
        return (
            f"投诉单号：{complaint.reference}\n状态：{status}\n类别：收费问题\n"
            f"最新进展（{stamp}）：{latest}"
        )
    return (
        f"Reference: {complaint.reference}\nStatus: {status}\nAbout: Charges\n"
        f"Latest update ({stamp}): {latest}"
    )


_ADD = {
    "zh": {"title": "补充信息", "payload": '/complaint_status{"complaint_task":"add"}'},
    "en": {"title": "Add information", "payload": '/complaint_status{"complaint_task":"add"}'},
}
_DONE = [SlotSet("complaint_task", None), SlotSet("complaint_addition", None)]


def _status_reply(
    key: str, complaint: Complaint, language: Language, status: str, latest: str, *, open_: bool
) -> tuple[list[Any], list[dict[str, Any]]]:
    """What the status action is expected to return: message ``key`` with the summary."""
    summary = _status_text(complaint, language, status, latest)
    buttons = [_ADD[language], PERSON[language]] if open_ else [PERSON[language]]
    return _DONE, [{"text": msg(key, language, summary=summary), "buttons": buttons}]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_status_of_a_complaint(filed: Complaint, language: Language) -> None:
    tracker = make_tracker(
        "查投诉", language=language, complaint_reference=filed.reference, phone=PHONE
    )
    latest = "已受理您的投诉（收费问题），我们会在24小时内答复您。"
    status = "已受理" if language == "zh" else "received"
    assert run_action(ActionComplaintStatus(), tracker) == _status_reply(
        "complaint_status", filed, language, status, latest, open_=True
    )


def test_the_status_after_an_addition_confirms_it(service_db: UowFactory, filed: Complaint) -> None:
    slots = _adding(filed)
    _validate_status("complaint_addition", "发票上写的是两百五十元", **slots)
    updated = get_complaint(service_db, filed.reference)
    tracker = make_tracker("x", language="en", complaint_addition="发票上写的是两百五十元", **slots)
    assert run_action(ActionComplaintStatus(), tracker) == _status_reply(
        "complaint_added", updated, "en", "received", "发票上写的是两百五十元", open_=True
    )


def test_a_resolved_complaint_offers_no_addition(service_db: UowFactory, filed: Complaint) -> None:
    resolved = _resolve(service_db, filed, "已退还五十元")
    tracker = make_tracker("x", complaint_reference=filed.reference, phone=PHONE)
    assert run_action(ActionComplaintStatus(), tracker) == _status_reply(
        "complaint_status", resolved, "zh", "已解决", "已退还五十元", open_=False
    )


def test_a_complaint_not_found_forgets_reference_and_phone(filed: Complaint) -> None:
    tracker = make_tracker("x", complaint_reference=filed.reference, phone="+8613900000000")
    assert run_action(ActionComplaintStatus(), tracker) == (
        [*_DONE, SlotSet("complaint_reference", None), SlotSet("phone", None)],
        [{"text": msg("complaint_not_found", "zh"), "buttons": [PERSON["zh"]]}],
    )


# ---- a description that makes no sense, and anger instead of one ------------------------------

FORM = ValidateComplaintForm()


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("text", ["asdfgh", "啊啊啊啊", "。。。", "123123", "qwerty lol"])
def test_noise_as_the_description_is_queried_once_quoting_it(text: str, language: Language) -> None:
    assert validate_answer(FORM, "complaint_description", text, language=language) == (
        {"complaint_description": None, "sense_checked": "complaint_description"},
        [{"text": msg("sense_gibberish", language, typed=text), "buttons": []}],
    )
    # Given again, it is recorded as it is.
    assert validate_answer(
        FORM,
        "complaint_description",
        text,
        language=language,
        sense_checked="complaint_description",
    ) == ({"complaint_description": text, "sense_checked": None}, [])


def test_a_short_real_description_is_recorded() -> None:
    assert validate_answer(FORM, "complaint_description", "师傅没来") == (
        {"complaint_description": "师傅没来", "complaint_category": "late_or_missed_visit"},
        [],
    )


@pytest.mark.parametrize(
    ("slot", "text", "language"),
    [
        ("complaint_description", "你们是骗子吧", "zh"),
        ("complaint_description", "this is a joke, useless company", "en"),
        ("complaint_category", "are you scammers?", "en"),
        ("phone", "坑人", "zh"),
    ],
)
def test_anger_alone_is_not_the_answer(
    domain: DomainDict, slot: str, text: str, language: Language
) -> None:
    assert answer_form(FORM, slot, text, domain, intent="insult", language=language) == (
        [SlotSet(slot, None)],
        [{"text": msg("insult_apology", language), "buttons": [PERSON[language]]}],
    )


def test_an_angry_description_of_what_happened_is_recorded(domain: DomainDict) -> None:
    text = "骗子，师傅多收了我两百块"
    assert answer_form(FORM, "complaint_description", text, domain, intent="insult") == (
        [SlotSet("complaint_description", text), SlotSet("complaint_category", "charges")],
        [],
    )


def test_the_form_asks_every_question_the_domain_declares_in_order(domain: DomainDict) -> None:
    assert (
        required_slots(FORM, make_tracker("x"), domain)
        == domain["forms"]["complaint_form"]["required_slots"]
    )
