"""Which warranty rule applies to a unit on a given day. Pure: dates in, facts out.

Counting follows Chinese practice for periods: the purchase day itself is not counted,
so "within 7 days" of a purchase on 1 March runs to 8 March inclusive, and a one-year
period from 1 March 2024 ends on 1 March 2025 (a period from 29 February ends on
28 February when the end year has no 29th).

The customer gets whichever is better of the statutory rules (三包) and the company's
promise, field by field. Return and exchange windows count from the purchase; warranty
periods count from the purchase or, after an exchange, from the exchange, and are
extended by the days the unit spent in repair.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bot.knowledge.model import Periods, WarrantyTerms

__all__ = ["Coverage", "FuturePurchaseDateError", "Rule", "add_years", "assess"]

Rule = Literal["return", "exchange", "full", "main_parts", "expired"]


class FuturePurchaseDateError(ValueError):
    """The purchase (or exchange) date lies in the future."""


@dataclass(frozen=True)
class Coverage:
    """What a unit is entitled to on ``today``.

    Attributes:
        rule: ``return`` (return, exchange or repair: the customer chooses), ``exchange``
            (exchange or repair), ``full`` (free repair of the whole unit),
            ``main_parts`` (free repair of the main parts only) or ``expired`` (paid
            service at the published charges).
        days_since_purchase: 0 on the day of purchase.
        return_until: Last day of the return window.
        exchange_until: Last day of the exchange window.
        whole_unit_until: Last day of free repair of the whole unit.
        main_parts_until: Last day of free repair of the main parts.
    """

    rule: Rule
    purchased_on: date
    period_starts_on: date
    today: date
    days_since_purchase: int
    return_until: date
    exchange_until: date
    whole_unit_until: date
    main_parts_until: date
    days_in_repair: int

    @property
    def is_free(self) -> bool:
        """Whether a repair of the whole unit costs the customer nothing today."""
        return self.rule in ("return", "exchange", "full")


def add_years(day: date, years: int) -> date:
    """Returns the same calendar day ``years`` later (28 Feb for 29 Feb in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _better(category: str, company: WarrantyTerms, statutory: WarrantyTerms) -> Periods:
    own = company.periods[category]
    legal = statutory.periods.get(category, Periods(0, 0))
    return Periods(max(own.whole_unit, legal.whole_unit), max(own.main_parts, legal.main_parts))


def assess(
    category: str,
    purchased_on: date,
    today: date,
    company: WarrantyTerms,
    statutory: WarrantyTerms,
    *,
    exchanged_on: date | None = None,
    days_in_repair: int = 0,
) -> Coverage:
    """Works out the rule that applies to a unit today.

    Args:
        category: The unit's product category.
        purchased_on: Date of purchase.
        today: The day to assess.
        company: The company's warranty terms.
        statutory: The statutory (三包) terms.
        exchanged_on: Date the unit was exchanged, if it was: the periods restart.
        days_in_repair: Days the unit spent in repair: they do not count.

    Returns:
        The coverage on ``today``.

    Raises:
        FuturePurchaseDateError: The purchase or exchange date is after ``today``.
        ValueError: The category has no warranty terms, the exchange precedes the
            purchase, or ``days_in_repair`` is negative.
    """
    if purchased_on > today:
        raise FuturePurchaseDateError(f"purchase date {purchased_on} is after {today}")
    if exchanged_on is not None:
        if exchanged_on > today:
            raise FuturePurchaseDateError(f"exchange date {exchanged_on} is after {today}")
        if exchanged_on < purchased_on:
            raise ValueError("a unit cannot be exchanged before it was bought")
    if days_in_repair < 0:
        raise ValueError("days in repair cannot be negative")
    if category not in company.periods:
        raise ValueError(f"no warranty terms for category {category!r}")

    periods = _better(category, company, statutory)
    starts = exchanged_on or purchased_on
    repair = timedelta(days=days_in_repair)
    return_until = purchased_on + timedelta(days=max(company.return_days, statutory.return_days))
    exchange_until = purchased_on + timedelta(
        days=max(company.exchange_days, statutory.exchange_days)
    )
    whole_unit_until = add_years(starts, periods.whole_unit) + repair
    main_parts_until = add_years(starts, periods.main_parts) + repair

    rule: Rule
    if today <= return_until:
        rule = "return"
    elif today <= exchange_until:
        rule = "exchange"
    elif today <= whole_unit_until:
        rule = "full"
    elif today <= main_parts_until:
        rule = "main_parts"
    else:
        rule = "expired"
    return Coverage(
        rule=rule,
        purchased_on=purchased_on,
        period_starts_on=starts,
        today=today,
        days_since_purchase=(today - purchased_on).days,
        return_until=return_until,
        exchange_until=exchange_until,
        whole_unit_until=whole_unit_until,
        main_parts_until=main_parts_until,
        days_in_repair=days_in_repair,
    )
