"""Questions that read like requests, or like small talk: answered first.

"净水器亮E3了，是要换滤芯了吗" can look like a repair booking to the intent classifier,
"the warranty ran out ages ago, will you still repair it?" like a warranty check. When
the classifier is unsure of such a service intent, the message is a question, and the
knowledge base has a good answer that is not the service's own explanation, the
customer gets the answer, with a button that starts the service. A question the
classifier put outside the assistant's scope ("what time do your agents finish?") is
looked up the same way before the customer is told it is out of scope.

A customer who names an error code, or asks how to deal with a fault ("E2 on the aircon,
what should I do?"), gets the article's safe first steps before anything else, however
sure the classifier is that they want a visit or help: the answer offers the visit.
Only an explicit request for a technician ("send someone", "预约上门") books at once.

A fault described in everyday words ("冰箱一点都不凉了", "washer walks across the floor
when spinning") is read by the classifier as a complaint, a status request or a visit
as often as a fault: whatever it reads, a message that names a fault (the knowledge
base's lexicon says so) and does not ask for a visit, a complaint or a known reference
gets the fault's first steps when a troubleshooting or error-code article answers it
well, with the visit (or the complaint) offered. A message the classifier put out of
scope that names one of the appliances is treated as unsure.

A question about the customer's rights ("刚买一周就坏了，能退吗？", "can I get a new one
instead?", "冰箱买了两年半了，压缩机还保不保") often comes as a complaint or a warranty
check, and the classifier may be sure of it: it is answered first, with the service
offered, when a warranty or returns article answers it well and the service's own
article ("how to check your own unit's warranty") matches clearly less well. Nobody is
asked for a phone number or a serial number before hearing what they are entitled to.
A request the classifier is unsure of, that names no visit or complaint ("delivered
today, never worked, I want a new one"), is answered the same way when a warranty or
returns article answers it, question or not.

Small talk that asks about a subject of the knowledge base ("空调移个机收好多钱" read as
"yes") is answered when the classifier is unsure of it or it asks a question.

Questions about a visit or about the agents ("修完可以微信付款吗", "人工客服几点下班") share
their words with the request itself, so the classifier can be sure of the wrong thing:
a question that does not ask for the visit is answered, however sure it is, when the
knowledge base has a good answer other than the service's own; the answer offers the
service.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.references import find_reference
from bot.understanding.answers import answers
from bot.understanding.questions import (
    asks_for_visit,
    asks_self_help,
    asks_to_complain,
    is_question,
)

__all__ = [
    "ANSWERS_A_FAULT",
    "ANSWER_BELOW_CONFIDENCE",
    "ASKED_ABOUT_INTENTS",
    "DESCRIBED_FAULT_INTENTS",
    "FAULT_TOPICS",
    "OWN_ARTICLE_RATIO",
    "RIGHTS_INTENTS",
    "RIGHTS_TOPICS",
    "SELF_HELP_INTENTS",
    "SERVICE_ARTICLES",
    "SERVICE_TOPICS",
    "SMALL_TALK_INTENTS",
    "STRONG_ANSWER",
    "TOPICAL_INTENTS",
    "UNSURE_STARTS",
    "Question",
    "candidate",
    "route",
]

#: Service intents classified with less confidence than this may be questions instead.
#: Held-out service requests are classified at 0.8 or above 97 % of the time.
ANSWER_BELOW_CONFIDENCE: Final = 0.8
#: The intents that may hide a question, with the article that explains each service:
#: when that article is the best match, the service starts after all.
SERVICE_ARTICLES: Final[dict[str, str | None]] = {
    "book_repair": "service-book-repair",
    "check_warranty": "warranty-check-my-unit",
    "complain": "service-complaint",
    "complaint_status": None,
    "repair_status": "service-manage-visit",
    "reschedule_repair": "service-manage-visit",
    "cancel_repair": "service-manage-visit",
    "request_human": "service-talk-to-person",
    "help": None,
    "out_of_scope": None,
}
#: The intents a fault question is mistaken for most: answered first whatever the
#: confidence. A complaint or a warranty check that names a fault is what it says.
SELF_HELP_INTENTS: Final = frozenset(
    {"book_repair", "repair_status", "reschedule_repair", "cancel_repair", "help", "out_of_scope"}
)
#: The requests whose words questions about them share: a question that is not the
#: request itself is answered whatever the confidence. Held-out requests for a visit or
#: a person are answered instead once in 40 ("周日上午能上门吗", with the visit offered).
ASKED_ABOUT_INTENTS: Final = frozenset({"book_repair", "request_human"})
#: The intents a described fault is taken for; answered first whatever the confidence.
DESCRIBED_FAULT_INTENTS: Final = frozenset(
    {
        "book_repair",
        "check_warranty",
        "complain",
        "complaint_status",
        "repair_status",
        "reschedule_repair",
        "cancel_repair",
        "help",
        "out_of_scope",
    }
)
#: The articles that answer a described fault: its first steps, or the customer's rights.
FAULT_TOPICS: Final = frozenset({"troubleshooting", "error_code", "maintenance"})
#: The requests a question on another subject is taken for, however sure the classifier.
TOPICAL_INTENTS: Final = frozenset(
    {
        "complain",
        "complaint_status",
        "repair_status",
        "reschedule_repair",
        "cancel_repair",
        "check_warranty",
    }
)
#: The requests that start even when the classifier is unsure and no question is asked:
#: a person, and the menu.
UNSURE_STARTS: Final = frozenset({"request_human", "help"})
#: The articles about the assistant's own services, which never stand in for them.
SERVICE_TOPICS: Final = frozenset({"service", "contact"})
#: A match this good answers a question taken for a complaint or about a visit. Of 100
#: held-out such requests that are questions, 3 match another article this well, two of
#: them complaints answered by the customer's rights.
STRONG_ANSWER: Final = 0.8
#: The requests a question about one's rights is taken for, however sure the classifier.
RIGHTS_INTENTS: Final = frozenset({"complain", "check_warranty"})
#: A service whose own article scores at least this share of the best one starts after
#: all: "is my fridge still covered?" asks for the check as much as for the periods.
OWN_ARTICLE_RATIO: Final = 0.75
#: The intents of small talk, which a question on a subject of the knowledge base may
#: be taken for.
SMALL_TALK_INTENTS: Final = frozenset({"affirm", "deny", "thank", "greet", "goodbye", "chitchat"})
#: The articles that say what a customer is entitled to.
RIGHTS_TOPICS: Final = frozenset({"warranty", "returns"})
#: The articles that answer a fault described: its first steps, or one's rights.
ANSWERS_A_FAULT: Final = FAULT_TOPICS | RIGHTS_TOPICS


@dataclass(frozen=True)
class Question:
    """A message taken for a service request that may be a question to answer first.

    Attributes:
        intent: The service intent the classifier read.
        fault: Whether it asks how to deal with a fault (or names an error code): the
            answer then offers a visit, and the fault is remembered for a booking.
        rights: Whether only an article about the customer's rights answers it: a
            question the classifier is sure is a complaint or a warranty check.
        described: Whether it is a fault described, not asked about: only a fault's
            or the customer's rights' article answers it.
        topical: Whether a strong answer that is not about the assistant's own
            services answers it too: a question the classifier is sure is a complaint
            or about a visit ("上门费多少钞票", "还在保修期，师傅上门要给钱不").
    """

    intent: str
    fault: bool
    rights: bool = False
    described: bool = False
    topical: bool = False

    @property
    def offer(self) -> str | None:
        """The service the answer offers first as a button, if any."""
        if self.fault:
            return "complain" if self.intent == "complain" else "book_repair"
        return self.intent if SERVICE_ARTICLES.get(self.intent) else None

    def answered_by(self, article_id: str, score: float, topic: str, own: float = 0.0) -> bool:
        """Whether the best match (``article_id`` of ``topic``, scoring ``score``) answers it.

        A poor match does not, nor does the service's own explanation: the service
        starts after all. For a question about one's rights, neither does a match that
        the service's own article (scoring ``own``) nearly equals.
        """
        if not answers(score) or article_id == SERVICE_ARTICLES.get(self.intent):
            return False
        if self.rights and own >= OWN_ARTICLE_RATIO * score:
            return False
        if self.rights and topic in RIGHTS_TOPICS:
            return True
        # A fault in a complaint ("又显示E4了，你们到底怎么修的？") is the complaint's.
        never = SERVICE_TOPICS | (FAULT_TOPICS if self.intent == "complain" else frozenset())
        if self.topical and topic not in never and score >= STRONG_ANSWER:
            return True
        if self.rights or self.topical:
            return False
        return not self.described or topic in ANSWERS_A_FAULT


def _names_reference(text: str) -> bool:
    return any(find_reference(text, prefix) for prefix in ("RV", "CP"))


def candidate(
    intent: str | None,
    confidence: float,
    text: str,
    *,
    names_fault: bool = False,
    names_product: bool = False,
    names_subject: bool = False,
) -> Question | None:
    """The question ``text`` may be, or ``None`` to start the intent's service at once.

    Args:
        intent: The intent the classifier read.
        confidence: How sure the classifier is of it.
        text: What the customer wrote (a pressed button starts with ``/``).
        names_fault: Whether the text names a fault ("不制冷", "leaking").
        names_product: Whether the text names one of the appliances or a model.
        names_subject: Whether the text names something the knowledge base is about
            (an appliance, the warranty, a charge, the technician): "我想问一下保修的事"
            asks for help with the warranty, "what can you do?" for the menu.
    """
    if text.startswith("/"):
        return None
    if intent in SMALL_TALK_INTENTS:
        asks = names_subject and (is_question(text) or confidence < ANSWER_BELOW_CONFIDENCE)
        return Question(intent, fault=asks_self_help(text)) if asks else None
    if intent not in SERVICE_ARTICLES:
        return None
    if intent == "book_repair" and asks_for_visit(text):
        return None
    explicit = asks_for_visit(text) or asks_to_complain(text) or _names_reference(text)
    if names_fault and intent in DESCRIBED_FAULT_INTENTS and not explicit:
        return Question(intent, fault=True, described=True)
    # "What can you do?" is always a question: help is answered only for a fault or a
    # subject of the knowledge base. A message naming an appliance is hardly out of scope.
    in_scope_after_all = intent == "out_of_scope" and names_product
    unsure = (
        confidence < ANSWER_BELOW_CONFIDENCE or in_scope_after_all
        if intent != "help"
        else names_subject
    )
    fault = intent in SELF_HELP_INTENTS and asks_self_help(text)
    asked = is_question(text)
    if fault or (asked and (unsure or intent in ASKED_ABOUT_INTENTS)):
        return Question(intent, fault)
    # A request the classifier is unsure of, that asks for no visit or complaint in so
    # many words ("delivered today, never worked, I want a new one"), is answered when an
    # article about the customer's rights answers it; the service is offered with it.
    if unsure and not explicit and intent not in UNSURE_STARTS:
        return Question(intent, fault=False, rights=True)
    # A visit already booked is asked about in the words of a new one ("师傅上门修要给钱不").
    named = asks_to_complain(text) or _names_reference(text)
    if asked and not named and intent in RIGHTS_INTENTS | TOPICAL_INTENTS:
        return Question(
            intent, fault=False, rights=intent in RIGHTS_INTENTS, topical=intent in TOPICAL_INTENTS
        )
    return None


def route(
    intent: str | None,
    confidence: float,
    text: str,
    best: tuple[str, float, str] | None,
    own: float = 0.0,
) -> Question | None:
    """The question to answer first, or ``None`` to start the intent's service.

    Args:
        intent: The intent the classifier read.
        confidence: How sure the classifier is of it.
        text: What the customer wrote.
        best: The best match's article id, score and topic, if any article matched.
        own: The score of the service's own article, if it matched.
    """
    question = candidate(intent, confidence, text)
    if question is None or best is None or not question.answered_by(*best, own=own):
        return None
    return question
