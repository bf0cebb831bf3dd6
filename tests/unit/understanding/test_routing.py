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
from tests.unit.tables import READS, Arguments, Function, check, reads

SURE = 0.99
UNSURE = ANSWER_BELOW_CONFIDENCE - 0.01
FEE_QUESTION = Question("book_repair", fault=False)


def asked(
    confidence: float, *requests: tuple[str, str], fault: bool = False
) -> list[pytest.ParameterSet]:
    """Requests (intent, text) at ``confidence`` that :func:`candidate` takes for a question to
    answer, about a fault if ``fault``."""
    return reads(
        candidate, *((i, confidence, text, Question(i, fault=fault)) for i, text in requests)
    )


def not_asked(confidence: float, *requests: tuple[str | None, str]) -> list[pytest.ParameterSet]:
    """Requests (intent, text) at ``confidence`` that :func:`candidate` takes for no question."""
    return reads(candidate, *((intent, confidence, text, None) for intent, text in requests))


def offer(question: Question) -> str | None:
    """The service the answer to ``question`` offers."""
    return question.offer


def route_fee_question(best: tuple[str, float, str] | None) -> Question | None:
    """How an unsure visit request asking about the call-out fee is routed, given the best
    article found for it."""
    return route("book_repair", UNSURE, "上门费多少钱", best)


RIGHTS_QUESTION = Question("complain", fault=False, rights=True, topical=True)
WARRANTY_QUESTION = Question("check_warranty", fault=False, rights=True, topical=True)
THANKS_Q = Question("thank", fault=False)


def route_warranty_question(best: tuple[str, float, str], own: float) -> Question | None:
    """How a sure warranty check asking whether the compressor is still covered is routed,
    given the best article found and the score of the check's own article."""
    return route("check_warranty", SURE, "冰箱买了两年半了，压缩机还保不保咯", best, own)


def small_talk(intent: str, confidence: float, text: str, subject: bool) -> Question | None:
    """How small talk is read, naming a subject of the knowledge base or not."""
    return candidate(intent, confidence, text, names_subject=subject)


VISIT_QUESTION = Question("repair_status", fault=False, topical=True)
NEW_ONE = "The water purifier just delivered today never working. I want replace a new one please"
NEW_ONE_Q = Question("book_repair", fault=False, rights=True)


def route_rights_question(best: tuple[str, float, str] | None) -> Question | None:
    """How a sure complaint asking whether the unit can be returned is routed, given the
    best article found for it."""
    return route("complain", SURE, "刚买一周就坏了，能退吗？", best)


