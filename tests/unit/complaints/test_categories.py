from __future__ import annotations

import pytest

from bot.complaints import CATEGORIES, category_label, guess_category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("师傅态度差", "service_attitude"),
        ("客服很不耐烦", "service_attitude"),
        ("The technician was rude to my mother", "service_attitude"),
        ("上次没修好", "repair_quality"),
        ("修完第二天又坏了", "repair_quality"),
        ("It is still broken after the repair", "repair_quality"),
        ("师傅一直没来", "late_or_missed_visit"),
        ("师傅迟到了两个小时", "late_or_missed_visit"),
        ("说好上午来，结果放鸽子", "late_or_missed_visit"),
        ("Technician was a no-show", "late_or_missed_visit"),
        ("The engineer was 3 hours late", "late_or_missed_visit"),
        ("上门乱收费", "charges"),
        ("多收了我100块", "charges"),
        ("I was overcharged for the visit", "charges"),
        ("这个冰箱质量太差", "product_quality"),
        ("刚买就坏了", "product_quality"),
        ("The unit is defective", "product_quality"),
        ("ＲＵＤＥ technician", "service_attitude"),  # full width
    ],
)
def test_keyword_hints(text: str, category: str) -> None:
    assert guess_category(text) == category


def test_the_first_hint_wins_and_longer_hints_beat_shorter_ones() -> None:
    assert guess_category("师傅态度差，而且没修好") == "service_attitude"
    assert guess_category("没修好，师傅态度也差") == "repair_quality"
    assert guess_category("维修质量太差") == "repair_quality"  # not product quality


@pytest.mark.parametrize(
    "text", ["我想问一下", "hello there", "the latest model", "我没来得及说", "chocolate"]
)
def test_no_hint_gives_none(text: str) -> None:
    assert guess_category(text) is None


def test_every_category_has_both_labels() -> None:
    assert CATEGORIES[-1] == "other"
    for category in CATEGORIES:
        zh, en = category_label(category, "zh"), category_label(category, "en")
        assert zh
        assert en
        assert zh != en
