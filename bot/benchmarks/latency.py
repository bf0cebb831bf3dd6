"""Summaries of latency samples (pure): median, 95th percentile, slowest."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["LatencySummary", "percentile", "summarise"]


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest sample with ``fraction`` of all at or below.

    Args:
        samples: At least one measurement, in any order.
        fraction: Between 0 (exclusive) and 1 (inclusive): 0.5 is the median.

    Raises:
        ValueError: No samples, or ``fraction`` out of range.
    """
    if not samples:
        raise ValueError("no samples")
    if not 0 < fraction <= 1:
        raise ValueError("fraction is in (0, 1]")
    ordered = sorted(samples)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


@dataclass(frozen=True)
class LatencySummary:
    """How long something took over many tries, in milliseconds."""

    count: int
    p50: float
    p95: float
    max: float


def summarise(samples_ms: Sequence[float]) -> LatencySummary:
    """Summarises latency samples in milliseconds.

    Raises:
        ValueError: No samples.
    """
    return LatencySummary(
        count=len(samples_ms),
        p50=percentile(samples_ms, 0.5),
        p95=percentile(samples_ms, 0.95),
        max=percentile(samples_ms, 1.0),
    )
