"""Complaints through the real stack: filed in every category and both languages, safety
complaints queued for a person, status by reference and phone, and the report command's
figures checked against the complaints filed here.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from bot.complaints import CATEGORIES, RESPONSE_HOURS, Severity, category_label, get_complaint
from bot.db import UowFactory
from bot.handoff import queued_handoffs
from bot.language import Language
from tests.e2e.conftest import STACKS, Customer, Stack
from tests.e2e.responses import msg

# On the single host (SQLite), then on the cluster (PostgreSQL, two of each process).
pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("stack", STACKS, indirect=True)]

PHONE = "13900001111"
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "service_attitude": {
        "zh": "上周来的师傅一进门就不耐烦，问两句就甩脸色",
        "en": "the engineer was rude and kept rolling his eyes at my questions",
    },
    "repair_quality": {
        "zh": "上个月刚修过的洗衣机，没用几天又不脱水了",
        "en": "you fixed my fridge two weeks ago and it's still not cooling properly",
    },
    "late_or_missed_visit": {
        "zh": "约好上午十点上门，等了一整天也没人来，电话也不接",
        "en": "I waited all day and the technician never turned up, no call either",
    },
    "charges": {
        "zh": "师傅收了我三百块检测费，比你们公布的标准高多了",
        "en": "I was charged way more than your published price list for a simple fix",
    },
    "product_quality": {
        "zh": "新买的冰箱用了一个月门封条就裂开了",
        "en": "the washer I bought last month already has a cracked drum seal",
    },
    "other": {
        "zh": "你们的售后电话一直占线，想反映一下",
        "en": "your hotline's hold music is far too loud, just wanted to say",
    },
}
#: The complaints this module filed, by reference, on each stack (by its URL).
FILED: dict[str, dict[str, str]] = {}


def filed_on(url: object) -> dict[str, str]:
    """The complaints filed on the stack at this URL."""
    return FILED.setdefault(str(url).rstrip("/"), {})


def reference_in(text: str) -> str:
    found = re.search(r"CP-[0-9A-Z]{8}", text)
    assert found, text
    return found.group(0)


def give_phone(
    customer: Customer, language: Language, reply: str, category: str, severity: Severity
) -> str:
    """Gives the phone, the last detail asked; checks the filing reply; returns the reference."""
    replies = customer.say(PHONE)
    reference = reference_in(replies[0]["text"])
    assert replies[0]["text"] == msg(
        reply,
        language,
        reference=reference,
        category=category_label(category, language),
        hours=RESPONSE_HOURS[severity],
    )
    filed_on(customer.http.base_url)[reference] = category
    return reference


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("category", CATEGORIES)
def test_a_complaint_of_each_category_is_filed_with_a_reference(
    stack: Stack, uow_factory: UowFactory, category: str, language: Language
) -> None:
    customer = Customer(stack)
    replies = customer.say("我要投诉" if language == "zh" else "I want to make a complaint")
    assert replies[0]["text"] == msg("ask_complaint_category", language)
    assert len(replies[0]["buttons"]) == len(CATEGORIES)
    replies = customer.choose('/inform{"complaint_category":"' + category + '"}')
    assert replies[0]["text"] == msg("ask_complaint_description", language)
    description = DESCRIPTIONS[category][language]
    replies = customer.say(description)
    assert replies[0]["text"] == msg("ask_complaint_phone", language)
    reference = give_phone(customer, language, "complaint_filed", category, "normal")
    complaint = get_complaint(uow_factory, reference)
    assert (complaint.category, complaint.description, complaint.phone) == (
        category,
        description,
        "+8613900001111",
    )
    assert (complaint.status, complaint.severity, complaint.owner) == (
        "received",
        "normal",
        "complaints-desk",
    )
    assert complaint.conversation_id == customer.conversation_id


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh", "我要投诉！你们的热水器出水太烫，把我孩子的手烫伤了，太危险了"),
        ("en", "I want to complain, the water heater scalded my son's hand, that's dangerous"),
    ],
)
def test_a_safety_complaint_is_critical_and_queued_for_a_person(
    stack: Stack, uow_factory: UowFactory, language: Language, said: str
) -> None:
    # An injury is a safety complaint; a live hazard (smoke, sparks, gas, a shock) gets
    # first steps and a person at once instead (tests/e2e/test_handoff.py).
    customer = Customer(stack)
    replies = customer.say(said)
    # The message itself is the description; only the phone is missing.
    assert replies[0]["text"] == msg("ask_complaint_phone", language)
    reference = give_phone(customer, language, "complaint_critical", "product_quality", "critical")
    complaint = get_complaint(uow_factory, reference)
    assert (complaint.category, complaint.severity) == ("product_quality", "critical")
    assert complaint.description == said
    queued = [h for h in queued_handoffs(uow_factory) if h.reference == reference]
    assert len(queued) == 1
    assert queued[0].conversation_id == customer.conversation_id


@pytest.mark.parametrize("language", ["zh", "en"])
def test_status_needs_the_right_phone_and_information_can_be_added(
    stack: Stack, uow_factory: UowFactory, language: Language
) -> None:
    zh = language == "zh"
    first = Customer(stack)
    first.say("我要投诉" if zh else "I'd like to complain")
    first.choose('/inform{"complaint_category":"late_or_missed_visit"}')
    first.say(DESCRIPTIONS["late_or_missed_visit"][language])
    reference = reference_in(first.say(PHONE)[0]["text"])
    filed_on(stack.gateway_url)[reference] = "late_or_missed_visit"

    # The same conversation knows the reference and the phone.
    replies = first.say("我的投诉处理到哪一步了" if zh else "any update on my complaint?")
    assert replies[0]["text"].startswith(msg("complaint_status", language, summary=""))
    assert reference in replies[0]["text"]

    customer = Customer(stack)
    replies = customer.say("查一下投诉进度" if zh else "what's the status of my complaint")
    assert replies[0]["text"] == msg("ask_complaint_reference", language)
    replies = customer.say(reference.lower())
    assert replies[0]["text"] == msg("ask_complaint_status_phone", language)
    replies = customer.say("13800000000")
    assert replies[0]["text"] == msg("complaint_not_found", language)
    assert reference not in " ".join(r["text"] for r in replies)
    customer.say(reference)
    replies = customer.say(PHONE)
    assert replies[0]["text"].startswith(msg("complaint_status", language, summary=""))
    replies = customer.choose('/complaint_status{"complaint_task":"add"}')
    assert replies[0]["text"] == msg("ask_complaint_addition", language)
    extra = (
        "后来打了三次客服电话都没人回"
        if zh
        else "I called your hotline three times since, nobody called back"
    )
    replies = customer.say(extra)
    assert replies[0]["text"].startswith(msg("complaint_added", language, summary=""))
    assert extra in get_complaint(uow_factory, reference).last_update


def test_the_report_counts_exactly_the_complaints_filed(stack: Stack) -> None:
    filed = filed_on(stack.gateway_url)
    assert filed, "run with the complaint tests above"
    result = stack.command("report", "complaints", "--since", date.today().isoformat())
    assert result.returncode == 0, result.stderr
    counts = Counter(filed.values())
    for category in CATEGORIES:
        line = rf"^\s+{re.escape(category_label(category, 'en'))}\s+{counts[category]}\s*$"
        assert re.search(line, result.stdout, re.M), (category, result.stdout)
    assert re.search(rf"^\S.*\s{len(filed)}\s*$", result.stdout, re.M), result.stdout
