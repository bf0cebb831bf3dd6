"""Knowledge questions through the real stack: NLU routing plus retrieval.

The questions in ``tests/data/kb_situations/`` were written from customer
situations (a persona and a problem), without sight of the articles, their titles or the
training data; those of ``tests/data/kb_questions/test.yml`` from the article titles.
Each is the first message of a new conversation; :mod:`bot.answer_quality` judges the
reply.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.answer_quality import Result, Situation, dump, load_situations, run, summarise
from bot.knowledge import KnowledgeBase, load_knowledge_base
from bot.language import detect_language
from bot.stack import PROJECT_ROOT
from bot.understanding.hazards import find_hazard
from tests.e2e.conftest import Customer, Stack

pytestmark = pytest.mark.e2e

TITLE_QUESTIONS = PROJECT_ROOT / "tests" / "data" / "kb_questions" / "test.yml"
SITUATIONS = PROJECT_ROOT / "tests" / "data" / "kb_situations" / "fresh-6.yml"
# The figures of the newest blind set's first scoring, less the spread between three
# training seeds (docs/QUALITY.md): the right article answered directly, and one tap away.
MIN_DIRECT = {"zh": 0.964 - 0.006, "en": 0.921 - 0.006}
MIN_RIGHT = {"zh": 0.976 - 0.006, "en": 0.964 - 0.006}
# The article-title set (older, shares the articles' words): floors under its figures.
MIN_TITLE_RIGHT = 0.95
MIN_TITLE_DIRECT = 0.90


@pytest.fixture(scope="module")
def kb(stack: Stack) -> KnowledgeBase:
    """The knowledge base the running stack answers from."""
    return load_knowledge_base(Path(stack.settings["ASSISTANT_KNOWLEDGE_BASE_DIR"]))


def _ask(
    stack: Stack, kb: KnowledgeBase, wrong_language: list[str]
) -> Callable[[Situation], list[dict[str, Any]]]:
    """Asks in a new conversation; a pressed right choice must give that article's answer.

    A first reply in the other language is noted in ``wrong_language``.
    """

    def ask(situation: Situation) -> list[dict[str, Any]]:
        customer = Customer(stack)
        try:
            turn = customer.send(situation.text)
            replies: list[dict[str, Any]] = turn["replies"]
            if detect_language(replies[0]["text"]) != situation.language:
                wrong_language.append(situation.text)
            offered = [b["payload"] for b in replies[0].get("buttons", [])]
            payload = '/inform{"article_id":"' + situation.article + '"}'
            if payload in offered and turn["state"] == "bot":
                pressed = customer.choose(payload)
                answer = kb.articles[situation.article].answer(situation.language)
                assert pressed[0]["text"] == answer
            return replies
        finally:
            customer.http.close()

    return ask


def _misses(results: list[Result]) -> str:
    return "\n".join(
        f"{r.situation.language} {r.situation.article} -> {r.outcome} {r.found}"
        for r in results
        if not r.direct
    )


def _save(results: list[Result], name: str) -> None:
    directory = os.environ.get("KB_RESULTS_DIR")
    if directory:
        Path(directory, f"{name}.json").write_text(dump(results), encoding="utf-8")


def test_customers_in_their_own_situations_get_the_right_answer(
    stack: Stack, kb: KnowledgeBase
) -> None:
    situations = load_situations(SITUATIONS)
    wrong_language: list[str] = []
    results = run(situations, _ask(stack, kb, wrong_language), kb)
    _save(results, "situations")
    # Mixed Chinese and English is answered in the customer's language, nearly always.
    assert len(wrong_language) <= len(situations) // 100, wrong_language
    zh, en, _ = summarise(results)
    for summary, language in ((zh, "zh"), (en, "en")):
        assert summary.questions >= 150
        assert summary.direct >= MIN_DIRECT[language], _misses(results)
        assert summary.right >= MIN_RIGHT[language], _misses(results)
        # Every hazard gets safety steps first.
        assert summary.safety_first == summary.hazards, _misses(results)


def test_questions_written_from_article_titles_find_the_right_article(
    stack: Stack, kb: KnowledgeBase
) -> None:
    situations = [
        replace(s, hazard=find_hazard(s.text) is not None) for s in load_situations(TITLE_QUESTIONS)
    ]
    wrong_language: list[str] = []
    results = run(situations, _ask(stack, kb, wrong_language), kb)
    _save(results, "titles")
    assert wrong_language == []
    *_, both = summarise(results)
    assert both.right >= MIN_TITLE_RIGHT, _misses(results)
    assert both.direct >= MIN_TITLE_DIRECT, _misses(results)
    assert both.safety_first == both.hazards, _misses(results)


def test_answer_offers_the_next_step_in_the_customers_language(
    customer: Customer, kb: KnowledgeBase
) -> None:
    replies = customer.say("滚筒洗衣机一直显示E4是啥问题啊")
    article = kb.articles["wm-e4-drain"]
    assert replies[0]["text"] == article.answer.zh
    payloads = [b["payload"] for b in replies[0]["buttons"]]
    assert "/book_repair" in payloads
    assert "/request_human" in payloads
    assert all(detect_language(b["title"]) == "zh" for b in replies[0]["buttons"])


def test_model_typo_still_finds_the_model(customer: Customer, kb: KnowledgeBase) -> None:
    replies = customer.say("my wm8012 is showing F1 and the drum won't turn")
    assert replies[0]["text"] == kb.articles["wm-f1-motor"].answer.en
