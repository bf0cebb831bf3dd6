"""Complaint categories, their names, and a first guess from the text."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Final

from bot.language import Language
from bot.texts import render

__all__ = ["CATEGORIES", "category_label", "guess_category"]

CATEGORIES: Final = (
    "service_attitude",
    "repair_quality",
    "late_or_missed_visit",
    "charges",
    "product_quality",
    "other",
)


def category_label(category: str, language: Language) -> str:
    """The category's name as the customer and the staff see it (from the catalogue)."""
    return render(f"complaint_category_{category}", language)


# Chinese hints are matched as substrings, English ones as whole words.
_CHINESE: Final[dict[str, tuple[str, ...]]] = {
    "service_attitude": (
        "态度差",
        "态度极差",
        "态度特别差",
        "态度非常差",
        "态度不好",
        "甩脸色",
        "态度恶劣",
        "态度很差",
        "态度太差",
        "服务态度",
        "服务质量",
        "不耐烦",
        "不礼貌",
        "骂人",
        "骂我",
        "凶我",
        "爱答不理",
        "敷衍",
    ),
    "repair_quality": (
        "没修好",
        "没有修好",
        "修不好",
        "又坏了",
        "又坏",
        "还是坏",
        "还是不行",
        "还是老样子",
        "维修质量",
        "修理质量",
        "修完还",
        "修了还",
    ),
    "late_or_missed_visit": (
        "没来",
        "没有来",
        "没上门",
        "没有上门",
        "迟到",
        "放鸽子",
        "爽约",
        "不来",
        "来晚",
        "晚到",
        "等了一天",
    ),
    "charges": (
        "乱收费",
        "多收",
        "收费太高",
        "收费不合理",
        "额外收费",
        "乱要钱",
        "收费",
        "太贵",
        "要价",
    ),
    "product_quality": (
        "质量",
        "刚买就坏",
        "刚买就",
        "买来就坏",
        "次品",
        "残次",
        "缺陷",
    ),
}
_ENGLISH: Final[dict[str, tuple[str, ...]]] = {
    "service_attitude": (
        "rude",
        "rudely",
        "impolite",
        "unfriendly",
        "impatient",
        "disrespectful",
        "bad attitude",
        "attitude",
        "shouted",
        "yelled",
        "unprofessional",
    ),
    "repair_quality": (
        "still broken",
        "still not working",
        "still doesn't work",
        "still does not work",
        "not fixed",
        "wasn't fixed",
        "was not fixed",
        "didn't fix",
        "did not fix",
        "broke again",
        "broken again",
        "same problem again",
        "repair failed",
        "poor repair",
        "bad repair",
    ),
    "late_or_missed_visit": (
        "no-show",
        "no show",
        "didn't show up",
        "did not show up",
        "never showed",
        "never came",
        "didn't come",
        "did not come",
        "didn't turn up",
        "missed appointment",
        "missed the appointment",
        "stood me up",
        "late",
    ),
    "charges": (
        "overcharged",
        "overcharge",
        "overcharging",
        "charged too much",
        "charged me too much",
        "extra charge",
        "extra charges",
        "hidden fee",
        "hidden fees",
        "too expensive",
        "ripped off",
        "rip-off",
        "rip off",
    ),
    "product_quality": (
        "defective",
        "defect",
        "faulty",
        "poor quality",
        "bad quality",
        "low quality",
        "quality",
        "dead on arrival",
        "broke after a week",
        "brand new and broken",
        "just bought",
    ),
}


@cache
def _hints() -> tuple[tuple[re.Pattern[str], str], ...]:
    patterns: list[tuple[re.Pattern[str], str]] = []
    for category, words in _CHINESE.items():
        for word in words:
            # 没来得及 ("had no time to") is not a missed visit.
            suffix = "(?!得及)" if word == "没来" else ""
            patterns.append((re.compile(re.escape(word) + suffix), category))
    for category, words in _ENGLISH.items():
        for word in words:
            body = re.escape(word).replace(r"\ ", r"\s+")
            patterns.append((re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])"), category))
    return tuple(patterns)


def guess_category(text: str) -> str | None:
    """Guesses the category of a complaint from keyword hints in Chinese and English.

    When hints of several categories occur, the one that starts first wins (customers
    lead with their main grievance); at the same position the longer hint wins, so
    ``维修质量`` is repair quality, not product quality. The guess is a suggestion
    to confirm with the customer, never a decision.

    Args:
        text: What the customer wrote.

    Returns:
        One of :data:`CATEGORIES` other than ``other``, or ``None`` without any hint.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    best: tuple[int, int, str] | None = None
    for pattern, category in _hints():
        for match in pattern.finditer(folded):
            key = (match.start(), -(match.end() - match.start()), category)
            if best is None or key[:2] < best[:2]:
                best = key
            break
    return best[2] if best else None
