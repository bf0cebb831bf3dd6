"""Learns from customers' own wording which article answers a question.

An article's questions are written by its authors; customers describe the same problem
in many other ways. The ranker is a multinomial naive Bayes model over the retrieval
terms (words, character bigrams and lexicon concepts) of every article's questions, title
and keywords and of the knowledge base's labelled customer messages (``phrasings/``). Its
posterior tells retrieval how likely each article is to be the one meant, so that
wording seen in real messages counts even where no article's question shares it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from typing import Final

__all__ = ["SMOOTHING", "Ranker"]

#: Additive smoothing of term counts: small, as the examples per article are few.
SMOOTHING: Final = 0.3


class Ranker:
    """A naive Bayes model of which article a text's terms point to.

    Each example counts a term once however often it occurs in it (binary counts suit
    short texts). Articles are equally likely before the terms are read.

    Args:
        examples: ``(article id, terms)`` pairs, for one language.
        smoothing: Additive smoothing of the term counts.
    """

    def __init__(
        self, examples: Iterable[tuple[str, Sequence[str]]], smoothing: float = SMOOTHING
    ) -> None:
        counts: dict[str, Counter[str]] = {}
        vocabulary: set[str] = set()
        for label, terms in examples:
            seen = set(terms)
            counts.setdefault(label, Counter()).update(seen)
            vocabulary |= seen
        self._log_likelihood: dict[str, dict[str, float]] = {}
        self._log_unseen: dict[str, float] = {}
        for label, label_counts in counts.items():
            total = sum(label_counts.values()) + smoothing * len(vocabulary)
            self._log_likelihood[label] = {
                term: math.log((count + smoothing) / total) for term, count in label_counts.items()
            }
            self._log_unseen[label] = math.log(smoothing / total)
        self._vocabulary = frozenset(vocabulary)

    @property
    def labels(self) -> list[str]:
        """The articles it knows, in no particular order."""
        return list(self._log_likelihood)

    def posterior(
        self, terms: Iterable[str], among: Collection[str] | None = None
    ) -> dict[str, float]:
        """The probability of each article given a text's terms (they sum to 1).

        Terms never seen in any example say nothing and are ignored; a text with no
        known term leaves every article equally likely.

        Args:
            terms: The text's retrieval terms.
            among: Only these articles can be meant (those of the appliance the
                customer has), if given.
        """
        known = set(terms) & self._vocabulary
        scores = {
            label: sum(likelihood.get(t, self._log_unseen[label]) for t in known)
            for label, likelihood in self._log_likelihood.items()
            if among is None or label in among
        }
        if not scores:
            return {}
        top = max(scores.values())
        weights = {label: math.exp(score - top) for label, score in scores.items()}
        total = sum(weights.values())
        return {label: weight / total for label, weight in weights.items()}
