"""Whether a complaint message says what happened, or only that the customer complains.

"我要投诉" and "I'd like to make a complaint" say nothing yet: the complaint form asks
what happened. "师傅态度太差了，还骂人" is itself the description.
"""

from __future__ import annotations

import re
from typing import Final

from bot.complaints.categories import guess_category
from bot.complaints.triage import find_safety_words

__all__ = ["MAX_DESCRIPTION", "category_of", "says_what_happened"]

#: The longest description kept from a complaint message.
MAX_DESCRIPTION: Final = 2000

#: "I want to complain" and its kin: a message that is only this says nothing yet.
_ASKING_TO_COMPLAIN: Final = re.compile(
    r"(?:我|本人)?(?:要|想|想要|必须|得)?(?:投诉|投拆|反映|举报|抱怨|申诉)(?:一下|下)?(?:你们|您们)?(?:的)?|"
    r"\b(?:i\s*(?:want|would like|'d like|wanna|need|have)\s*to\s*)?"
    r"(?:make|file|lodge|raise|submit|register)?\s*(?:a\s*)?(?:formal\s*)?"
    r"(?:complaint|complain)\b(?:\s*(?:about|against)\s*(?:you|your\s*company))?",
    re.IGNORECASE,
)
_FILLER: Final = re.compile(
    r"[\s\W_]|please|pls|hi|hello|你好|您好|喂|请问|我|了|啊|呀|吧|的|一下", re.I
)
_HAN: Final = re.compile(r"[\u4e00-\u9fff]")
#: What is left beyond asking to complain must be this many Chinese characters, or
#: this many other characters, to say what happened.
_ENOUGH_HAN: Final = 4
_ENOUGH_OTHER: Final = 12


def says_what_happened(text: str) -> bool:
    """Whether a complaint message describes something beyond wanting to complain.

    A pressed button (``/complain``) says nothing.
    """
    if text.startswith("/"):
        return False
    rest = _FILLER.sub("", _ASKING_TO_COMPLAIN.sub(" ", text))
    han = len(_HAN.findall(rest))
    return han >= _ENOUGH_HAN or len(rest) - han >= _ENOUGH_OTHER


def category_of(text: str) -> str | None:
    """The category a complaint message suggests, if any.

    A unit that smokes, leaks or shocks is a product safety complaint even when
    nothing else hints at a category.
    """
    category = guess_category(text)
    if category is None and find_safety_words(text):
        return "product_quality"
    return category
