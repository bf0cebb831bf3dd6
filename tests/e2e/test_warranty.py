"""The warranty check through the real stack, on both sides of every boundary.

Units are written to a CSV here, imported with the real command into the running
assistant's database, then checked in conversation in both languages.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from actions.warranty import format_date
from bot.clock import SystemClock
from bot.knowledge import KnowledgeBase, load_knowledge_base
from bot.language import Language
from bot.stack import PROJECT_ROOT
from bot.texts import MESSAGES
from bot.warranty import add_years, assess
from tests.e2e.conftest import STACKS, Customer, Stack

# On the single host (SQLite), then on the cluster (PostgreSQL, two of each process).
pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("stack", STACKS, indirect=True)]

# Today where the service runs (UTC+8), as the assistant reckons it.
TODAY = SystemClock().today()
PHONE = "13912345678"
# serial, model, purchase date, rule expected today (company terms: 15-day return,
# 30-day exchange, 2 years whole unit, washer main parts 5 years)
UNITS = [
    ("WM2400000015", "WM-8012", TODAY - timedelta(days=15), "return"),
    ("WM2400000016", "WM-8012", TODAY - timedelta(days=16), "exchange"),
    ("RF2400000030", "RF-5501", TODAY - timedelta(days=30), "exchange"),
    ("RF2400000031", "RF-5501", TODAY - timedelta(days=31), "full"),
    ("AC2400000200", "AC-3609", add_years(TODAY, -2), "full"),
    ("AC2400000201", "AC-3609", add_years(TODAY, -2) - timedelta(days=1), "main_parts"),
    ("WM2400000500", "WM-7010", add_years(TODAY, -5), "main_parts"),
    ("WM2400000501", "WM-7010", add_years(TODAY, -5) - timedelta(days=1), "expired"),
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(PROJECT_ROOT / "knowledge_base")


@pytest.fixture(scope="module")
def registry(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("registry") / "units.csv"
    lines = ["serial_number,model,purchase_date,sales_channel,phone"]
    lines += [f"{s},{m},{d.isoformat()},Online store,{PHONE}" for s, m, d, _ in UNITS]
    lines.append(f"WP2400000001,WP-800,{(TODAY + timedelta(days=3)).isoformat()},Shop,{PHONE}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = stack.command("registry", "import", str(path))
    # The unit bought in the future is rejected by line; the others are kept.
    assert result.returncode == 1, result.stderr
    assert f"{len(UNITS)} added, 0 updated, 0 unchanged, 1 rejected" in result.stdout
    assert "line 10: purchase date" in result.stdout


def _expected(kb: KnowledgeBase, model: str, bought: date, language: Language) -> tuple[str, str]:
    category = kb.models[model].category
    coverage = assess(category, bought, TODAY, kb.company, kb.statutory)
    sep = "、" if language == "zh" else ", "
    text = MESSAGES[f"warranty_{coverage.rule}"](language).format(
        model_name=f"{model} {kb.models[model].name(language)}",
        purchased_on=format_date(bought, language),
        return_until=format_date(coverage.return_until, language),
        exchange_until=format_date(coverage.exchange_until, language),
        whole_unit_until=format_date(coverage.whole_unit_until, language),
        main_parts_until=format_date(coverage.main_parts_until, language),
        main_parts=sep.join(p(language) for p in kb.categories[category].main_parts),
        call_out_fee=f"{kb.charges['call_out'].amount} 元"
        if language == "zh"
        else f"CNY {kb.charges['call_out'].amount}",
    )
    return coverage.rule, text


START = {
    "zh": "帮我查一下我的机器还在不在保修期",
    "en": "can you check whether my unit is still under warranty",
}


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize(("serial", "model", "bought", "rule"), UNITS, ids=[u[0] for u in UNITS])
def test_serial_and_phone_give_the_rule_that_applies_today(
    stack: Stack,
    registry: None,
    kb: KnowledgeBase,
    language: Language,
    serial: str,
    model: str,
    bought: date,
    rule: str,
) -> None:
    customer = Customer(stack)
    assert customer.say(START[language])[0]["text"] == MESSAGES["ask_serial_number"](language)
    assert customer.say(serial)[0]["text"] == MESSAGES["ask_phone"](language)
    replies = customer.say("+86 139-1234-5678")
    expected_rule, expected_text = _expected(kb, model, bought, language)
    assert expected_rule == rule
    assert replies[0]["text"] == expected_text


@pytest.mark.parametrize("language", ["zh", "en"])
def test_wrong_phone_reveals_nothing(stack: Stack, registry: None, language: Language) -> None:
    customer = Customer(stack)
    customer.say(START[language])
    customer.say(UNITS[0][0])
    wrong_phone = customer.say("13700000000")
    unknown = Customer(stack)
    unknown.say(START[language])
    unknown.say("WM9999999999")
    unknown_serial = unknown.say(PHONE)
    assert wrong_phone[0]["text"] == MESSAGES["warranty_not_found"](language)
    assert wrong_phone == unknown_serial


@pytest.mark.parametrize("language", ["zh", "en"])
def test_invalid_answers_are_explained_and_asked_again(
    stack: Stack, registry: None, language: Language
) -> None:
    customer = Customer(stack)
    customer.say(START[language])
    bad_serial = customer.say("12345")
    assert bad_serial[0]["text"] == MESSAGES["invalid_serial"](language)
    assert bad_serial[1]["text"] == MESSAGES["ask_serial_number"](language)
    customer.say(UNITS[3][0])
    bad_phone = customer.say("12812345678")
    assert bad_phone[0]["text"] == MESSAGES["invalid_phone"](language)
    assert bad_phone[1]["text"] == MESSAGES["ask_phone"](language)


def test_without_a_serial_model_and_date_decide(stack: Stack, kb: KnowledgeBase) -> None:
    customer = Customer(stack)
    customer.say(START["zh"])
    assert customer.say("铭牌磨掉了，没有序列号")[0]["text"] == MESSAGES["ask_model"].zh
    assert customer.say("WM8012")[0]["text"] == MESSAGES["ask_purchase_date"].zh
    bought = TODAY - timedelta(days=100)
    replies = customer.say(f"{bought.year}年{bought.month}月{bought.day}日")
    assert replies[0]["text"] == _expected(kb, "WM-8012", bought, "zh")[1]
    assert replies[1]["text"] == MESSAGES["warranty_estimate_note"].zh


def test_future_purchase_date_is_refused(stack: Stack) -> None:
    customer = Customer(stack)
    customer.say(START["en"])
    customer.say("I don't have the serial")
    customer.say("RF-5501")
    future = customer.say((TODAY + timedelta(days=10)).isoformat())
    assert future[0]["text"] == MESSAGES["purchase_date_future"].en
    assert future[1]["text"] == MESSAGES["ask_purchase_date"].en


def test_a_question_in_the_middle_is_answered_and_the_check_resumes(
    stack: Stack, kb: KnowledgeBase
) -> None:
    customer = Customer(stack)
    customer.say(START["en"])
    replies = customer.say("wait, how much is the call-out fee?")
    assert replies[0]["text"] == kb.articles["charges-call-out-fee"].answer.en
    assert replies[-1]["text"] == MESSAGES["ask_serial_number"].en
