"""Which language a customer writes in: Simplified Chinese or English.

The assistant answers in the language of the customer's latest message. Chinese
customers often mix in English words ("我的washer坏了") and English speakers rarely type
Chinese, so Han characters weigh more than Latin words. Messages with no signal (digits,
a serial number, an emoji) or only a language-neutral word ("ok", "hi") keep the
conversation's current language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal, TypeGuard, get_args

from bot.references import PREFIXES, reference_pattern

__all__ = ["DEFAULT_LANGUAGE", "Language", "Localized", "detect_language", "is_language"]

Language = Literal["zh", "en"]
DEFAULT_LANGUAGE: Final[Language] = "zh"


@dataclass(frozen=True)
class Localized:
    """A text in both languages."""

    zh: str
    en: str

    def __call__(self, language: Language) -> str:
        """Returns the text in ``language``."""
        return self.zh if language == "zh" else self.en


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_CODE = re.compile(r"[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*")
# Booking and complaint references (RV-7K3M9QXP, cp 2b8f-4kks) say nothing of language.
_REFERENCE = re.compile(reference_pattern(*PREFIXES), re.I)
# Pinyin shorthand Chinese customers type: 你好, 谢谢, 转人工, 客服, 再见.
_PINYIN: Final = frozenset({"nihao", "xiexie", "xx", "zrg", "kf", "zaijian", "byebye", "cu"})
_NEUTRAL_WORDS: Final = frozenset(
    {
        "ok",
        "okay",
        "okk",
        "k",
        "kk",
        "hi",
        "hello",
        "hey",
        "bye",
        "thx",
        "ty",
        "yes",
        "no",
        "nono",
        "y",
        "n",
        "lol",
        "haha",
    }
)


def is_language(value: object) -> TypeGuard[Language]:
    """Tells whether ``value`` is a supported language code."""
    return value in get_args(Language)


def detect_language(text: str, previous: Language | None = None) -> Language:
    """Detects the language of one customer message.

    Args:
        text: The message as the customer typed it.
        previous: The conversation's language so far, if any.

    Returns:
        ``"zh"`` or ``"en"``: the message's language, or ``previous`` (else the default)
        when the message carries no signal.
    """
    han = len(_HAN.findall(text))
    # Words glued to digits (WM8012, E4) are codes, not English.
    words = [w.lower() for w in _LATIN_WORD.findall(_CODE.sub(" ", _REFERENCE.sub(" ", text)))]
    if han and han * 2 > len(words):
        return "zh"
    if words and all(w in _PINYIN for w in words):
        return "zh"
    if words:
        if previous is not None and all(w in _NEUTRAL_WORDS for w in words):
            return previous
        return "en"
    return previous or DEFAULT_LANGUAGE
