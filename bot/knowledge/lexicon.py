"""Everyday words for the same thing, read as one concept by retrieval.

Customers say "不制冷", "不凉了", "一点冷气都没有" or "blows warm air" for one fault; an
article's questions can hold only a few of them. The lexicon (``lexicon.yml``) groups
such terms into concepts, and every text retrieval reads, questions and articles
alike, gains a token for each concept it mentions (``~not_cooling``). A concept is
then matched however the customer put it, and weighted by how many articles share it,
like any other word.

Chinese terms are found anywhere in the text; English terms match whole words after
light inflection folding ("leaking" and "leaks" meet "leak"), with apostrophes dropped
("won't" is "wont").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.knowledge.model import Concept
from bot.knowledge.text import english_word, normalise
from bot.language import Language

__all__ = ["CONCEPT_PREFIX", "Lexicon"]

#: Concept tokens start with this, so that they never meet a word.
CONCEPT_PREFIX = "~"

_WORD = re.compile(r"[a-z0-9]+")
#: Words that never change what a phrase says: "the food is going off" is "food going off".
_FILLERS = frozenset(
    "a an the my our your is are was were be been its it all very so really just".split()
)


def _english(text: str) -> str:
    """Folded English words separated by single spaces, with spaces at both ends."""
    words = _WORD.findall(normalise(text).replace("'", "").replace("\u2019", ""))
    return " " + " ".join(english_word(w) for w in words if w not in _FILLERS) + " "


class Lexicon:
    """Finds the concepts a text mentions.

    Args:
        concepts: The knowledge base's concepts.
    """

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self._patterns: dict[Language, list[tuple[str, re.Pattern[str]]]] = {"zh": [], "en": []}
        self._kinds: dict[str, str] = {}
        for concept in concepts:
            token = CONCEPT_PREFIX + concept.id
            self._kinds[token] = concept.kind
            zh = sorted({normalise(t) for t in concept.terms["zh"]}, key=len, reverse=True)
            en = sorted({_english(t).strip() for t in concept.terms["en"]}, key=len, reverse=True)
            if zh:
                self._patterns["zh"].append((token, re.compile("|".join(map(re.escape, zh)))))
            if en:
                words = "|".join(map(re.escape, en))
                self._patterns["en"].append((token, re.compile(f" (?:{words}) ")))

    def concepts(self, text: str) -> list[str]:
        """The concept tokens ``text`` mentions, each once, in the lexicon's order.

        Both languages' terms are looked for in every text: customers mix them.
        """
        found: list[str] = []
        folded = normalise(text)
        english = _english(text)
        for token, pattern in self._patterns["zh"]:
            if pattern.search(folded):
                found.append(token)
        for token, pattern in self._patterns["en"]:
            if token not in found and pattern.search(english):
                found.append(token)
        return found

    def mentions(self, text: str, kind: str) -> bool:
        """Whether ``text`` mentions a concept of ``kind`` (``fault``, ``rights``...)."""
        return any(self._kinds[token] == kind for token in self.concepts(text))
