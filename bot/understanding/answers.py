"""How a question is answered from the knowledge base, given how well articles match.

A good enough best match is the answer, and a runner-up nearly as good is offered
beside it as a button: the customer reads an answer at once, not a "which one?". Only
candidates about as good that concern different appliances ("E1" on a washer or on a
fridge?) make the customer choose first. Nothing good enough asks once for one more
detail, then offers a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from bot.knowledge import Match

__all__ = [
    "ALSO_RATIO",
    "AMBIGUITY_RATIO",
    "ANSWER_THRESHOLD",
    "NEXT_STEPS",
    "Candidate",
    "Outcome",
    "answers",
    "candidates",
    "next_steps",
    "outcome",
]

#: Below this score no article answers the question well enough to be given.
ANSWER_THRESHOLD: Final = 0.55
#: Candidates for other appliances scoring at least this share of the best one make the
#: customer choose.
AMBIGUITY_RATIO: Final = 0.92
#: A runner-up scoring at least this share of the best one (and answering well enough)
#: is offered beside the answer.
ALSO_RATIO: Final = 0.6
#: The next steps an answer may offer, in the order they are offered; ``human`` is last.
NEXT_STEPS: Final = (
    "book_repair",
    "check_warranty",
    "complain",
    "repair_status",
    "reschedule_repair",
    "cancel_repair",
    "human",
)


@dataclass(frozen=True)
class Candidate:
    """An article that may answer the question.

    Attributes:
        score: How well it matches.
        categories: The appliances it is about; empty for every appliance.
    """

    score: float
    categories: frozenset[str] = frozenset()

    def apart_from(self, other: Candidate) -> bool:
        """Whether the two concern different appliances."""
        return bool(self.categories and other.categories) and not (
            self.categories & other.categories
        )


@dataclass(frozen=True)
class Outcome:
    """What to reply to a question.

    Attributes:
        kind: ``answer`` with the best match, ``choose`` among ``options``,
            ``ask_detail`` (nothing good enough yet) or ``no_match`` (nothing good enough
            though the customer already gave more detail).
        options: The positions of the matches to offer: to choose from (``choose``, the
            best first), or beside the answer (``answer``, the runner-up if any).
    """

    kind: Literal["answer", "choose", "ask_detail", "no_match"]
    options: tuple[int, ...] = ()


def answers(score: float) -> bool:
    """Whether a match this good answers the question."""
    return score >= ANSWER_THRESHOLD


def candidates(matches: Sequence[Match]) -> list[Candidate]:
    """The search's matches as candidates."""
    return [Candidate(m.score, frozenset(m.article.categories)) for m in matches]


def outcome(candidates: Sequence[Candidate], *, asked_before: bool) -> Outcome:
    """The reply to a question whose matches are ``candidates`` (best first).

    Args:
        candidates: The matches, best first.
        asked_before: Whether the customer was already asked for more detail.
    """
    if not candidates or not answers(candidates[0].score):
        return Outcome("no_match" if asked_before else "ask_detail")
    best = candidates[0]
    apart = tuple(
        i
        for i, c in enumerate(candidates)
        if i and c.score >= AMBIGUITY_RATIO * best.score and c.apart_from(best)
    )
    if apart:
        return Outcome("choose", (0, *apart))
    also = tuple(
        i
        for i, c in enumerate(candidates)
        if i and answers(c.score) and c.score >= ALSO_RATIO * best.score
    )
    return Outcome("answer", also[:1])


def next_steps(offer: str | None, article_step: str | None) -> list[str]:
    """The next steps offered with an answer: the service asked about, the article's, a person.

    Args:
        offer: A service the customer seemed to ask for, offered first.
        article_step: The article's own next step.
    """
    steps = (offer, article_step, "human")
    return list(dict.fromkeys(s for s in steps if s in NEXT_STEPS))
