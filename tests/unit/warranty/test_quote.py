"""The visit quote: free while the whole unit is covered, paid after, unknown without a unit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.knowledge.model import Periods, WarrantyTerms
from bot.warranty import FuturePurchaseDateError
from bot.warranty.quote import Quote, UnitFacts, coverage_of, quote

STATUTORY = WarrantyTerms("regulation_1995", 7, 15, {"washing_machine": Periods(1, 3)})
COMPANY = WarrantyTerms(
    "warranty_promise", 15, 30, {"washing_machine": Periods(2, 5), "refrigerator": Periods(2, 10)}
)
TODAY = date(2026, 6, 1)
CALL_OUT = 50


def _washer(days_ago: int, exchanged_on: date | None = None, days_in_repair: int = 0) -> UnitFacts:
    bought = TODAY - timedelta(days=days_ago)
    return UnitFacts("WM-8012", "washing_machine", bought, exchanged_on, days_in_repair)


@pytest.mark.parametrize(
    ("unit", "category", "expected"),
    [
        (None, "washing_machine", Quote("unknown", CALL_OUT)),
        (_washer(100), "refrigerator", Quote("unknown", CALL_OUT)),
        (_washer(0), "washing_machine", Quote("free", 0)),
        (_washer(10), "washing_machine", Quote("free", 0)),
        (_washer(20), "washing_machine", Quote("free", 0)),
        (_washer(100), "washing_machine", Quote("free", 0)),
        (_washer(2 * 365 + 1), "washing_machine", Quote("paid", CALL_OUT)),
        (_washer(5 * 366), "washing_machine", Quote("paid", CALL_OUT)),
        # An exchange restarts the periods; days in repair extend them.
        (
            _washer(3 * 365, exchanged_on=TODAY - timedelta(days=200)),
            "washing_machine",
            Quote("free", 0),
        ),
        (_washer(2 * 365 + 10, days_in_repair=30), "washing_machine", Quote("free", 0)),
    ],
)
def test_quote(unit: UnitFacts | None, category: str, expected: Quote) -> None:
    assert (
        quote(
            unit,
            category,
            TODAY,
            company=COMPANY,
            statutory=STATUTORY,
            call_out_fee=CALL_OUT,
        )
        == expected
    )


@pytest.mark.parametrize(
    ("days_ago", "rule"),
    [(0, "return"), (15, "return"), (16, "exchange"), (31, "full"), (800, "main_parts")],
)
def test_coverage_of_a_unit(days_ago: int, rule: str) -> None:
    coverage = coverage_of(_washer(days_ago), TODAY, company=COMPANY, statutory=STATUTORY)
    assert coverage.rule == rule


def test_a_purchase_after_today_is_refused() -> None:
    with pytest.raises(FuturePurchaseDateError):
        quote(
            _washer(-1),
            "washing_machine",
            TODAY,
            company=COMPANY,
            statutory=STATUTORY,
            call_out_fee=CALL_OUT,
        )
