"""The load benchmark's report: tables in Markdown and a chart of latency against load."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.benchmarks.load import LoadRun

__all__ = ["gateway_overhead", "plot", "table"]

_HEADER = (
    "| through | customers | messages | errors | messages a second | p50 ms | p95 ms | p99 ms |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|"
)


def table(runs: Sequence[LoadRun]) -> str:
    """One row per run, as a Markdown table."""
    rows = [
        f"| {r.label} | {r.customers} | {len(r.latencies_ms)} | {len(r.errors)} | "
        f"{r.messages_per_second:.1f} | {r.p(0.5):.0f} | {r.p(0.95):.0f} | {r.p(0.99):.0f} |"
        for r in runs
    ]
    return "\n".join([_HEADER, *rows])


def gateway_overhead(gateway: LoadRun, rasa: LoadRun) -> float:
    """How much longer a turn takes through the gateway than on Rasa alone (median), in %.

    Raises:
        ValueError: A run has no answered message.
    """
    if not gateway.latencies_ms or not rasa.latencies_ms:
        raise ValueError("a run without answered messages")
    return (gateway.p(0.5) / rasa.p(0.5) - 1) * 100


def plot(closed: Sequence[LoadRun], path: Path) -> None:
    """Draws p50 and p95 against the number of customers, one line per target."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(7, 4.2), dpi=120)
    for label in dict.fromkeys(r.label for r in closed):
        runs = sorted((r for r in closed if r.label == label), key=lambda r: r.customers)
        customers = [r.customers for r in runs]
        for fraction, style in ((0.5, "-o"), (0.95, "--s")):
            axes.plot(
                customers,
                [r.p(fraction) for r in runs],
                style,
                label=f"{label}, p{round(fraction * 100)}",
            )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("customers at once (closed loop)")
    axes.set_ylabel("round trip (ms)")
    axes.set_title("Latency against load")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    pyplot.close(figure)
