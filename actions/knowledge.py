"""Answers customer questions from the curated knowledge base.

Product, usage, fault, charge, warranty and service questions are answered in the
customer's language, with the natural next step offered as buttons.
"""

from __future__ import annotations

import json
from collections.abc import Collection

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker

from actions.common import (
    Reply,
    RespondingAction,
    choice,
    forget,
    language_of,
    latest_intent,
    latest_text,
    person_button,
)
from actions.handoff import mark_unhandled, unhandled
from bot import services
from bot.knowledge import Article, Match
from bot.language import Language
from bot.texts import render
from bot.understanding.answers import answers, candidates, next_steps, outcome
from bot.understanding.signals import is_hostile

__all__ = [
    "ActionAnswerQuestion",
    "answer_chosen",
    "answer_events",
    "answer_if_answered",
    "chosen_article",
    "give_answer",
    "search_in_context",
]


def _step_button(step: str, language: Language) -> dict[str, str]:
    if step == "human":
        return person_button(language)
    return choice(language, f"next_{step}", f"/{step}")


def give_answer(
    dispatcher: CollectingDispatcher,
    article: Article,
    language: Language,
    offer: str | None = None,
    also: Article | None = None,
) -> list[EventType]:
    """Sends an article's answer with its next-step buttons.

    Args:
        dispatcher: Where the answer goes.
        article: The article to answer with.
        language: The customer's language.
        offer: A service the customer seemed to ask for, offered first as a button.
        also: A runner-up article, offered as a button before the person.
    """
    buttons = [_step_button(step, language) for step in next_steps(offer, article.next_step)]
    if also is not None:
        title = render("kb_also", language, title=also.title(language))
        buttons.insert(-1, {"title": title, "payload": _choice_payload(also)})
    dispatcher.utter_message(text=article.answer(language), buttons=buttons)
    return forget("article_id", "pending_question")


def chosen_article(tracker: Tracker) -> Article | None:
    """The article the customer picked from a choice, if any."""
    chosen = tracker.get_slot("article_id")
    return services.knowledge().articles.get(chosen) if chosen else None


def answer_chosen(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """Answers with the article the customer picked, or ``None`` if they picked none."""
    article = chosen_article(tracker)
    return None if article is None else give_answer(dispatcher, article, language_of(tracker))


def _choice_payload(article: Article) -> str:
    return "/inform" + json.dumps({"article_id": article.id}, separators=(",", ":"))


def search_in_context(
    tracker: Tracker,
    text: str,
    language: Language,
    *,
    intent: str | None = None,
    topics: Collection[str] | None = None,
) -> list[Match]:
    """The best articles for ``text``, given the appliance and model the conversation knows."""
    return services.search_index().search(
        text,
        language,
        category=tracker.get_slot("product"),
        model=tracker.get_slot("model"),
        intent=intent,
        topics=topics,
    )


def answer_if_answered(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    words: str,
    *,
    offer: str | None = None,
    fault: bool = False,
    topics: Collection[str] | None = None,
) -> list[EventType] | None:
    """Answers ``words`` when an article (of ``topics``, if given) answers them well.

    Returns:
        The answer's events, or ``None`` when no article answers well enough.
    """
    matches = search_in_context(tracker, words, language_of(tracker), topics=topics)
    if not matches or not answers(matches[0].score):
        return None
    return answer_events(dispatcher, tracker, words, offer, fault=fault, topics=topics)


def answer_events(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    question: str,
    offer: str | None = None,
    *,
    fault: bool = False,
    topics: Collection[str] | None = None,
) -> list[EventType]:
    """Answers ``question``, asks which article is meant, or asks for one more detail.

    ``offer`` names a service to offer with the answer (see :func:`give_answer`);
    ``fault`` says the question describes a fault, as a report_fault question does: it
    is remembered for a booking that follows. ``topics`` limits the articles to those
    of these topics.
    """
    reply = Reply.to(dispatcher, tracker)
    index = services.search_index()
    intent = latest_intent(tracker)
    matches = search_in_context(tracker, question, reply.language, intent=intent, topics=topics)
    remembered: list[EventType] = []
    category = index.detect_category(question)
    if category and category != tracker.get_slot("product"):
        remembered.append(SlotSet("product", category))
    if (intent == "report_fault" or fault) and not tracker.active_loop.get("name"):
        # The fault as the customer put it: a booking that follows need not ask again.
        remembered.append(SlotSet("symptom", question[:500]))

    decided = outcome(candidates(matches), asked_before=bool(tracker.get_slot("pending_question")))
    if decided.kind == "answer":
        if is_hostile(question):
            # "are you scammers? you charged me 200 for nothing": sorry first, then the facts.
            reply.say("kb_sorry")
        also = matches[decided.options[0]].article if decided.options else None
        answered = give_answer(dispatcher, matches[0].article, reply.language, offer, also)
        return [*remembered, *answered]
    if decided.kind == "choose":
        options = [matches[i].article for i in decided.options]
        buttons = [
            {"title": a.title(reply.language), "payload": _choice_payload(a)} for a in options
        ]
        reply.say("kb_which", buttons)
        return [*remembered, SlotSet("pending_question", None)]
    if decided.kind == "no_match":
        # Asked once already: do not keep asking; a person, at once if this is the
        # second turn in a row without an answer.
        handed = unhandled(reply, tracker)
        if handed is not None:
            return [*remembered, SlotSet("pending_question", None), *handed]
        reply.say("kb_no_match", [reply.person(), reply.choice("menu_book_repair", "/book_repair")])
        return [*remembered, SlotSet("pending_question", None), mark_unhandled(tracker)]
    reply.say("kb_need_detail", [reply.person()])
    return [*remembered, SlotSet("pending_question", question)]


class ActionAnswerQuestion(RespondingAction):
    """Answers the customer's latest question from the knowledge base.

    An article the customer picked from a choice is answered first, whatever the action.
    """

    action = "action_answer_question"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Answers the picked article, or the message."""
        chosen = answer_chosen(reply.dispatcher, tracker)
        return self.answer(reply, tracker) if chosen is None else chosen

    def answer(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Answers, or asks which article or for one more detail."""
        return answer_events(reply.dispatcher, tracker, latest_text(tracker))
