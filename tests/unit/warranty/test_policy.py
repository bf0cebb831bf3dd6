"""Every boundary of the warranty rules, for statutory and company terms."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.knowledge.model import Periods, WarrantyTerms
from bot.warranty import FuturePurchaseDateError, add_years, assess

STATUTORY = WarrantyTerms(
    "regulation_1995", 7, 15, {"refrigerator": Periods(1, 3), "washing_machine": Periods(1, 3)}
)
NOTHING_MORE = WarrantyTerms(
    "warranty_promise", 0, 0, {"refrigerator": Periods(0, 0), "washing_machine": Periods(0, 0)}
)
COMPANY = WarrantyTerms(
    "warranty_promise",
    15,
    30,
    {
        "refrigerator": Periods(2, 10),
        "washing_machine": Periods(2, 5),
        "water_purifier": Periods(2, 3),
    },
)
BOUGHT = date(2025, 3, 1)


def _statutory(days_later: int) -> str:
    today = BOUGHT + timedelta(days=days_later)
    return assess("refrigerator", BOUGHT, today, NOTHING_MORE, STATUTORY).rule


def _company(days_later: int) -> str:
    today = BOUGHT + timedelta(days=days_later)
    return assess("refrigerator", BOUGHT, today, COMPANY, STATUTORY).rule


@pytest.mark.parametrize(("days", "rule"), [(0, "return"), (7, "return"), (8, "exchange")])
def test_statutory_return_window_is_7_days(days: int, rule: str) -> None:
    assert _statutory(days) == rule


@pytest.mark.parametrize(("days", "rule"), [(15, "exchange"), (16, "full")])
def test_statutory_exchange_window_is_15_days(days: int, rule: str) -> None:
    assert _statutory(days) == rule


@pytest.mark.parametrize(
    ("days", "rule"), [(7, "return"), (8, "return"), (15, "return"), (16, "exchange")]
)
def test_company_return_window_of_15_days_beats_the_law(days: int, rule: str) -> None:
    assert _company(days) == rule


@pytest.mark.parametrize(("days", "rule"), [(30, "exchange"), (31, "full")])
def test_company_exchange_window_is_30_days(days: int, rule: str) -> None:
    assert _company(days) == rule


def test_last_day_of_each_period() -> None:
    def rule(today: date) -> str:
        return assess("refrigerator", BOUGHT, today, COMPANY, STATUTORY).rule

    assert rule(date(2027, 3, 1)) == "full"  # last day of the 2-year whole-unit period
    assert rule(date(2027, 3, 2)) == "main_parts"
    assert rule(date(2035, 3, 1)) == "main_parts"  # last day of the 10-year compressor period
    assert rule(date(2035, 3, 2)) == "expired"


def test_statutory_periods_alone() -> None:
    def rule(today: date) -> str:
        return assess("refrigerator", BOUGHT, today, NOTHING_MORE, STATUTORY).rule

    assert rule(date(2026, 3, 1)) == "full"
    assert rule(date(2026, 3, 2)) == "main_parts"
    assert rule(date(2028, 3, 1)) == "main_parts"
    assert rule(date(2028, 3, 2)) == "expired"


def test_the_better_of_law_and_promise_applies_field_by_field() -> None:
    short_promise = WarrantyTerms("warranty_promise", 3, 10, {"refrigerator": Periods(2, 2)})
    coverage = assess("refrigerator", BOUGHT, BOUGHT, short_promise, STATUTORY)
    assert coverage.return_until == BOUGHT + timedelta(days=7)
    assert coverage.exchange_until == BOUGHT + timedelta(days=15)
    assert coverage.whole_unit_until == date(2027, 3, 1)
    assert coverage.main_parts_until == date(2028, 3, 1)  # the law's 3 years


def test_category_the_law_does_not_list_uses_the_promise() -> None:
    coverage = assess("water_purifier", BOUGHT, date(2028, 3, 1), COMPANY, STATUTORY)
    assert (coverage.rule, coverage.main_parts_until) == ("main_parts", date(2028, 3, 1))


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2023, 2, 28), 1, date(2024, 2, 28)),
        (date(2025, 12, 31), 2, date(2027, 12, 31)),
    ],
)
def test_add_years_handles_leap_days(start: date, years: int, end: date) -> None:
    assert add_years(start, years) == end


def test_bought_on_a_leap_day() -> None:
    leap = date(2024, 2, 29)

    def rule(today: date) -> str:
        return assess("washing_machine", leap, today, COMPANY, STATUTORY).rule

    assert rule(date(2026, 2, 28)) == "full"
    assert rule(date(2026, 3, 1)) == "main_parts"


def test_return_window_across_a_leap_day() -> None:
    coverage = assess("refrigerator", date(2024, 2, 25), date(2024, 3, 3), NOTHING_MORE, STATUTORY)
    assert coverage.return_until == date(2024, 3, 3)
    assert coverage.rule == "return"


def test_future_purchase_date_is_refused() -> None:
    with pytest.raises(FuturePurchaseDateError):
        assess("refrigerator", date(2026, 1, 2), date(2026, 1, 1), COMPANY, STATUTORY)


def test_days_in_repair_extend_the_periods() -> None:
    coverage = assess(
        "refrigerator", BOUGHT, date(2027, 3, 11), COMPANY, STATUTORY, days_in_repair=10
    )
    assert coverage.whole_unit_until == date(2027, 3, 11)
    assert coverage.rule == "full"


def test_periods_restart_after_an_exchange_but_windows_do_not() -> None:
    coverage = assess(
        "refrigerator",
        BOUGHT,
        date(2027, 6, 1),
        COMPANY,
        STATUTORY,
        exchanged_on=date(2025, 9, 1),
    )
    assert coverage.period_starts_on == date(2025, 9, 1)
    assert coverage.whole_unit_until == date(2027, 9, 1)
    assert coverage.return_until == BOUGHT + timedelta(days=15)
    assert coverage.rule == "full"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"exchanged_on": date(2025, 2, 1)}, ValueError),
        ({"exchanged_on": date(2030, 1, 1)}, FuturePurchaseDateError),
        ({"days_in_repair": -1}, ValueError),
    ],
)
def test_inconsistent_history_is_refused(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        assess("refrigerator", BOUGHT, date(2026, 1, 1), COMPANY, STATUTORY, **kwargs)  # type: ignore[arg-type]


def test_unknown_category_is_refused() -> None:
    with pytest.raises(ValueError, match="no warranty terms"):
        assess("toaster", BOUGHT, BOUGHT, COMPANY, STATUTORY)
