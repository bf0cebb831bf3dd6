"""What a repair visit will cost, as far as the warranty tells before the visit.

A registered unit of the category being repaired is quoted ``free`` while its whole unit
is covered (return, exchange or full warranty) and ``paid`` after; a visit for a unit the
registry does not confirm is quoted ``unknown``: free if the proof of purchase shows it is
covered, the call-out fee otherwise. Pure: facts in, quote out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.knowledge.model import WarrantyTerms
from bot.warranty.policy import Coverage, assess

__all__ = ["Quote", "QuoteStatus", "UnitFacts", "coverage_of", "quote"]

QuoteStatus = Literal["free", "paid", "unknown"]


@dataclass(frozen=True)
class UnitFacts:
    """What decides a unit's warranty: its model, category and history.

    Attributes:
        model: Catalogue model.
        category: The model's product category.
        purchased_on: Date of purchase.
        exchanged_on: Date of an exchange, after which the periods restart.
        days_in_repair: Days spent in repair, which do not count towards the periods.
    """

    model: str
    category: str
    purchased_on: date
    exchanged_on: date | None = None
    days_in_repair: int = 0


@dataclass(frozen=True)
class Quote:
    """The warranty status of a visit and the call-out fee quoted for it.

    Attributes:
        status: ``free``, ``paid`` or ``unknown``.
        call_out_fee: 0 for a free visit, else the published call-out fee.
    """

    status: QuoteStatus
    call_out_fee: int


def coverage_of(
    unit: UnitFacts, today: date, *, company: WarrantyTerms, statutory: WarrantyTerms
) -> Coverage:
    """The warranty rule that applies to ``unit`` on ``today``.

    Raises:
        bot.warranty.FuturePurchaseDateError: The purchase or exchange is after ``today``.
    """
    return assess(
        unit.category,
        unit.purchased_on,
        today,
        company,
        statutory,
        exchanged_on=unit.exchanged_on,
        days_in_repair=unit.days_in_repair,
    )


def quote(
    unit: UnitFacts | None,
    category: str,
    today: date,
    *,
    company: WarrantyTerms,
    statutory: WarrantyTerms,
    call_out_fee: int,
) -> Quote:
    """Quotes a visit to repair an appliance of ``category``.

    Args:
        unit: The registered unit the customer identified (serial and phone), if any.
        category: The category of the appliance to repair.
        today: The day of the quote.
        company: The company's warranty terms.
        statutory: The statutory (三包) terms.
        call_out_fee: The published call-out fee.

    Returns:
        ``unknown`` without a unit or for a unit of another category; ``free`` while the
        whole unit is covered; ``paid`` after.
    """
    if unit is None or unit.category != category:
        return Quote("unknown", call_out_fee)
    if coverage_of(unit, today, company=company, statutory=statutory).is_free:
        return Quote("free", 0)
    return Quote("paid", call_out_fee)
