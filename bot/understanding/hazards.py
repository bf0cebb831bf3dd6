"""Safety hazards in what a customer writes: fire, sparks, gas, burning, shock, water.

A hazard in any message, whatever the conversation is about and whatever the classifier
reads, gets safety first steps at once and an urgent person. The detector is narrower
than a complaint's safety words (:mod:`bot.complaints.triage`): a water leak or an
injury makes a complaint critical, but "洗衣机漏水怎么办" is an everyday question with
an article, not an emergency. Decisions:

* **Kinds**, each with its own first steps: ``fire`` (smoke, flames), ``sparks``,
  ``gas`` (a smell or leak of gas), ``burning`` (a burning smell), ``shock`` (an
  electric shock or a live casing) and ``water`` (water on sockets, plugs or wiring).
  The first kind found in text order is the one answered; the person reads the text.
* **Names are not hazards**: 油烟机 and 烟机 (range hood) are not smoke, 煤气灶 and
  燃气热水器 are appliances, a stove that 打不着火 will not light, "smoke grey" and
  "fire-red" are colours, "fireproof" is a property, "shocked at/by the price" is an
  emotion.
* English words match whole and the text is NFKC- and case-folded, as in triage.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Final, Literal

__all__ = ["HAZARDS", "Hazard", "find_hazard"]

Hazard = Literal["fire", "sparks", "gas", "burning", "shock", "water"]
HAZARDS: Final[tuple[Hazard, ...]] = ("fire", "sparks", "gas", "burning", "shock", "water")

_PATTERNS: Final[dict[Hazard, tuple[str, ...]]] = {
    "fire": (
        r"冒烟",
        r"冒(?:黑|白|青)烟",
        r"起火",
        r"着火",
        r"失火",
        r"火苗",
        r"明火",
        r"烧起来",
        r"(?<![a-z])smok(?:e|es|ing|eing|in|ed|y)(?![a-z])",
        r"(?<![a-z])(?:on fire|caught (?:on )?fire|catching fire|fire in|flames?)(?![a-z])",
    ),
    "sparks": (
        r"火花",
        r"火星",
        r"打火(?!机)",
        r"冒火",
        r"(?<![a-z])spark(?:s|es|ing|in|ed|ed out|y)?(?![a-z])",
        r"(?<![a-z])arcing(?![a-z])",
    ),
    "gas": (
        r"煤气味",
        r"燃气味",
        r"(?:煤气|燃气|天然气)的?味",
        r"闻着?(?:像|有点|好像)?(?:是)?(?:煤气|燃气|天然气)",
        r"(?:煤气|燃气|天然气)泄漏",
        r"漏气",
        r"(?<![a-z])gas (?:smel{1,2}|leak(?:s|ing|age)?)(?![a-z])",
        r"(?<![a-z])(?:smell(?:s|ed|ing)?|stink(?:s|ing)?|reek(?:s|ing)?) "
        r"(?:of |like )?gas(?![a-z])",
        r"(?<![a-z])leaking gas(?![a-z])",
    ),
    "burning": (
        r"烧焦",
        r"焦味",
        r"糊味",
        r"烧糊",
        r"烧黑",
        r"电线烧",
        r"烧塑料",
        r"塑料烧",
        r"烧化",
        r"熔化了?的?(?:插头|插座|电线)",
        r"(?:插头|插座|电线|插排)(?:都|已经)?(?:熔|融|烧)化",
        r"(?<![a-z])burn(?:ing|ig|in) sme?l{1,2}(?![a-z])",
        r"(?<![a-z])burn(?:t|ing|ed) (?:plastic|rubber|wire|wiring|electrical)(?![a-z])",
        r"(?<![a-z])(?:plug|socket|outlet|wire|wiring|cable|cord)(?: [a-z]+){0,4} melt(?:ed|ing)",
        r"(?<![a-z])melt(?:ed|ing) (?:plug|socket|outlet|wire|wiring|cable|cord)",
        r"(?<![a-z])(?:scorch|burn) marks?(?![a-z])",
        r"(?<![a-z])smell(?:s|ed)? (?:of |like )?(?:something )?(?:burning|burnt|burned)(?![a-z])",
        r"(?<![a-z])scorched(?![a-z])",
    ),
    "shock": (
        r"触电",
        r"漏电",
        r"麻电",
        r"麻手",
        r"麻麻的",
        r"麻酥酥",
        r"(?<![充来停通断供])电手(?![机环表柄])",
        r"(?:手|身上|脚)(?:有点|有些|会)?发?麻(?!烦)",
        r"电人",
        r"被电",
        r"电了我",
        r"(?<![停来通充用送供断])电到我",
        r"外壳带电",
        r"摸着有电",
        r"(?<![a-z])(?:electric(?:al)? shock|electr[io]cuted|zapped)(?![a-z])",
        r"(?<![a-z])(?:got|get|getting|gave me|gives me|giving me|felt|feel|feeling) an? "
        r"(?:little |small |slight |mild |bit of (?:a )?)?(?:electric )?(?:shock|zap)",
        r"(?<![a-z])shocked(?![a-z])(?! (?:at|to|by)(?![a-z]))",
        r"(?<![a-z])tingl(?:e|es|ing)(?![a-z])",
        r"(?<![a-z])feels? electric(?![a-z])",
    ),
    "water": (
        r"(?:插座|插头|插排|插线板|接线板|电源|电线|电路|电闸|开关)(?:上|里|那里)?"
        r"(?:都|已经|全|也|好像|有点)*(?:进水|泡水|湿了|湿透|有水|打湿)",
        r"(?:插座|插头|插排|插线板|接线板|电源线|电线)[^，。,.!?！？]{0,4}(?:泡|淋|浸|湿透)",
        r"(?:水|漏|滴|流|溅|洒|漫|淌)[^，。,.!?！？]{0,4}(?:到|进|在)[^，。,.!?！？]{0,6}"
        r"(?:插座|插头|插排|插线板|接线板|电源|电线|电路)",
        r"(?<![a-z])water (?:in|on|into|got into|reached|near|onto|over) (?:the |my )?"
        r"(?:plug|socket|outlet|wiring|extension|power strip|socket strip|fuse box)",
        r"(?<![a-z])(?:wet|flooded|soaked|soaking) (?:plug|socket|outlet|wiring|power strip)",
        r"(?<![a-z])(?:reached|onto|into) the (?:extension lead|socket strip|power strip)",
        r"(?<![a-z])water\b[^.!?]{0,60}\b(?:spread\w*|got|gone|run|ran|running|flow\w*|pool\w*|"
        r"reach\w*|drip\w*|leak\w*|seep\w*)\b[^.!?]{0,25}\b(?:plug|socket|outlet|extension|"
        r"power strip|wiring)\b",
        r"(?<![a-z])(?:water|drip\w*|leak\w*|splash\w*|spray\w*|flood\w*)(?: [a-z']+){0,4}"
        r" (?:on|onto|in|into|inside|to|towards?|over|reach\w*|near|round|around|under|by)"
        r" (?:the |a |my |our )?(?:[a-z]+ )?"
        r"(?:plug|socket|outlet|power strip|extension|wiring|power board)",
        r"(?<![a-z])(?:plug|socket|outlet|power strip|extension lead|power board)s?"
        r"(?: (?!and |but |so )[a-z']+){0,4} (?:is |are |got |get |was |has got |getting )?"
        r"(?:all |now |already |a bit |really )?(?:wet|soaked|damp|under water|in (?:the )?water)",
    ),
}

# Names and colours that contain a hazard word but describe no hazard; each becomes
# spaces before matching, so that no new word is glued together.
_BENIGN: Final = (
    r"抽?油烟机",
    r"烟机",
    r"烟灶",
    r"打火机",
    r"[打点]不?着火",
    r"着不了火",
    r"点火",
    r"(?:听不[见到]|没有|没)?打火(?:的)?声(?:音)?",
    r"(?<![a-z])smoke[\s-]*(?:gr[ae]y|detector|alarm)s?(?![a-z])",
    r"(?<![a-z])fire[\s-]*(?:engine[\s-]*)?red(?![a-z])",
    r"(?<![a-z])flame[\s-]*red(?![a-z])",
    r"(?<![a-z])(?:fire|flame)[\s-]*(?:proof|resistant|retardant)(?![a-z])",
    r"(?<![a-z])smoked[\s-]*glass(?![a-z])",
    # An air conditioner's or a fridge's "gas" is its refrigerant: a leak asks for a
    # recharge, not for the gas safety steps.
    r"(?:空调|冰箱|冷柜)[^，。,.!?！？]{0,4}漏气",
    r"(?<![a-z])(?:aircon|air[\s-]*con(?:ditioner)?|ac|a/c|split unit|fridge|refrigerator|freezer)"
    r"(?: [a-z']+){0,2} (?:gas leak(?:s|ing|age)?|leak(?:s|ing)? gas)(?![a-z])",
    r"(?<![a-z])gas leak(?:s|ing|age)? (?:and|&|then) (?:a )?(?:top[\s-]*up|regas|recharge|refill)",
)


def _spaced(body: str) -> str:
    return body.replace(" ", r"[\s-]+")


@cache
def _hazard_pattern() -> re.Pattern[str]:
    groups = (
        f"(?P<{kind}>{'|'.join(_spaced(body) for body in _PATTERNS[kind])})" for kind in HAZARDS
    )
    return re.compile("|".join(groups))


@cache
def _benign_pattern() -> re.Pattern[str]:
    return re.compile("|".join(_BENIGN))


def find_hazard(text: str) -> Hazard | None:
    """Returns the first safety hazard the text describes, or ``None``.

    Args:
        text: What the customer wrote, as written.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    cleaned = _benign_pattern().sub(lambda m: " " * len(m.group(0)), folded)
    match = _hazard_pattern().search(cleaned)
    if match is None or match.lastgroup is None:
        return None
    kind = match.lastgroup
    return next(hazard for hazard in HAZARDS if hazard == kind)
