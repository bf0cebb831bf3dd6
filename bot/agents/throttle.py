"""How long a login must wait after failed ones (pure, no I/O).

The first :data:`FREE_FAILURES` failures in a row cost nothing. From then on each
failure closes the account to logins for a back-off of :data:`FIRST_BACKOFF`, doubled
for every further failure and capped at :data:`MAX_BACKOFF`. A successful login clears
the count.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

__all__ = ["FIRST_BACKOFF", "FREE_FAILURES", "MAX_BACKOFF", "backoff", "wait_seconds"]

FREE_FAILURES: Final = 5
"""Failures in a row after which logins are refused until the back-off has passed."""
FIRST_BACKOFF: Final = timedelta(seconds=30)
MAX_BACKOFF: Final = timedelta(minutes=15)


def backoff(failures: int) -> timedelta:
    """The wait after ``failures`` failed logins in a row.

    Args:
        failures: Consecutive failed logins.

    Returns:
        Zero below :data:`FREE_FAILURES`; else 30 s doubled per further failure, at
        most 15 minutes.
    """
    if failures < FREE_FAILURES:
        return timedelta(0)
    doublings = failures - FREE_FAILURES
    if doublings >= 10:  # already far beyond the cap; avoids huge multipliers
        return MAX_BACKOFF
    wait: timedelta = FIRST_BACKOFF * 2**doublings
    return min(wait, MAX_BACKOFF)


def wait_seconds(failures: int, last_failure: datetime | None, now: datetime) -> float:
    """Seconds left before a login may be tried again.

    Args:
        failures: Consecutive failed logins.
        last_failure: When the latest one happened (aware), if any.
        now: The current time (aware).

    Returns:
        0 when a login may be tried now, else the seconds still to wait.
    """
    if last_failure is None:
        return 0.0
    left = last_failure + backoff(failures) - now
    return max(left.total_seconds(), 0.0)
