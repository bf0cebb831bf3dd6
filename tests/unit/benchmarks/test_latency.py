"""Latency summaries: nearest-rank percentiles."""

from __future__ import annotations

import pytest

from bot.benchmarks.handoff_latency import machine, render_report
from bot.benchmarks.latency import LatencySummary, percentile, summarise


@pytest.mark.parametrize(
    ("samples", "fraction", "expected"),
    [
        ([5.0], 0.5, 5.0),
        ([5.0], 0.95, 5.0),
        ([3.0, 1.0, 2.0], 0.5, 2.0),
        ([4.0, 1.0, 3.0, 2.0], 0.5, 2.0),
        ([4.0, 1.0, 3.0, 2.0], 1.0, 4.0),
        ([float(n) for n in range(1, 101)], 0.95, 95.0),
        ([float(n) for n in range(1, 101)], 0.5, 50.0),
        ([float(n) for n in range(1, 21)], 0.95, 19.0),
    ],
)
def test_percentiles_are_nearest_rank(
    samples: list[float], fraction: float, expected: float
) -> None:
    assert percentile(samples, fraction) == expected


@pytest.mark.parametrize(("samples", "fraction"), [([], 0.5), ([1.0], 0.0), ([1.0], 1.5)])
def test_no_samples_or_a_bad_fraction_is_refused(samples: list[float], fraction: float) -> None:
    with pytest.raises(ValueError, match=r"samples|fraction"):
        percentile(samples, fraction)


def test_a_summary_has_count_median_p95_and_slowest() -> None:
    samples = [float(n) for n in range(200, 0, -1)]
    assert summarise(samples) == LatencySummary(count=200, p50=100.0, p95=190.0, max=200.0)
    with pytest.raises(ValueError, match="samples"):
        summarise([])


def test_the_report_names_the_machine_the_commit_and_the_command() -> None:
    host = machine("processor : 0\nmodel name : Example CPU @ 2.0GHz\n")
    assert host.cpu_model == "Example CPU @ 2.0GHz"
    report = render_report(
        summarise([10.0, 20.0]),
        summarise([1.0]),
        host=host,
        date="2026-12-03",
        commit="abc1234",
        command="python -m bot.benchmarks.handoff_latency --count 2",
    )
    assert "Example CPU @ 2.0GHz" in report
    assert "`abc1234`" in report
    assert "| customer's request → agents' stream | 2 | 10.0 ms | 20.0 ms | 20.0 ms |" in report
    assert "| agent's reply → customer's stream | 1 | 1.0 ms | 1.0 ms | 1.0 ms |" in report
    assert "python -m bot.benchmarks.handoff_latency --count 2" in report
