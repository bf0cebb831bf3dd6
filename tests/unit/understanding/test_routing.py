from __future__ import annotations

import pytest

from bot.understanding.routing import (
    ANSWER_BELOW_CONFIDENCE,
    ASKED_ABOUT_INTENTS,
    SELF_HELP_INTENTS,
    SERVICE_ARTICLES,
    Question,
    candidate,
    route,
)

SURE = 0.99
UNSURE = ANSWER_BELOW_CONFIDENCE - 0.01


@pytest.mark.parametrize(
    ("intent", "confidence", "text", "expected"),
    [
        # An unsure service request that asks something.
        ("book_repair", UNSURE, "上门费多少钱", Question("book_repair", fault=False)),
        ("check_warranty", UNSURE, "过保了还修吗", Question("check_warranty", fault=False)),
        ("out_of_scope", UNSURE, "人工几点下班?", Question("out_of_scope", fault=False)),
        # Sure, but not a question: the service starts.
        ("check_warranty", SURE, "过保了还修吗", None),
        ("complain", SURE, "修了三次还是E4，怎么回事", None),
        # Unsure, but no question either.
        ("book_repair", UNSURE, "冰箱坏了", None),
        # A request for a visit or a person is asked about whatever the confidence.
        ("book_repair", SURE, "修完可以微信付款嘛？", Question("book_repair", fault=False)),
        ("request_human", SURE, "人工客服几点下班", Question("request_human", fault=False)),
        # ...unless it asks for the visit itself.
        ("book_repair", UNSURE, "能派个师傅来吗", None),
        # A fault question, however sure: the answer offers a visit.
        ("book_repair", SURE, "空调显示E2", Question("book_repair", fault=True)),
        ("repair_status", SURE, "冰箱不制冷了怎么办", Question("repair_status", fault=True)),
        ("help", SURE, "what does E6 mean", Question("help", fault=True)),
        # Help is a question by nature: answered only for a fault.
        ("help", UNSURE, "what can you do?", None),
        # A fault named in a complaint or a warranty check is the complaint's.
        ("complain", UNSURE, "显示E4", None),
        # Not a service intent; a pressed button; no intent.
        ("report_fault", UNSURE, "净水器亮E3了，是要换滤芯了吗", None),
        ("book_repair", UNSURE, "/book_repair", None),
        (None, UNSURE, "上门费多少钱", None),
    ],
)
def test_candidate(
    intent: str | None, confidence: float, text: str, expected: Question | None
) -> None:
    assert candidate(intent, confidence, text) == expected


@pytest.mark.parametrize(
    ("question", "offer"),
    [
        (Question("book_repair", fault=False), "book_repair"),
        (Question("check_warranty", fault=False), "check_warranty"),
        (Question("request_human", fault=False), "request_human"),
        (Question("out_of_scope", fault=False), None),
        (Question("help", fault=False), None),
        (Question("help", fault=True), "book_repair"),
        (Question("repair_status", fault=True), "book_repair"),
    ],
)
def test_the_answer_offers_the_service(question: Question, offer: str | None) -> None:
    assert question.offer == offer


@pytest.mark.parametrize(
    ("best", "answered"),
    [
        (("charges-call-out-fee", 0.9), True),
        (("charges-call-out-fee", 0.55), True),
        (("charges-call-out-fee", 0.54), False),
        # The service's own explanation: the service starts after all.
        ((SERVICE_ARTICLES["book_repair"], 0.9), False),
        (None, False),
    ],
)
def test_route(best: tuple[str, float] | None, answered: bool) -> None:
    expected = Question("book_repair", fault=False) if answered else None
    assert route("book_repair", UNSURE, "上门费多少钱", best) == expected


def test_every_self_help_and_asked_about_intent_is_a_service_intent() -> None:
    assert set(SERVICE_ARTICLES) >= SELF_HELP_INTENTS | ASKED_ABOUT_INTENTS