@pytest.mark.parametrize(
    READS,
    [
        # A service request that asks something, when unsure...
        *asked(
            UNSURE,
            ("book_repair", "上门费多少钱"),
            ("check_warranty", "过保了还修吗"),
            ("out_of_scope", "人工几点下班?"),
        ),
        # ...or, for a visit or a person, whatever the confidence.
        *asked(
            SURE, ("book_repair", "修完可以微信付款嘛？"), ("request_human", "人工客服几点下班")
        ),
        # A fault question, however sure: the answer offers a visit.
        *asked(
            SURE,
            ("book_repair", "空调显示E2"),
            ("repair_status", "冰箱不制冷了怎么办"),
            ("help", "what does E6 mean"),
            fault=True,
        ),
        # Sure of a complaint, and a question: answered only if an article about the
        # customer's rights answers it.
        *reads(
            candidate,
            ("complain", SURE, "修了三次还是E4，怎么回事", RIGHTS_QUESTION),
            ("complain", SURE, "刚买一周就坏了，能退吗？", RIGHTS_QUESTION),
            ("repair_status", SURE, "还在保修期，师傅上门修要给钱不？", VISIT_QUESTION),
        ),
        *reads(
            route_rights_question,
            (("warranty-return-window", 0.9, "returns"), RIGHTS_QUESTION),
            (("warranty-period-refrigerator", 0.7, "warranty"), RIGHTS_QUESTION),
            (("warranty-return-window", 0.5, "returns"), None),
            # A strong answer on another subject answers it too, but not a fault's
            # article or the service's own.
            (("charges-call-out-fee", 0.9, "charges"), RIGHTS_QUESTION),
            (("charges-call-out-fee", 0.7, "charges"), None),
            (("wm-e4-drain", 0.9, "error_code"), None),
            (("service-complaint", 0.9, "contact"), None),
        ),
        # Sure of a warranty check, and a question: answered only if an article about the
        # customer's rights answers it clearly better than the check's own article.
        *reads(
            candidate,
            ("check_warranty", SURE, "冰箱买了两年半了，压缩机还保不保咯", WARRANTY_QUESTION),
            ("check_warranty", SURE, "is my washer still in warranty?", WARRANTY_QUESTION),
        ),
        *reads(
            route_warranty_question,
            (("warranty-period-refrigerator", 2.6, "warranty"), 1.0, WARRANTY_QUESTION),
            (("warranty-period-refrigerator", 2.6, "warranty"), 2.0, None),
            ((SERVICE_ARTICLES["check_warranty"], 2.6, "warranty"), 0.0, None),
            # A strong answer on another subject answers it too ("过了保修，人工怎么收费"),
            # but not one about the assistant's services.
            (("charges-labour-water-heater", 2.6, "charges"), 0.0, WARRANTY_QUESTION),
            (("service-book-repair", 2.6, "service"), 0.0, None),
        ),
        # Sure, and not a question: the service starts.
        *not_asked(
            SURE,
            ("complain", "刚买一周就坏了，我要投诉"),
            ("check_warranty", "查保修"),
        ),
        # Small talk that asks about a subject of the knowledge base, or that the
        # classifier is unsure of, is a question.
        *reads(
            small_talk,
            ("affirm", UNSURE, "空调移个机收好多钱", True, Question("affirm", fault=False)),
            ("thank", SURE, "thanks! how often do the filters need changing?", True, THANKS_Q),
            ("thank", SURE, "谢谢，空调已经修好了", True, None),
            ("affirm", UNSURE, "好的", False, None),
            ("chitchat", SURE, "你是机器人吗?", False, None),
        ),
        # Unsure, and no question: answered only by the customer's rights.
        *reads(
            route,
            (
                "book_repair",
                UNSURE,
                "冰箱坏了",
                ("rf-symptom-not-cooling", 1.5, "troubleshooting"),
                None,
            ),
            (
                "book_repair",
                UNSURE,
                NEW_ONE,
                ("warranty-dead-after-purchase", 2.0, "returns"),
                NEW_ONE_Q,
            ),
            ("complain", UNSURE, NEW_ONE, ("warranty-dead-after-purchase", 0.4, "returns"), None),
            # A fault named in a complaint is the complaint's.
            ("complain", UNSURE, "显示E4", ("wm-e4-drain", 1.5, "error_code"), None),
            (
                "request_human",
                UNSURE,
                NEW_ONE,
                ("warranty-dead-after-purchase", 2.0, "returns"),
                None,
            ),
        ),
        *not_asked(
            UNSURE,
            # A request for the visit itself.
            ("book_repair", "能派个师傅来吗"),
            # Help is a question by nature: answered only for a fault.
            ("help", "what can you do?"),
            # Not a service intent; a pressed button; no intent.
            ("report_fault", "净水器亮E3了，是要换滤芯了吗"),
            ("book_repair", "/book_repair"),
            (None, "上门费多少钱"),
        ),
        *reads(
            offer,
            (Question("book_repair", fault=False), "book_repair"),
            (Question("check_warranty", fault=False), "check_warranty"),
            (Question("request_human", fault=False), "request_human"),
            (Question("out_of_scope", fault=False), None),
            (Question("affirm", fault=False), None),
            (Question("help", fault=False), None),
            (Question("help", fault=True), "book_repair"),
            (Question("repair_status", fault=True), "book_repair"),
        ),
        *reads(
            route_fee_question,
            (("charges-call-out-fee", 0.9, "charges"), FEE_QUESTION),
            (("charges-call-out-fee", 0.55, "charges"), FEE_QUESTION),
            (("charges-call-out-fee", 0.54, "charges"), None),
            # The service's own explanation: the service starts after all.
            ((SERVICE_ARTICLES["book_repair"], 0.9, "service"), None),
            (None, None),
        ),
    ],
)
def test_questions_are_routed(function: Function, arguments: Arguments, expected: object) -> None:
    check(function, arguments, expected)


def described(intent: str, text: str) -> Question | None:
    """How a sure ``intent`` is read when ``text`` names a fault."""
    return candidate(intent, SURE, text, names_fault=True)


def out_of_scope(text: str, names_product: bool) -> Question | None:
    """How a sure out-of-scope question is read, naming one of the appliances or not."""
    return candidate("out_of_scope", SURE, text, names_product=names_product)


DESCRIBED = Question("complain", fault=True, described=True)


@pytest.mark.parametrize(
    READS,
    [
        *reads(
            described,
            ("complain", "洗衣机漏水了，地板全湿了", DESCRIBED),
            ("repair_status", "fridge not cold", Question("repair_status", True, described=True)),
            ("out_of_scope", "smells", Question("out_of_scope", True, described=True)),
            # Asked for in so many words: the service starts.
            ("complain", "洗衣机漏水了，我要投诉", None),
            ("book_repair", "不制冷，约个师傅", None),
            ("complaint_status", "CP-7KQ3MZ2A 还是漏水", None),
            # Not an intent a fault is taken for.
            ("request_human", "冰箱不冷 转人工", None),
        ),
        *reads(
            lambda text, subject: candidate("help", SURE, text, names_subject=subject),
            ("我想问一下保修的事?", True, Question("help", fault=False)),
            ("what can you do?", False, None),
        ),
        *reads(
            out_of_scope,
            ("滚筒洗衣机的过滤器在哪儿?", True, Question("out_of_scope", fault=False)),
            ("世界杯谁赢了?", False, None),
        ),
        *reads(
            lambda q, best: q.answered_by(*best),
            (DESCRIBED, ("wm-symptom-leaking", 0.9, "troubleshooting"), True),
            (DESCRIBED, ("warranty-two-failed-repairs", 0.9, "returns"), True),
            (DESCRIBED, ("charges-call-out-fee", 0.9, "charges"), False),
        ),
        *reads(offer, (DESCRIBED, "complain")),
    ],
)
def test_described_faults_are_answered_first(
    function: Function, arguments: Arguments, expected: object
) -> None:
    check(function, arguments, expected)


def test_every_self_help_and_asked_about_intent_is_a_service_intent() -> None:
    assert set(SERVICE_ARTICLES) >= SELF_HELP_INTENTS | ASKED_ABOUT_INTENTS
