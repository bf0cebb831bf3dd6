"""Questions that read like requests, or like small talk: answered first.

"净水器亮E3了，是要换滤芯了吗" can look like a repair booking to the intent classifier,
"the warranty ran out ages ago, will you still repair it?" like a warranty check. When
the classifier is unsure of such a service intent, the message is a question, and the
knowledge base has a good answer that is not the service's own explanation, the
customer gets the answer, with a button that starts the service. A question the
classifier put outside the assistant's scope ("what time do your agents finish?") is
looked up the same way before the customer is told it is out of scope.
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

__all__ = [
    "ANSWER_BELOW_CONFIDENCE",
    "SERVICE_ARTICLES",
    "ActionOutOfScope",
    "answer_if_question",
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
    "out_of_scope": None,
}
_QUESTION: Final = re.compile(
    r"[?？]|吗|呢|么|怎么|如何|多少|多久|能不能|可不可以|是不是|为什么|为啥|咋|什么|啥|"
    r"哪|几|有没有|会不会|要不要|"
    r"(?:^|\b)(?:how|what|why|when|where|which|who|can|could|do|does|is|are|will|should|"
    r"would)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """Whether the customer asks something (a question mark, a question word)."""
    return bool(_QUESTION.search(text))


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
    if (
        name not in SERVICE_ARTICLES
        or float(intent.get("confidence") or 0) >= ANSWER_BELOW_CONFIDENCE
        or text.startswith("/")
        or not is_question(text)
    ):
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
    offer = name if SERVICE_ARTICLES[name] else None
    events = answer_events(dispatcher, tracker, text, offer=offer)
    return [*events, FollowupAction("action_listen")]


class ActionOutOfScope(Action):
    """Answers an unsure out-of-scope question from the knowledge base, or says so."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answers, or offers the services."""
        answered = answer_if_question(dispatcher, tracker)
        if answered is not None:
            return answered[:-1]
        language = language_of(tracker)
        say(dispatcher, language, "out_of_scope", service_menu(language))
        return []
