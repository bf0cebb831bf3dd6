r"""Speed and footprint: ``python -m bot.benchmarks.speed`` (part of ``make bench``).

Starts a cluster (:func:`~bot.benchmarks.harness.running_cluster`; ``--instances 1``
is one of each process behind HAProxy) on a fresh PostgreSQL database with the shipped
model, then measures, through the gateways and on the Rasa servers alone:

* closed loop at 1, 10, 50 and 200 customers at once;
* open loop: 50 customers, one message every 5 s each on average;
* footprint: seconds from start to healthy, the model's size, each process's peak
  memory (resident, its children included).

Writes the tables to ``--output`` and the chart of latency against load beside it.

    python -m bot.benchmarks.speed --instances 2 --seconds 60 --output docs/SPEED.md
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

from bot.benchmarks.handoff_latency import machine
from bot.benchmarks.harness import RunningCluster, running_cluster
from bot.benchmarks.load import GatewayTarget, LoadRun, RasaTarget, closed_loop, open_loop
from bot.benchmarks.load_report import gateway_overhead, plot, table
from bot.benchmarks.reliability import DEFAULT_ADMIN_URL
from bot.clock import SystemClock
from bot.stack import PROJECT_ROOT

__all__ = ["main", "peak_memory_mb"]

LEVELS = (1, 10, 50, 200)


def peak_memory_mb(group: int, proc: Path = Path("/proc")) -> float:
    """The largest peak resident memory (``VmHWM``) of the processes in a group, in MB."""
    peak = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) != group:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak / 1024


def _footprint(cluster: RunningCluster, names: list[str]) -> dict[str, float]:
    return {name: peak_memory_mb(cluster.log.pid(name)) for name in names}


async def _levels(cluster: RunningCluster, seconds: float) -> tuple[list[LoadRun], list[LoadRun]]:
    rasa_url = f"http://127.0.0.1:{cluster.env['ASSISTANT_RASA_PORT']}"
    targets = (GatewayTarget(cluster.url), RasaTarget(rasa_url))
    closed: list[LoadRun] = []
    number = 0
    for customers in LEVELS:
        for target in targets:
            print(f"closed loop, {customers} customers, {target.label}", flush=True)
            closed.append(await closed_loop(target, customers, seconds, first_number=number))
            number += 100_000
    opened = []
    for target in targets:
        print(f"open loop, 50 customers, {target.label}", flush=True)
        opened.append(await open_loop(target, 50, seconds * 2, first_number=number))
        number += 100_000
    return closed, opened


def main(argv: list[str] | None = None) -> int:
    """Runs the measurements and writes the report."""
    parser = argparse.ArgumentParser(prog="python -m bot.benchmarks.speed")
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60, help="per closed-loop level")
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "docs" / "SPEED.md")
    args = parser.parse_args(argv)
    command = "python -m bot.benchmarks.speed " + shlex.join(sys.argv[1:] if argv is None else argv)
    admin_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_ADMIN_URL)
    model = PROJECT_ROOT / "models" / "assistant.tar.gz"
    with tempfile.TemporaryDirectory(prefix="speed-") as data:
        began = time.monotonic()
        with running_cluster(
            admin_url, model, Path(data), redis_url="redis://127.0.0.1:6379/5",
            instances=args.instances,
        ) as cluster:  # fmt: skip
            healthy_after = time.monotonic() - began
            closed, opened = asyncio.run(_levels(cluster, args.seconds))
            names = [
                f"{kind}-{i}"
                for kind in ("gateway", "rasa", "actions")
                for i in range(1, args.instances + 1)
            ]
            memory = _footprint(cluster, names)
    chart = args.output.parent / "img" / "latency-vs-load.png"
    plot(closed, chart)
    args.output.write_text(
        _render(command, args.instances, closed, opened, healthy_after, memory, model, chart),
        encoding="utf-8",
    )
    print(f"wrote {args.output} and {chart}")
    return 0


def _render(
    command: str,
    instances: int,
    closed: list[LoadRun],
    opened: list[LoadRun],
    healthy_after: float,
    memory: dict[str, float],
    model: Path,
    chart: Path,
) -> str:
    where = machine()
    single = [r for r in closed if r.customers == 1]
    overhead = gateway_overhead(single[0], single[1])
    errors = [e for r in closed + opened for e in r.errors]
    examples = "".join(f"\n- {e}" for e in sorted(set(errors))[:10])
    size_mb = model.stat().st_size / 1e6
    memory_rows = "\n".join(f"| {name} | {mb:.0f} |" for name, mb in memory.items())
    return f"""# Speed and footprint

Measured by `{command.strip()}` on {SystemClock().now():%Y-%m-%d}, on {where.cpu_count} ×
{where.cpu_model} ({where.system}, Python {where.python}): a cluster of {instances} of each
process behind HAProxy on PostgreSQL, all on this one host, with the shipped model.
Customers hold whole conversations (knowledge questions, a visit booked, a complaint
filed, in both languages: `bot/benchmarks/load.yml`), each from an address of its own.

## Closed loop: each customer sends as soon as the last message is answered

{table(closed)}

![Latency against load](img/{chart.name})

With one customer, a turn through the gateway takes {overhead:.0f} % longer (median) than
the same turn on Rasa alone.

## Open loop: 50 customers, one message every 5 s each on average

{table(opened)}

## Footprint

From start to every process healthy: {healthy_after:.0f} s. Model: {size_mb:.1f} MB.

| process | peak memory (MB) |
|---|---:|
{memory_rows}

Errors (anything but an answer): {len(errors)}.{examples}
"""


if __name__ == "__main__":
    raise SystemExit(main())
