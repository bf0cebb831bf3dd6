"""The text catalogue: every sentence the assistant writes to a customer, in both languages.

One module per concern holds its entries (``TEXTS``), looked up here by key and
language. Responses that Rasa rules utter directly stay in ``domain.yml``; everything an
action or a service says comes from here, so that wording, fees and periods are
reviewed in one place and the forbidden-phrase check covers all of it.

Example:
    >>> render("booking_done", "en", reference="RV-7K3M9QXP", window="Thu 3 Dec")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from bot.language import Language, Localized
from bot.texts import booking, complaints, desk, general, knowledge, visits, warranty

__all__ = ["CONCERNS", "MESSAGES", "UnknownTextError", "render"]

#: Each concern's entries, by the concern's name.
CONCERNS: Final[Mapping[str, Mapping[str, Localized]]] = MappingProxyType(
    {
        "general": general.TEXTS,
        "knowledge": knowledge.TEXTS,
        "warranty": warranty.TEXTS,
        "booking": booking.TEXTS,
        "visits": visits.TEXTS,
        "complaints": complaints.TEXTS,
        "desk": desk.TEXTS,
    }
)
#: Every entry, by key (keys are unique across concerns; a test checks it).
MESSAGES: Final[Mapping[str, Localized]] = MappingProxyType(
    {key: text for texts in CONCERNS.values() for key, text in texts.items()}
)


class UnknownTextError(KeyError):
    """Raised for a key the catalogue does not hold."""


def render(key: str, language: Language, **values: Any) -> str:
    """Returns entry ``key`` in ``language``, its braces filled from ``values``.

    Raises:
        UnknownTextError: No such entry.
    """
    try:
        text = MESSAGES[key]
    except KeyError:
        raise UnknownTextError(key) from None
    return text(language).format(**values)
