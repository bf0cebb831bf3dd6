"""Reading the details a customer gives in a form: model codes, names, addresses, faults.

Each reader takes what the customer wrote and returns the detail, cleaned, or ``None``
(or ``False``) when the text does not hold one; none of them knows about Rasa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.knowledge.text import find_error_codes, normalise

__all__ = [
    "MAX_ADDRESS",
    "MAX_NAME",
    "MAX_SYMPTOM",
    "Symptom",
    "customer_name",
    "describes_fault",
    "doesnt_know",
    "fault_in",
    "fault_phrase",
    "has_model_letters",
    "looks_like_address",
    "model_like",
    "says_no_serial",
    "street_address",
    "symptom",
]

#: The longest name, address and fault description kept.
MAX_NAME: Final = 40
MAX_ADDRESS: Final = 200
MAX_SYMPTOM: Final = 500

_MODEL_LIKE: Final = re.compile(r"(?<![a-z0-9])(wm|rf|ac|wh|wp)[- ]?\d{2,5}[a-z]?", re.IGNORECASE)
_NAME_PREFIX: Final = re.compile(
    r"^(?:我叫|我是|我姓|姓名|名字|联系人|叫我|"
    r"my name is|my name's|i am|i'm|name|this is)\s*[:：是]?\s*",
    re.IGNORECASE,
)
_NAME_TRIM: Final = " .。，,!！"
_ADDRESS_WORDS: Final = re.compile(
    r"\d|路|街|道|号|弄|村|小区|栋|室|road|street|\bst\b|\brd\b|ave|lane", re.IGNORECASE
)
_FAULT_WORDS: Final = re.compile(
    r"坏|不出|不转|不制冷|不制热|不排水|不加热|不工作|没反应|漏|响|异味|报错|故障|显示|跳闸|"
    r"broken|broke|won'?t|doesn'?t|does not|not (?:working|cooling|heating|draining|spinning)|"
    r"leak|noise|noisy|error|shows|smell|stopped|dead",
    re.IGNORECASE,
)
#: Faults one Chinese character describes: noisy, leaking, smelly, hot, cold, shaking, stuck.
_ONE_CHARACTER_FAULTS: Final = frozenset("吵响漏臭烫冷热抖震晃卡")
_NO_SERIAL: Final = re.compile(
    r"没有|没|找不到|不知道|看不到|看不清|磨掉|no serial|don'?t have|do not have|can'?t find|"
    r"cannot find|can'?t see|no idea|lost|none",
    re.IGNORECASE,
)

_DOESNT_KNOW: Final = re.compile(
    r"不知道|不清楚|不确定|不记得|记不得|记不清|忘了|忘记|找不到|没找到|看不到|看不清|不晓得|"
    r"没有|没看到|不会看|跳过|"
    r"dunno|\bidk\b|don'?t know|do not know|no idea|not sure|unsure|no clue|forgot|"
    r"(?:can'?t|cannot|couldn'?t|can not) (?:find|see|read|remember)|don'?t remember|"
    r"don'?t have|\bnone\b|\bskip\b|\bunknown\b",
    re.IGNORECASE,
)
#: Where a request breaks into clauses: punctuation, not a decimal point or a thousands comma.
_CLAUSE_BREAK: Final = re.compile(r"[，。！？；\n!?;]+|,(?!\d)|\.(?!\d)")
_HAN: Final = re.compile(r"[\u3400-\u9fff]")
#: A greeting, thanks, and who the appliance belongs to: none of it is the fault.
_GREETING: Final = re.compile(
    r"^(?:(?:你好|您好|喂|在吗|在不在|亲|客服|哈喽|嗨|早上好|下午好|晚上好|"
    r"(?:hi|hello|hey|good (?:morning|afternoon|evening))(?![a-z]))[啊呀哈~～\s]*)+",
    re.IGNORECASE,
)
_THANKS: Final = re.compile(
    r"(?:谢谢(?:你|您)?|谢了|多谢|麻烦(?:你|您)?了|(?:thanks?(?: you)?|thx|please|pls)(?![a-z]))"
    r"[啊呀哈~～\s]*$",
    re.IGNORECASE,
)
_OWNER: Final = re.compile(
    r"^(?:我们家|我家里|我家|家里|家中|我的|(?:my|our)\s+)的?", re.IGNORECASE
)
#: Asking for a visit ("帮我约个师傅", "can someone come"): from here on a clause is the
#: request, unless a fault follows it.
_REQUEST: Final = re.compile(
    r"(?:(?:麻烦|请|帮我|给我|帮忙|能不能|能否|能|可以|可不可以|我想|我要|想|要|需要|赶紧|尽快|快点|快)\s*)*"
    r"(?:(?:预约|约|安排|派|叫|找|请)一?[个位名下]?(?:维修)?(?:师傅|人|技术员|工程师|售后)|"
    r"预约(?:维修|上门|师傅|一下|个)|上门|报修)|"
    r"(?<![a-z])(?:(?:can|could|would|will) (?:you|someone|somebody|a technician|an engineer|i)"
    r"(?![a-z])|(?:please|pls) (?:send|book|arrange|help)|"
    r"i(?:'d| would)? (?:like|want|need) (?:to book|to arrange|to schedule|a technician|"
    r"an engineer|someone|somebody|a repair|a visit)|"
    r"book(?:ing)? (?:a|an) (?:repair|technician|visit|engineer)|"
    r"send (?:a technician|someone|somebody|an engineer)|arrange (?:a|an) (?:visit|repair)|"
    r"(?:someone|somebody|a technician|an engineer) (?:to )?come)",
    re.IGNORECASE,
)
#: A clause that only says when to come ("明天上午来", "tomorrow morning please").
_WHEN_ONLY: Final = re.compile(
    r"^(?:今天|明天|后天|大后天|这周.|下周.|周.|星期.|礼拜.|上午|下午|中午|晚上|早上|傍晚|"
    r"\d+[点号日]|\d+月\d+[日号]?|都行|都可以|可以|方便|有空|来|过来|上门|吧|行吗|可以吗|的|\s)+$|"
    r"^(?:(?:today|tomorrow|tonight|this|next|morning|afternoon|evening|week|on|at|in|the|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}(?::\d\d)?\s*(?:am|pm)?|am|pm|"
    r"if possible|please|is fine|works|ok)(?![a-z])\s*)+$",
    re.IGNORECASE,
)
_TRIM: Final = " \t,，.。!！?？~～、:：-"


@dataclass(frozen=True)
class Symptom:
    """A fault as the customer described it.

    Attributes:
        text: The description, cut to :data:`MAX_SYMPTOM` characters.
        error_code: The first error code in it (``E4``), upper case, if any.
    """

    text: str
    error_code: str | None


def model_like(text: str) -> str | None:
    """The first model-like code (``RF-99``, ``wm 8021``) in ``text``, as written (normalised)."""
    found = _MODEL_LIKE.search(normalise(text))
    return found.group(0) if found else None


def has_model_letters(text: str) -> bool:
    """Whether ``text`` has a Latin letter, as every model code has."""
    return any(c.isascii() and c.isalpha() for c in text)


def customer_name(text: str) -> str | None:
    """The name to ask for at the door, without "my name is"; ``None`` if empty or too long."""
    name = _NAME_PREFIX.sub("", text.strip()).strip(_NAME_TRIM)
    return name if name and len(name) <= MAX_NAME else None


def street_address(text: str) -> str | None:
    """A street address of 4 to :data:`MAX_ADDRESS` characters, trimmed."""
    address = text.strip()
    return address if 4 <= len(address) <= MAX_ADDRESS else None


def looks_like_address(text: str) -> bool:
    """Whether ``text`` reads as a street address (a number or a street word, 6+ characters)."""
    return bool(_ADDRESS_WORDS.search(text)) and len(text.strip()) >= 6


def describes_fault(text: str) -> bool:
    """Whether ``text`` says what is wrong with the appliance ("不排水", "won't drain")."""
    return bool(_FAULT_WORDS.search(text))


def _symptom(described: str) -> Symptom:
    codes = find_error_codes(normalise(described))
    return Symptom(described[:MAX_SYMPTOM], codes[0].upper() if codes else None)


def symptom(text: str) -> Symptom | None:
    """The fault described in ``text``; ``None`` when it is shorter than two characters.

    One character is enough when it names what the appliance does ("吵", "漏"), not
    when it only says it is broken ("坏").
    """
    described = text.strip()
    if len(described) >= 2 or described in _ONE_CHARACTER_FAULTS:
        return _symptom(described)
    return None


def _has_fault(text: str) -> bool:
    return describes_fault(text) or bool(find_error_codes(normalise(text)))


def _fault_clause(clause: str) -> str:
    """What is left of one clause without greeting, thanks, owner and request."""
    kept = _THANKS.sub("", _GREETING.sub("", clause.strip(_TRIM))).strip(_TRIM)
    kept = _OWNER.sub("", kept).strip(_TRIM)
    request = _REQUEST.search(kept)
    if request is not None:
        tail = kept[request.start() :]
        # "帮我约个师傅，冰箱不制冷" keeps the fault after the request.
        if _has_fault(tail):
            kept = kept[: request.start()] + kept[request.end() :]
        else:
            kept = kept[: request.start()]
        kept = _OWNER.sub("", kept.strip(_TRIM)).strip(_TRIM)
    return "" if _WHEN_ONLY.match(kept) else kept


def fault_phrase(text: str) -> str:
    """The part of a message that describes the fault, without greeting and request.

    "你好我家冰箱不制冷了帮我约个师傅明天上午来" gives "冰箱不制冷了"; clauses that say
    more about the fault ("用了三年了") are kept, joined by a comma. A message that is all
    greeting and request gives itself back, trimmed.
    """
    clauses = [_fault_clause(c) for c in _CLAUSE_BREAK.split(text)]
    kept = [c for c in clauses if c]
    if not kept:
        return text.strip()
    return ("，" if _HAN.search(text) else ", ").join(kept)


def fault_in(text: str) -> Symptom | None:
    """The fault a request describes ("WM-8012显示E4不排水，约个师傅"), if it describes one.

    The description kept is the fault itself (:func:`fault_phrase`); the error code is
    the first in the whole request.
    """
    described = text.strip()
    if not describes_fault(described):
        return None
    codes = find_error_codes(normalise(described))
    return Symptom(fault_phrase(described)[:MAX_SYMPTOM], codes[0].upper() if codes else None)


def says_no_serial(text: str) -> bool:
    """Whether the customer says they have no serial number ("没有序列号", "can't find it")."""
    return bool(_NO_SERIAL.search(text))


def doesnt_know(text: str) -> bool:
    """Whether the customer cannot give what was asked ("不知道", "找不到", "no idea")."""
    return bool(_DOESNT_KNOW.search(text))
