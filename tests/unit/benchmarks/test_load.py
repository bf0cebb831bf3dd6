"""The load benchmark's pure parts: the script, the steps, the addresses, the figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.benchmarks.load import LoadRun, Step, address, conversations
from bot.benchmarks.load_report import gateway_overhead, plot, table
from bot.benchmarks.speed import peak_memory_mb

WINDOW = {"title": "明天上午", "payload": '/inform{"visit_window":"am"}'}
CONFIRM = {"title": "确认", "payload": "/affirm"}


@pytest.mark.parametrize(
    ("step", "buttons", "sent"),
    [
        (Step(say="上海"), [WINDOW], ("上海", False)),
        (Step(choose='/inform{"visit_window"', otherwise="明天"), [CONFIRM, WINDOW],
         (WINDOW["payload"], True)),
        (Step(choose="/affirm", otherwise="确认"), [WINDOW], ("确认", False)),
        (Step(choose="/affirm", otherwise="yes"), [], ("yes", False)),
    ],
)  # fmt: skip
def test_a_step_presses_the_offered_button_or_types_instead(
    step: Step, buttons: list[dict[str, str]], sent: tuple[str, bool]
) -> None:
    assert step.message(buttons) == sent


def test_the_script_has_each_kind_of_conversation_in_both_languages() -> None:
    script = conversations()
    kinds = {(c.name.rsplit("-", 1)[0], c.language) for c in script}
    assert kinds == {
        (k, lang) for k in ("questions", "booking", "complaint") for lang in ("zh", "en")
    }
    for conversation in script:
        # Within the limit per conversation's burst (10), so no customer is throttled.
        assert 1 <= len(conversation.steps) <= 10
        assert all(s.say or (s.choose and s.otherwise) for s in conversation.steps)


def test_every_customer_has_a_loopback_address_of_its_own() -> None:
    addresses = [address(n) for n in range(0, 2_000_000, 7)]
    assert len(set(addresses)) == len(addresses)
    assert "127.0.0.1" not in addresses
    for each in addresses[:1000]:
        first, *rest = (int(part) for part in each.split("."))
        assert first == 127
        assert all(0 <= p <= 255 for p in rest)
        assert rest[-1] != 0


def _run(label: str, customers: int, latencies: list[float], seconds: float = 10) -> LoadRun:
    return LoadRun(label, "closed", customers, seconds, latencies)


def test_the_figures_of_a_run() -> None:
    run = _run("gateway", 10, [float(n) for n in range(1, 101)], seconds=20)
    assert run.messages_per_second == 5.0
    assert (run.p(0.5), run.p(0.95), run.p(0.99)) == (50.0, 95.0, 99.0)
    assert LoadRun("gateway", "open", 5).p(0.5) == 0.0
    assert LoadRun("gateway", "open", 5).messages_per_second == 0.0


def test_the_gateways_overhead_is_the_ratio_of_medians() -> None:
    assert gateway_overhead(_run("g", 1, [110.0] * 3), _run("r", 1, [100.0] * 3)) == pytest.approx(
        10.0
    )
    with pytest.raises(ValueError, match="without answered"):
        gateway_overhead(_run("g", 1, []), _run("r", 1, [100.0]))


def test_the_table_has_a_row_per_run() -> None:
    run = _run("gateway", 10, [100.0, 200.0])
    run.errors.append("booking-zh: ReadTimeout")
    rows = table([run]).splitlines()
    assert rows[2] == "| gateway | 10 | 2 | 1 | 0.2 | 100 | 200 | 200 |"


def test_the_chart_is_written(tmp_path: Path) -> None:
    runs = [_run(label, n, [n * 10.0, n * 20.0]) for label in ("a", "b") for n in (1, 10)]
    path = tmp_path / "img" / "chart.png"
    plot(runs, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_peak_memory_counts_the_processes_of_the_group(tmp_path: Path) -> None:
    def process(pid: int, group: int, kb: int) -> None:
        folder = tmp_path / str(pid)
        folder.mkdir()
        (folder / "stat").write_text(f"{pid} (python (x)) S 1 {group} {group} 0")
        (folder / "status").write_text(f"Name:\tpython\nVmHWM:\t  {kb} kB\nVmRSS:\t1 kB\n")

    process(10, 10, 2048)
    process(11, 10, 409600)
    process(12, 99, 9999999)
    (tmp_path / "self").mkdir()
    assert peak_memory_mb(10, tmp_path) == 400.0
