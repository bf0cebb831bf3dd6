"""How urgent a complaint is: safety words, repeats, and the promised response time.

Decisions, so that reviewers need not guess:

* **Err towards a person.** A false alarm costs the duty supervisor a minute; a missed
  gas leak can cost a home. Any safety word makes a complaint critical.
* **Negation is not read.** "Nobody was hurt", "没有受伤", "不漏水了" still count: a
  customer who mentions injury or a leak is describing an incident worth a person's
  look, and negation detection in two languages is brittle ("不是没漏电").
* **Colours and ratings are not incidents.** "fire-red", "flame red", "smoke grey",
  "fireproof", "fire-retardant" are removed before matching (the Chinese 火红 never
  matched: only 起火/着火/失火/冒火 do).
* **Emotion is not electricity.** "shocked at/to …" and "shocked by the price/bill/…"
  are not an electric shock; "shocked" otherwise is.
* **Appliance names are not gas leaks.** 煤气 counts except in 煤气热水器, 煤气灶, 煤气费
  and 煤气表; 电到 counts except after 停/来/通/充/用/送/供/断 ("停电到现在").
* **English words match whole**: "hurtful" is not "hurt", "fired" is not "fire",
  "leakproof" is not "leak". Text is NFKC-folded (full-width letters) and case-folded.
* **Leaks.** Gas leaks and water leaks both count (the brief lists 漏水 and the service
  principles name "leak"), as do floods.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

__all__ = ["RESPONSE_HOURS", "SEVERITIES", "Severity", "Triage", "find_safety_words", "triage"]

Severity = Literal["critical", "high", "normal"]
SEVERITIES: Final[tuple[Severity, ...]] = ("critical", "high", "normal")
RESPONSE_HOURS: Final[dict[Severity, int]] = {"critical": 1, "high": 4, "normal": 24}

_ENGLISH: Final = (
    r"smoke",
    r"smokes",
    r"smoking",
    r"smoked",
    r"smoky",
    r"fire",
    r"fires",
    r"on fire",
    r"caught fire",
    r"flame",
    r"flames",
    r"burning smell",
    r"smell of burning",
    r"smells? burning",
    r"smelled burning",
    r"burnt",
    r"burned",
    r"scorched",
    r"sparks?",
    r"sparking",
    r"sparked",
    r"gas leak(?:s|ing|age)?",
    r"leaking gas",
    r"smell(?:s|ed)? (?:of )?gas",
    r"gas smell",
    r"leak(?:s|ing|ed|age)?",
    r"flood(?:s|ed|ing)?",
    r"electric(?:al)? shock",
    r"shocked",
    r"electrocuted",
    r"(?:got|get|gave me|giving me) an? (?:electric )?shock",
    r"tingl(?:e|ing)",
    r"injury",
    r"injuries",
    r"injured",
    r"hurt",
    r"hurts",
    r"hurting",
    r"bleeding",
    r"scald(?:s|ed|ing)?",
    r"explode(?:s|d)?",
    r"exploding",
    r"explosion",
)
_CHINESE: Final = (
    r"冒烟",
    r"起火",
    r"着火",
    r"失火",
    r"冒火",
    r"火花",
    r"烧焦",
    r"焦味",
    r"糊味",
    r"煤气(?!热水器|灶|费|表)",
    r"燃气泄漏",
    r"天然气泄漏",
    r"燃气味",
    r"漏气",
    r"漏电",
    r"麻电",
    r"触电",
    r"(?<![停来通充用送供断])电到",
    r"电了我",
    r"电击",
    r"受伤",
    r"烫伤",
    r"流血",
    r"爆炸",
    r"漏水",
    r"淹水",
    r"水漫",
)
_BENIGN_ENGLISH: Final = (
    r"fire[\s-]*(?:engine[\s-]*)?red",
    r"flame[\s-]*red",
    r"smoke[\s-]*gr[ae]y",
    r"smoked[\s-]*glass",
    r"fire[\s-]*proof",
    r"fire[\s-]*resistant",
    r"(?:fire|flame)[\s-]*retardant",
    r"leak[\s-]*proof",
    r"shocked\s+(?:at|to)",
    r"shocked\s+by\s+(?:the\s+|your\s+|this\s+|that\s+|such\s+)?(?:high\s+)?"
    r"(?:price|bill|charge|fee|cost|quote|invoice|attitude|service|answer|reply|response)s?",
)


@dataclass(frozen=True)
class Triage:
    """The urgency of a complaint.

    Attributes:
        severity: ``critical`` (safety), ``high`` (a repeat) or ``normal``.
        safety_words: The safety words found, as written (folded), in text order.
        response_hours: Hours within which a person answers: 1, 4 or 24.
    """

    severity: Severity
    safety_words: tuple[str, ...]
    response_hours: int


def _words(body: str) -> str:
    return body.replace(" ", r"\s+")


@cache
def _safety_pattern() -> re.Pattern[str]:
    english = "|".join(_words(w) for w in sorted(_ENGLISH, key=len, reverse=True))
    chinese = "|".join(_CHINESE)
    return re.compile(rf"(?<![a-z0-9])(?:{english})(?![a-z0-9])|{chinese}")


@cache
def _benign_pattern() -> re.Pattern[str]:
    body = "|".join(_BENIGN_ENGLISH)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


def find_safety_words(text: str) -> tuple[str, ...]:
    """Returns the safety words in the text, folded, each once, in text order."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    # Benign phrases become spaces (not nothing) so no new word is glued together.
    cleaned = _benign_pattern().sub(lambda m: " " * len(m.group(0)), folded)
    found: list[str] = []
    for match in _safety_pattern().finditer(cleaned):
        word = re.sub(r"\s+", " ", match.group(0))
        if word not in found:
            found.append(word)
    return tuple(found)


def triage(text: str, *, repeat_count: int) -> Triage:
    """Decides how urgent a complaint is.

    Safety words make it critical (answered by a person within 1 hour); otherwise a
    repeat (one or more earlier complaints about the same booking, unit, or phone and
    model within 30 days) makes it high (4 hours); anything else is normal (24 hours).

    Args:
        text: Everything the customer said about the problem.
        repeat_count: How many earlier complaints this one repeats.

    Returns:
        The triage.

    Raises:
        ValueError: ``repeat_count`` is negative.
    """
    if repeat_count < 0:
        raise ValueError("repeat_count cannot be negative")
    words = find_safety_words(text)
    severity: Severity = "critical" if words else "high" if repeat_count else "normal"
    return Triage(severity, words, RESPONSE_HOURS[severity])
