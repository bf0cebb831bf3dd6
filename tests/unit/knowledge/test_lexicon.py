"""The lexicon on the shipped knowledge base: the same fault, however it is put."""

from __future__ import annotations

import pytest

from bot.knowledge import load_knowledge_base
from bot.knowledge.lexicon import Lexicon
from bot.stack import PROJECT_ROOT


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(load_knowledge_base(PROJECT_ROOT / "knowledge_base").lexicon)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("冰箱不凉了，肉都快坏了", "~not_cooling"),
        ("空调一点冷气都没有，吹的热风", "~not_cooling"),
        ("空调不cooling了", "~not_cooling"),
        ("my fridge isn't getting cold and the food is going off", "~not_cooling"),
        ("the AC blows warm air", "~not_cooling"),
        ("热水器洗着洗着就忽冷忽热", "~temperature_unstable"),
        ("water heater runs hot and cold in the shower", "~temperature_unstable"),
        ("洗衣机甩干的时候跳舞", "~vibration"),
        ("washer walks across the floor when spinning", "~vibration"),
        ("晚上冰箱嗡嗡的吵死了", "~noise"),
        ("the outdoor unit is rattling", "~noise"),
        ("The washer leaks all over the floor", "~leak"),
        ("净水器下面一滩水", "~leak"),
        ("dryer wont turn on at all, completely dead", "~wont_start"),
        ("按了开关没反应", "~wont_start"),
        ("衣服甩不干湿漉漉的", "~not_spinning"),
        ("净水器出水很小，滴滴答答的", "~slow_water"),
        ("hot water smells like rotten eggs", "~bad_smell"),
        ("还在保修期内吗", "~warranty"),
        ("is it still under guarantee", "~warranty"),
        ("能退钱吗", "~refund"),
        ("can I get my money back", "~refund"),
        ("can they swap it for a new one", "~exchange"),
        ("上门要花多少钱", "~price"),
    ],
)
def test_everyday_wording_names_the_concept(lexicon: Lexicon, text: str, concept: str) -> None:
    assert concept in lexicon.concepts(text)


@pytest.mark.parametrize(
    "text",
    [
        "怎么设置预约加热",
        "what size is the RF-5501",
        "我想问下几点下班",
        "the coldest setting for the freezer",  # "cold" alone is no fault
        "a cooler room",
    ],
)
def test_unrelated_text_names_no_fault(lexicon: Lexicon, text: str) -> None:
    faults = {"~not_cooling", "~noise", "~leak", "~wont_start", "~too_cold", "~bad_smell"}
    assert not faults & set(lexicon.concepts(text))


def test_each_concept_is_named_once() -> None:
    lexicon = Lexicon(load_knowledge_base(PROJECT_ROOT / "knowledge_base").lexicon)
    assert lexicon.concepts("漏水漏水 leak leaking") == ["~leak"]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("冰箱不凉了", "fault", True),
        ("washer is banging", "fault", True),
        ("能退钱吗", "rights", True),
        ("能退钱吗", "fault", False),
        ("上门多少钱", "money", True),
        ("洗衣机怎么设置预约", "fault", False),
    ],
)
def test_concepts_have_kinds(lexicon: Lexicon, text: str, kind: str, expected: bool) -> None:
    assert lexicon.mentions(text, kind) is expected
