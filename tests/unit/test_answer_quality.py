"""Scoring answers to situation questions: what counts as right, direct, or safe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.answer_quality import (
    Result,
    Situation,
    judge,
    load_situations,
    render_section,
    run,
    summarise,
)
from bot.knowledge import KnowledgeBase, load_knowledge_base
from bot.stack import PROJECT_ROOT
from bot.texts import render


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(PROJECT_ROOT / "knowledge_base")


def answer(kb: KnowledgeBase, article: str, *also: str) -> list[dict[str, Any]]:
    buttons = [{"title": a, "payload": '/inform{"article_id":"' + a + '"}'} for a in also]
    return [{"text": kb.articles[article].answer.zh, "buttons": buttons}]


def choice(*articles: str) -> list[dict[str, Any]]:
    buttons = [{"title": a, "payload": '/inform{"article_id":"' + a + '"}'} for a in articles]
    return [{"text": render("kb_which", "zh"), "buttons": buttons}]


FEE = Situation("zh", "charges-call-out-fee", "上门要多少钱")


@pytest.mark.parametrize(
    ("situation", "replies", "outcome", "right", "direct"),
    [
        (FEE, lambda kb: answer(kb, "charges-call-out-fee"), "answered", True, True),
        # A runner-up offered beside the right answer changes nothing.
        (
            FEE,
            lambda kb: answer(kb, "charges-call-out-fee", "charges-diagnosis-only"),
            "answered",
            True,
            True,
        ),
        (FEE, lambda kb: answer(kb, "charges-diagnosis-only"), "answered", False, False),
        # The right article offered beside another answer is one tap away.
        (
            FEE,
            lambda kb: answer(kb, "charges-diagnosis-only", "charges-call-out-fee"),
            "answered",
            True,
            False,
        ),
        (
            FEE,
            lambda kb: choice("charges-diagnosis-only", "charges-call-out-fee"),
            "offered",
            True,
            False,
        ),
        (FEE, lambda kb: choice("charges-diagnosis-only"), "offered", False, False),
        (FEE, lambda kb: [{"text": "别的回复"}], "other", False, False),
        # An accepted second article counts.
        (
            Situation("zh", "charges-call-out-fee", "x", accept=("charges-diagnosis-only",)),
            lambda kb: answer(kb, "charges-diagnosis-only"),
            "answered",
            True,
            True,
        ),
        # An apology to an upset customer before the answer changes nothing.
        (
            FEE,
            lambda kb: [{"text": render("kb_sorry", "zh")}, *answer(kb, "charges-call-out-fee")],
            "answered",
            True,
            True,
        ),
        # A service article: starting the service is the answer.
        (
            Situation("zh", "service-book-repair", "我要约师傅"),
            lambda kb: [{"text": render("ask_product", "zh")}],
            "flow",
            True,
            True,
        ),
        # The booking asking for the model of a named appliance has started too.
        (
            Situation("en", "service-book-repair", "book a repair, the fridge is broken"),
            lambda kb: [
                {"text": render("ask_booking_model", "en", appliance="fridge", plate="inside")}
            ],
            "flow",
            True,
            True,
        ),
        # A hazard: safety steps first are right, an article alone is not...
        (
            Situation("zh", "wm-symptom-wont-start", "插头冒火花", hazard=True),
            lambda kb: [{"text": render("safety_intro", "zh")}, {"text": "..."}],
            "safety",
            True,
            True,
        ),
        (
            Situation("zh", "wm-e1-water-inlet", "插头冒火花", hazard=True),
            lambda kb: answer(kb, "wm-e1-water-inlet"),
            "answered",
            True,
            True,
        ),
        # Another appliance's error-code article is no safety step.
        (
            Situation("zh", "wh-e5-ignition-failure", "显示E5，有煤气味", hazard=True),
            lambda kb: answer(kb, "wm-e5-heating"),
            "answered",
            False,
            False,
        ),
        (
            Situation("zh", "care-washer-drum-clean", "插头冒火花", hazard=True),
            lambda kb: answer(kb, "care-washer-drum-clean"),
            "answered",
            False,
            False,
        ),
        # ...and safety steps for a question without a hazard are a miss.
        (
            FEE,
            lambda kb: [{"text": render("safety_intro", "zh")}],
            "safety",
            False,
            False,
        ),
    ],
)
def test_judge(
    kb: KnowledgeBase,
    situation: Situation,
    replies: Any,
    outcome: str,
    right: bool,
    direct: bool,
) -> None:
    result = judge(situation, replies(kb), kb)
    assert (result.outcome, result.right, result.direct) == (outcome, right, direct)


def test_summary_counts_hazards_apart(kb: KnowledgeBase) -> None:
    situations = [
        Situation("zh", "charges-call-out-fee", "上门费"),
        Situation("zh", "charges-call-out-fee", "上门要钱吗"),
        Situation("en", "charges-call-out-fee", "call-out fee?"),
        Situation("zh", "wm-e1-water-inlet", "冒烟了", hazard=True),
    ]
    canned = {
        "上门费": answer(kb, "charges-call-out-fee"),
        "上门要钱吗": choice("charges-call-out-fee", "charges-diagnosis-only"),
        "call-out fee?": [{"text": "?"}],
        "冒烟了": [{"text": render("safety_intro", "zh")}],
    }
    results: list[Result] = run(situations, lambda s: canned[s.text], kb)
    zh, en, both = summarise(results)
    assert (zh.questions, zh.right, zh.direct, zh.hazards, zh.safety_first) == (2, 1.0, 0.5, 1, 1)
    assert (en.questions, en.right, en.direct) == (1, 0.0, 0.0)
    assert both.questions == 3
    section = render_section("dev", "dev.yml", [zh, en, both])
    assert "| Chinese (zh) | 2 | 0.500 | 1.000 | 1 of 1 |" in section
    assert "上门要钱吗" in section
    assert "call-out fee?" in section


@pytest.mark.parametrize("name", ["fresh.yml", "fresh-6.yml"])
def test_situation_sets_are_large_and_label_real_articles(kb: KnowledgeBase, name: str) -> None:
    situations = load_situations(PROJECT_ROOT / "tests" / "data" / "kb_situations" / name)
    for language in ("zh", "en"):
        assert sum(s.language == language for s in situations) >= 150
    for s in situations:
        assert set(s.articles) <= set(kb.articles), s.articles
    assert len({s.text for s in situations}) == len(situations)


def test_load_reads_every_field(tmp_path: Path) -> None:
    path = tmp_path / "set.yml"
    path.write_text(
        "questions:\n"
        "  - {language: en, article: a, accept: [b], hazard: true, situation: s, text: t}\n",
        encoding="utf-8",
    )
    assert load_situations(path) == [Situation("en", "a", "t", ("b",), True, "s")]


def test_results_read_back_and_spread(kb: KnowledgeBase, tmp_path: Path) -> None:
    from bot.answer_quality import dump, load_results, render_spread

    fee = Situation("zh", "charges-call-out-fee", "上门费", accept=("charges-diagnosis-only",))
    fine = run([fee], lambda s: answer(kb, "charges-call-out-fee"), kb)
    wrong = run([fee], lambda s: [{"text": "?"}], kb)
    path = tmp_path / "seed.json"
    path.write_text(dump(fine), encoding="utf-8")
    assert load_results(path) == fine
    table = render_spread([("seed-1", fine), ("seed-2", wrong)])
    assert "| seed-1 | 1.000 | 0.000 | 1.000 | 0.000 |" in table
    assert "| spread (points) | 100.0 | 0.0 | 100.0 | 0.0 |" in table
