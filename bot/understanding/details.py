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
    "fault_in",
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
_NO_SERIAL: Final = re.compile(
    r"没有|没|找不到|不知道|看不到|看不清|磨掉|no serial|don'?t have|do not have|can'?t find|"
    r"cannot find|can'?t see|no idea|lost|none",
    re.IGNORECASE,
)


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
    """The fault described in ``text``; ``None`` when it is shorter than two characters."""
    described = text.strip()
    return _symptom(described) if len(described) >= 2 else None


def fault_in(text: str) -> Symptom | None:
    """The fault a request describes ("WM-8012显示E4不排水，约个师傅"), if it describes one."""
    described = text.strip()
    return _symptom(described) if describes_fault(described) else None


def says_no_serial(text: str) -> bool:
    """Whether the customer says they have no serial number ("没有序列号", "can't find it")."""
    return bool(_NO_SERIAL.search(text))
