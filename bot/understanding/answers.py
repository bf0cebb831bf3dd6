"""How a question is answered from the knowledge base, given how well articles match.

A good enough best match is the answer; candidates about as good make the customer
choose; nothing good enough asks once for one more detail, then offers a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "AMBIGUITY_MARGIN",
    "ANSWER_THRESHOLD",
    "NEXT_STEPS",
    "Outcome",
    "answers",
    "next_steps",
    "outcome",
]

#: Below this score no article answers the question well enough to be given.
ANSWER_THRESHOLD: Final = 0.55
#: Candidates closer than this to the best one make the customer choose.
AMBIGUITY_MARGIN: Final = 0.08
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
class Outcome:
    """What to reply to a question.

    Attributes:
        kind: ``answer`` with the best match, ``choose`` among ``options``,
            ``ask_detail`` (nothing good enough yet) or ``no_match`` (nothing good enough
            though the customer already gave more detail).
        options: The positions of the matches to offer (``choose``), the best first.
    """

    kind: Literal["answer", "choose", "ask_detail", "no_match"]
    options: tuple[int, ...] = ()


def answers(score: float) -> bool:
    """Whether a match this good answers the question."""
    return score >= ANSWER_THRESHOLD


def outcome(scores: Sequence[float], *, asked_before: bool) -> Outcome:
    """The reply to a question whose matches scored ``scores`` (best first).

    Args:
        scores: The matches' scores, best first.
        asked_before: Whether the customer was already asked for more detail.
    """
    if not scores or not answers(scores[0]):
        return Outcome("no_match" if asked_before else "ask_detail")
    close = tuple(i for i, s in enumerate(scores) if i and scores[0] - s < AMBIGUITY_MARGIN)
    if close:
        return Outcome("choose", (0, *close))
    return Outcome("answer")


def next_steps(offer: str | None, article_step: str | None) -> list[str]:
    """The next steps offered with an answer: the service asked about, the article's, a person.

    Args:
        offer: A service the customer seemed to ask for, offered first.
        article_step: The article's own next step.
    """
    steps = (offer, article_step, "human")
    return list(dict.fromkeys(s for s in steps if s in NEXT_STEPS))
