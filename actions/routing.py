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

Questions about a visit or about the agents ("修完可以微信付款吗", "人工客服几点下班") share
their words with the request itself, so the classifier can be sure of the wrong thing:
a question that does not ask for the visit is answered, however sure it is, when the
knowledge base has a good answer other than the service's own; the answer offers the
service.
"""

from __future__ import annotations

import re
from typing import Any, Final

from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.common import language_of, latest_text, say
from actions.inform import service_menu
from actions.knowledge import ANSWER_THRESHOLD, answer_events
from bot import services
from bot.knowledge.text import find_error_codes, normalise
from bot.language import Language
from bot.parsing import find_reference

__all__ = [
    "ANSWER_BELOW_CONFIDENCE",
    "ASKED_ABOUT_INTENTS",
    "SELF_HELP_INTENTS",
    "SERVICE_ARTICLES",
    "ActionHelp",
    "ActionOutOfScope",
    "ActionRequestHuman",
    "answer_if_question",
    "asks_for_visit",
    "asks_self_help",
    "is_question",
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
_QUESTION: Final = re.compile(
    r"[?？]|吗|呢|么|怎么|如何|多少|多久|能不能|可不可以|是不是|为什么|为啥|咋|什么|啥|"
    r"哪|几|有没有|会不会|要不要|\S不(?=[?？。，,!！~～\s]|$)|"
    r"(?:^|\b)(?:how|what|why|when|where|which|who|can|could|do|does|is|are|will|should|"
    r"would)\b",
    re.IGNORECASE,
)


_SELF_HELP: Final = re.compile(
    r"什么意思|啥意思|什么情况|啥情况|怎么回事|咋回事|怎么办|咋办|咋整|怎么弄|咋弄|怎么处理|"
    r"怎么解决|怎么搞|怎么修|咋修|自己.{0,4}(?:修|处理|弄|解决)|正常吗|正不正常|"
    r"\bmean(?:s)?\b|what(?:'?s| is) (?:that|this|it)\b|"
    r"what (?:should|do|can|shall) (?:i|we) do|what to do|"
    r"how (?:do|can|to|would|should) (?:i |we )?(?:fix|reset|sort|solve|clear|stop|get rid)|"
    r"(?:fix|sort|reset) (?:it|this|that) myself|is (?:that|this|it) normal",
    re.IGNORECASE,
)
_REQUESTS_VISIT: Final = re.compile(
    r"预约|约.{0,2}(?:师傅|时间|上门)|约.{0,4}来|(?:派|叫|找|请).{0,3}(?:师傅|人|工程师)|"
    r"报修|安排.{0,4}(?:师傅|维修|上门)|上门(?:维修|修|看|检查|处理)|(?:能|可以)过?来|"
    r"\bbook|appointment|\bschedul|send (?:someone|somebody|a |an |round|over|out)",
    re.IGNORECASE,
)
#: Words of a visit that ask for one unless the visit is already arranged or over.
_VISIT_WORDS: Final = re.compile(
    r"(?:师傅|人)过?来|来修|"
    r"(?:someone|somebody|technician|engineer|repairman|tech) (?:to )?(?:come|visit|out)|"
    r"come (?:out|over|round|and)",
    re.IGNORECASE,
)
#: "师傅明天来修", "师傅来看了": a visit already arranged, or one that has happened.
_ARRANGED_VISIT: Final = re.compile(
    r"(?:明天|后天|今天|今晚|上午|下午|晚上|周.|礼拜.|星期.|\d+号|\d+点).{0,4}来|"
    r"来(?:过|了|看了|看过|修过|修了)"
)


def is_question(text: str) -> bool:
    """Whether the customer asks something (a question mark, a question word)."""
    return bool(_QUESTION.search(text))


def asks_for_visit(text: str) -> bool:
    """Whether the customer explicitly asks for a technician to come.

    "师傅明天来修热水器，要准备点啥" speaks of a visit but asks about something else.
    """
    if _REQUESTS_VISIT.search(text):
        return True
    return bool(_VISIT_WORDS.search(text)) and not _ARRANGED_VISIT.search(text)


def asks_self_help(text: str) -> bool:
    """Whether the customer names an error code or asks how to deal with a fault.

    An explicit request for a visit ("E4 again, send someone") is not a question, and
    neither is a message about a booked visit (one that gives its reference).
    """
    if asks_for_visit(text) or find_reference(text, "RV"):
        return False
    return bool(find_error_codes(normalise(text)) or _SELF_HELP.search(text))


def answer_if_question(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """Answers from the knowledge base instead of starting the service, if it is a question.

    Returns:
        The answer's events, ending the turn, or ``None`` to start the service.
    """
    latest = tracker.latest_message or {}
    intent = latest.get("intent") or {}
    name = str(intent.get("name"))
    text = latest_text(tracker)
    if name not in SERVICE_ARTICLES or text.startswith("/"):
        return None
    if name == "book_repair" and asks_for_visit(text):
        return None
    # "What can you do?" is always a question: help is answered only for a fault.
    unsure = name != "help" and float(intent.get("confidence") or 0) < ANSWER_BELOW_CONFIDENCE
    self_help = name in SELF_HELP_INTENTS and asks_self_help(text)
    asked_about = (unsure or name in ASKED_ABOUT_INTENTS) and is_question(text)
    if not (self_help or asked_about):
        return None
    matches = services.search_index().search(
        text,
        language_of(tracker),
        category=tracker.get_slot("product"),
        model=tracker.get_slot("model"),
    )
    if not matches or matches[0].score < ANSWER_THRESHOLD:
        return None
    if matches[0].article.id == SERVICE_ARTICLES[name]:
        return None
    offer = "book_repair" if self_help else (name if SERVICE_ARTICLES[name] else None)
    events = answer_events(dispatcher, tracker, text, offer=offer, fault=self_help)
    return [*events, FollowupAction("action_listen")]


class _AnswerFirst(Action):
    """Answers a question the classifier took for ``action``'s intent, or ``reply``."""

    action = ""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return self.action

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answers, or replies as the intent asks."""
        answered = answer_if_question(dispatcher, tracker)
        if answered is not None:
            return answered[:-1]  # The rule listens next.
        self.reply(dispatcher, language_of(tracker))
        return []

    def reply(self, dispatcher: CollectingDispatcher, language: Language) -> None:
        """The intent's own reply."""
        raise NotImplementedError


class _AnswerOrMenu(_AnswerFirst):
    """Answers a mistaken question, or sends ``message`` with the service menu."""

    message = ""

    def reply(self, dispatcher: CollectingDispatcher, language: Language) -> None:
        """Sends the message with the service menu."""
        say(dispatcher, language, self.message, service_menu(language))


class ActionOutOfScope(_AnswerOrMenu):
    """Answers an unsure out-of-scope question from the knowledge base, or says so."""

    action = "action_out_of_scope"
    message = "out_of_scope"


class ActionRequestHuman(_AnswerFirst):
    """Hands over to a person, or answers a question about the agents taken for a request.

    "人工客服几点下班" reads to the classifier as "转人工": it gets the service hours,
    with the offer of a person.
    """

    action = "action_request_human"

    def reply(self, dispatcher: CollectingDispatcher, language: Language) -> None:
        """Hands over (for now, the interim reply)."""
        dispatcher.utter_message(response="utter_handoff_interim")


class ActionHelp(_AnswerOrMenu):
    """Says what the assistant can do, or answers a fault question taken for help.

    "rf5501 screen flashing E6 what does that mean" reads to the classifier much like
    "what does this bot do": a fault question gets the article instead of the menu.
    """

    action = "action_help"
    message = "help"
