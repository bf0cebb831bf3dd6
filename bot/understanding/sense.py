"""Sense checks on a form's answers: an answer that cannot be what was asked.

Now and then the answer to a form's question cannot be what it asked: keyboard mash as
the fault ("asdfgh", "啊啊啊啊", "123123"), a phone number where the street address goes,
an address or a phone number where the name goes. Such an answer is queried once,
politely, quoting it (:func:`query`); when the customer gives that kind of answer again
it is taken, as they may know better. A genuine short answer ("不制冷", "leaks", "E4",
"吵") is never queried.

Anger or an accusation that says nothing else (:func:`is_hostile_remark`) is no answer at
all: the form apologises, offers a person and keeps its question open.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from itertools import pairwise
from types import MappingProxyType
from typing import Final, Literal

from bot.knowledge.text import find_error_codes, normalise
from bot.understanding.complaints import category_of
from bot.understanding.details import (
    describes_fault,
    doesnt_know,
    looks_like_address,
    model_like,
)
from bot.understanding.signals import is_hostile

__all__ = [
    "QUERIES",
    "Kind",
    "doubt",
    "is_gibberish",
    "is_hostile_remark",
    "looks_like_phone",
    "query",
    "shown",
    "unknown_model_answer",
    "what_it_looks_like",
]

#: What an answer looks like, whatever was asked.
Kind = Literal["phone", "address", "gibberish", "text"]

#: Per question (slot), the kinds of answer that cannot be its answer, and the
#: catalogue entry that queries each.
QUERIES: Final[Mapping[str, Mapping[Kind, str]]] = MappingProxyType(
    {
        "symptom": {"gibberish": "sense_gibberish", "phone": "sense_gibberish"},
        "complaint_description": {"gibberish": "sense_gibberish", "phone": "sense_gibberish"},
        "address": {"phone": "sense_address_phone", "gibberish": "sense_gibberish"},
        "customer_name": {
            "phone": "sense_customer_name_phone",
            "address": "sense_customer_name_address",
            "gibberish": "sense_gibberish",
        },
    }
)

#: The longest part of an answer quoted back to the customer.
_SHOWN: Final = 30
_TOKEN: Final = re.compile(r"[a-z0-9']+|[\u3400-\u9fff]+|[^\W_]+")
_HAN_RUN: Final = re.compile(r"[\u3400-\u9fff]+")
_VOWELS: Final = frozenset("aeiouy")
_CONSONANT_RUN: Final = re.compile(r"[^aeiouy]{6,}")
_KEY_ROWS: Final = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEYS: Final = {
    key: (row, column) for row, keys in enumerate(_KEY_ROWS) for column, key in enumerate(keys)
}
#: Words typed to type something, not to say something.
_FILLER: Final = frozenset(
    "lol lmao rofl haha hehe hmm hmmm xd test testing blah bla meh ugh argh".split()
)
#: Interjections: a message of these only ("啊啊啊啊", "嗯嗯", "哈哈哈") says nothing.
_INTERJECTIONS: Final = frozenset("啊阿哦噢喔嗯恩呃额唉哎哈呵嘿嘻哇呀吧嘛呢咯啦")
_HAN_FILLER: Final = frozenset(("测试",))
#: How a phone number is introduced ("我的手机是", "my number is").
_PHONE_WORDS: Final = re.compile(
    r"我的|我|手机号码|手机号|手机|电话号码|电话|号码|联系方式|是|"
    r"(?<![a-z])(?:tel|phone|mobile|cell|number|my|is|call me(?: on| at)?)(?![a-z])"
)
#: A share of digits this high makes an answer a number rather than words.
_MOSTLY_DIGITS: Final = 0.8
_MIN_DIGITS: Final = 3
_STREET_WORDS: Final = re.compile(
    r"[路街道号弄村栋室]|(?<![a-z])(?:road|rd|street|st|avenue|ave|lane|building|block|flat|"
    r"room|floor|apt|apartment|unit)(?![a-z])"
)
_ADDRESS_CHARACTERS: Final = re.compile(r"\d|[路街道号弄村栋室]")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _repeats(word: str) -> bool:
    """A short pattern typed over and over: "jjjjjj", "hahaha", "sdfsdf"."""
    for size in range(1, 5):
        times = 3 if size <= 2 else 2
        if len(word) >= size * times and (word[:size] * (len(word) // size + 1)).startswith(word):
            return True
    return False


def _keyboard_run(word: str) -> bool:
    """Neighbouring keys of one keyboard row, one way: "qwerty", "asdfgh", "poiu"."""
    if len(word) < 3 or any(key not in _KEYS for key in word):
        return False
    steps = {(_KEYS[b][0] - _KEYS[a][0], _KEYS[b][1] - _KEYS[a][1]) for a, b in pairwise(word)}
    return steps in ({(0, 1)}, {(0, -1)})


def _alphabet_run(word: str) -> bool:
    """Letters in alphabetical order: "abc", "xyz"."""
    return len(word) >= 3 and all(ord(b) - ord(a) == 1 for a, b in pairwise(word))


def _noise(token: str) -> bool:
    """Whether one word of a message is typed rather than meant."""
    if token.isdigit():
        return True
    if _HAN_RUN.fullmatch(token):
        return token in _HAN_FILLER or all(c in _INTERJECTIONS for c in token)
    if not token.isascii():
        return False
    word = re.sub(r"[0-9']", "", token)
    if len(word) <= 1 or word in _FILLER:
        return True
    if _repeats(word) or _keyboard_run(word) or _alphabet_run(word):
        return True
    if len(word) >= 4 and not set(word) & _VOWELS:
        return True
    return _CONSONANT_RUN.search(word) is not None


def _names_a_fault(text: str) -> bool:
    """A fault word, an error code or a model code: never noise, however short."""
    return (
        describes_fault(text) or bool(find_error_codes(normalise(text))) or bool(model_like(text))
    )


def is_gibberish(text: str) -> bool:
    """Whether ``text`` is keyboard mash, noise or punctuation rather than words.

    "asdfgh", "jjjjjj", "啊啊啊啊", "。。。", "123123" and "qwerty lol" are; "不制冷",
    "leaks", "E4" and "吵" are not.
    """
    folded = _fold(text)
    if _names_a_fault(folded):
        return False
    return all(_noise(token) for token in _TOKEN.findall(folded))


def looks_like_phone(text: str) -> bool:
    """Whether ``text`` is a phone number, or mostly digits ("13812345678", "88-5-1201")."""
    rest = _PHONE_WORDS.sub("", _fold(text))
    significant = [c for c in rest if c.isalnum()]
    digits = sum(c.isdigit() for c in significant)
    return digits >= _MIN_DIGITS and digits >= _MOSTLY_DIGITS * len(significant)


def _looks_like_street(text: str) -> bool:
    """A street word with a number, or a Chinese one ("张江路88弄", "Room 1201")."""
    folded = _fold(text)
    return (
        looks_like_address(folded)
        and bool(_STREET_WORDS.search(folded))
        and bool(_ADDRESS_CHARACTERS.search(folded))
    )


def what_it_looks_like(text: str) -> Kind:
    """What an answer looks like, whatever was asked.

    A phone number (or mostly digits) first, then a street address, then noise;
    anything else is text.
    """
    if looks_like_phone(text):
        return "phone"
    if _looks_like_street(text):
        return "address"
    if is_gibberish(text):
        return "gibberish"
    return "text"


def doubt(slot: str, text: str) -> str | None:
    """The catalogue entry that queries ``text`` as the answer to ``slot``.

    Returns:
        The entry's key when ``text`` cannot be the answer, else ``None``.
    """
    return QUERIES.get(slot, {}).get(what_it_looks_like(text))


def query(slot: str, text: str, queried: str | None) -> str | None:
    """Like :func:`doubt`, but only once: ``None`` when ``slot`` was ``queried`` already.

    Args:
        slot: The question the customer answered.
        text: The answer.
        queried: The question whose answer was queried last, if any.
    """
    return None if queried == slot else doubt(slot, text)


def unknown_model_answer(text: str, *, queried: bool) -> Literal["skip", "query"]:
    """What to do with an answer to the model question that names no catalogue model.

    The question is skipped when the customer cannot give the model ("不知道", "找不到",
    "no idea") or when their answer was queried once already; otherwise it is queried.
    """
    return "skip" if queried or doesnt_know(text) else "query"


def shown(text: str) -> str:
    """The answer as quoted back: on one line, its first 30 characters."""
    line = " ".join(text.split())
    return line if len(line) <= _SHOWN else line[: _SHOWN - 1] + "…"


def is_hostile_remark(text: str) -> bool:
    """Whether ``text`` is anger or an accusation that says nothing else.

    "你们是骗子吧", "are you scammers?" and "this is a joke, useless company" are;
    "这破冰箱又不制冷了，妈的" (a fault) and "骗子，多收了我两百块" (a complaint about
    charges) also say what is wrong, and are answers.
    """
    if not is_hostile(text):
        return False
    says_more = _names_a_fault(_fold(text)) or any(c.isdigit() for c in text)
    return not says_more and category_of(text) is None
