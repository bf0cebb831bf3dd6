"""Retrieval latency over the whole knowledge base: ``python -m bot.benchmarks.retrieval``.

Every question of the dev and test question sets is searched repeatedly (after a
warm-up), in its language, exactly as the answering action does; the per-question
latency distribution and the index build time are written as Markdown.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

import yaml

from bot.clock import SystemClock
from bot.knowledge import SearchIndex, load_knowledge_base
from bot.language import Language
from bot.stack import PROJECT_ROOT

__all__ = ["main", "run"]

QUESTION_FILES = ("dev.yml", "test.yml")


def _questions() -> list[tuple[str, Language]]:
    found = []
    for name in QUESTION_FILES:
        path = PROJECT_ROOT / "tests" / "data" / "kb_questions" / name
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            found.append((str(q["text"]), q["language"]))
    return found


def run(rounds: int = 20) -> str:
    """Runs the benchmark and returns the Markdown report."""
    kb = load_knowledge_base(PROJECT_ROOT / "knowledge_base")
    started = time.perf_counter()
    index = SearchIndex(kb)
    build_ms = (time.perf_counter() - started) * 1000
    questions = _questions()
    for text, language in questions:  # warm-up: Jieba's dictionary, caches
        index.search(text, language)
    samples = []
    for _ in range(rounds):
        for text, language in questions:
            t0 = time.perf_counter_ns()
            index.search(text, language)
            samples.append((time.perf_counter_ns() - t0) / 1e6)
    samples.sort()
    q = statistics.quantiles(samples, n=100)
    indexed = sum(len(a.questions["zh"]) + len(a.questions["en"]) for a in kb.articles.values())
    return "\n".join(
        [
            "### Knowledge-base retrieval",
            "",
            f"Measured {SystemClock().today():%Y-%m-%d} with `make benchmark`"
            f" on {platform.machine()}, Python {platform.python_version()}, one thread.",
            f"{len(kb.articles)} articles, {indexed} indexed questions; {len(questions)} customer"
            f" questions searched {rounds} times each ({len(samples)} searches).",
            "",
            "| figure | value |",
            "|---|---:|",
            f"| median per question | {statistics.median(samples):.2f} ms |",
            f"| 95th percentile | {q[94]:.2f} ms |",
            f"| 99th percentile | {q[98]:.2f} ms |",
            f"| slowest | {samples[-1]:.2f} ms |",
            f"| index build at start-up | {build_ms:.0f} ms |",
            "",
        ]
    )


def main() -> int:
    """Prints the report, or replaces its section in a Markdown file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    report = run(args.rounds)
    if args.output is None:
        print(report)
        return 0
    existing = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    head, marker, tail = existing.partition("### Knowledge-base retrieval")
    rest = tail.partition("\n### ")[2] if marker else ""
    if not head:
        head = "# Performance\n\nBenchmarks run on the project's reference machine (2 cores).\n\n"
    args.output.write_text(head + report + (f"\n### {rest}" if rest else ""), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
