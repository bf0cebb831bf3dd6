"""Regions as the application sees them, and finding one in what a customer wrote."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz
from sqlalchemy import select

from bot.db import UowFactory
from bot.repairs.models import RegionRecord

__all__ = ["Region", "find_region", "region_view"]

_FUZZY_MIN_SCORE: Final = 85.0
_FUZZY_MIN_LENGTH: Final = 5


@dataclass(frozen=True)
class Region:
    """A serviced region (not an ORM object).

    Attributes:
        code: Stable identifier, e.g. ``shanghai``.
        name_zh: Chinese name.
        name_en: English name.
        categories: Product categories serviced there.
    """

    code: str
    name_zh: str
    name_en: str
    categories: tuple[str, ...]


def region_view(record: RegionRecord) -> Region:
    """The view of a stored region."""
    return Region(record.code, record.name_zh, record.name_en, tuple(record.categories))


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _exact(text: str, term: str) -> bool:
    if term.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", text) is not None
    return term in text


def _fuzzy(words: list[str], term: str) -> float:
    """Best similarity of ``term`` to a run of as many words as it has."""
    size = len(term.split())
    best = 0.0
    for i in range(len(words) - size + 1):
        candidate = " ".join(words[i : i + size])
        if len(candidate) >= _FUZZY_MIN_LENGTH:
            best = max(best, fuzz.ratio(candidate, term))
    return best


def find_region(uow_factory: UowFactory, text: str) -> Region | None:
    """The active region named in a text by its Chinese or English name or an alias.

    Matching ignores case; of several names found, the longest wins (``上海南京路``
    is Shanghai when 南京路 is one of its aliases, although 南京 is Nanjing). With no
    exact match, an English name with a small typo is accepted ("Shanghia").

    Returns:
        The region, or ``None`` when none is named.
    """
    folded = _fold(text)
    if not folded:
        return None
    with uow_factory() as uow:
        records = list(
            uow.session.scalars(
                select(RegionRecord)
                .where(RegionRecord.active.is_(True))
                .order_by(RegionRecord.code)
            )
        )
    terms = [
        (record, _fold(term))
        for record in records
        for term in (record.name_zh, record.name_en, *record.aliases)
        if _fold(term)
    ]
    exact = [(len(term), record) for record, term in terms if _exact(folded, term)]
    if exact:
        return region_view(max(exact, key=lambda found: found[0])[1])
    words = re.findall(r"[a-z][a-z0-9']*", folded)
    scored = [
        (score, len(term), record)
        for record, term in terms
        if term.isascii() and len(term) >= _FUZZY_MIN_LENGTH
        for score in [_fuzzy(words, term)]
        if score >= _FUZZY_MIN_SCORE
    ]
    if not scored:
        return None
    return region_view(max(scored, key=lambda found: (found[0], found[1]))[2])
