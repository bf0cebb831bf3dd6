"""Triage: every safety-word group in Chinese and English, repeats, and the negatives."""

from __future__ import annotations

import pytest

from bot.complaints import RESPONSE_HOURS, find_safety_words, triage

SAFETY_EN = [
    ("There is smoke coming out of the back", "smoke"),
    ("the washer was smoking", "smoking"),
    ("It caught fire last night", "caught fire"),
    ("the socket is on fire", "on fire"),
    ("I saw flames behind the panel", "flames"),
    ("there's a burning smell from the motor", "burning smell"),
    ("the cable looks burnt", "burnt"),
    ("sparks came out of the plug", "sparks"),
    ("I saw a spark", "spark"),
    ("I think there is a gas leak", "gas leak"),
    ("I can smell gas near the heater", "smell gas"),
    ("the heater is leaking everywhere", "leaking"),
    ("the kitchen is flooded", "flooded"),
    ("I felt an electric shock from the door", "electric shock"),
    ("the door gave me a shock", "gave me a shock"),
    ("my son was shocked when he touched it", "shocked"),
    ("my wife suffered an injury", "injury"),
    ("the technician injured my dog", "injured"),
    ("my hand is hurt", "hurt"),
    ("I was scalded by the hot water", "scalded"),
    ("I'm afraid it will explode", "explode"),
    ("there was an explosion", "explosion"),
]
SAFETY_ZH = [
    ("洗衣机冒烟了", "冒烟"),
    ("插座起火了", "起火"),
    ("电机着火", "着火"),
    ("插头有火花", "火花"),
    ("线烧焦了", "烧焦"),
    ("有一股焦味", "焦味"),
    ("闻到糊味", "糊味"),
    ("家里有煤气味", "煤气"),
    ("热水器燃气泄漏", "燃气泄漏"),
    ("好像漏气了", "漏气"),
    ("机器漏电", "漏电"),
    ("我女儿触电了", "触电"),
    ("碰到门被电到了", "电到"),
    ("我手受伤了", "受伤"),
    ("被热水烫伤", "烫伤"),
    ("担心会爆炸", "爆炸"),
    ("净水器漏水，地板都泡了", "漏水"),
]


@pytest.mark.parametrize(("text", "word"), SAFETY_EN + SAFETY_ZH)
def test_every_safety_word_makes_it_critical(text: str, word: str) -> None:
    result = triage(text, repeat_count=0)
    assert result.severity == "critical"
    assert result.response_hours == 1
    assert word in result.safety_words


@pytest.mark.parametrize(
    "text",
    [
        "SMOKE everywhere",
        "ＳＭＯＫＥ！",  # full-width letters
        "Fire!",
        "the unit is Smoking, please help",
        "there is a gas\nleak",  # words split over lines
    ],
)
def test_case_width_and_spacing_do_not_matter(text: str) -> None:
    assert triage(text, repeat_count=0).severity == "critical"


@pytest.mark.parametrize(
    "text",
    [
        "the fire-red colour has faded",  # a colour, not a fire
        "I bought the fire red model",
        "the smoke grey door is scratched",
        "the flame-red panel is chipped",
        "the cable is fireproof they said",
        "his words were hurtful",  # whole words only
        "the engineer was fired?",
        "the hose is leakproof",
        "I was shocked at the price",  # emotion, not electricity
        "I was shocked to see the bill",
        "shocked by the high charges",
        "火红色的面板掉漆了",  # 火红 is a colour
        "从昨天停电到现在还没修",  # 停电到现在 is not 电到
        "我的煤气热水器不出热水",  # an appliance name, not a smell of gas
        "冰箱不制冷",
        "the washer is noisy",
    ],
)
def test_negatives_are_not_critical(text: str) -> None:
    result = triage(text, repeat_count=0)
    assert result.severity == "normal"
    assert result.safety_words == ()


@pytest.mark.parametrize(
    "text",
    ["nobody was hurt, but it was scary", "I was not hurt", "还好没有受伤", "现在不漏水了"],
)
def test_negation_is_deliberately_not_read(text: str) -> None:
    # Documented decision: a mentioned injury or leak goes to a person anyway.
    assert triage(text, repeat_count=0).severity == "critical"


def test_safety_words_are_listed_once_in_text_order() -> None:
    assert find_safety_words("冒烟了, then smoke, more smoke, and 火花") == (
        "冒烟",
        "smoke",
        "火花",
    )


def test_a_colour_next_to_a_real_alarm_still_alarms() -> None:
    assert find_safety_words("the smoke grey unit is smoking") == ("smoking",)


def test_a_repeat_raises_normal_to_high() -> None:
    assert triage("still noisy", repeat_count=0).severity == "normal"
    high = triage("still noisy", repeat_count=1)
    assert (high.severity, high.response_hours) == ("high", 4)
    assert triage("still noisy", repeat_count=3).severity == "high"


def test_critical_stays_critical_with_repeats() -> None:
    result = triage("it is smoking again", repeat_count=2)
    assert (result.severity, result.response_hours) == ("critical", 1)


def test_response_hours_and_bad_repeat_count() -> None:
    assert RESPONSE_HOURS == {"critical": 1, "high": 4, "normal": 24}
    assert triage("noisy", repeat_count=0).response_hours == 24
    with pytest.raises(ValueError, match="negative"):
        triage("noisy", repeat_count=-1)


def test_triage_is_frozen() -> None:
    result = triage("noisy", repeat_count=0)
    with pytest.raises(AttributeError):
        result.severity = "critical"  # type: ignore[misc]
