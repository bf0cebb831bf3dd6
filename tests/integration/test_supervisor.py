"""The supervisor with real processes: restarts what dies, keeps the rest, stops all."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.supervisor import Backoff, ProcessSpec, Supervisor, read_procfile

FAST = Backoff(first=0.2, longest=0.8, steady=30, grace=2)
LOOP = f"{sys.executable} -u -c 'import time\nprint(\"up\")\nwhile True: time.sleep(0.1)'"


async def _until(condition: Callable[[], object], timeout: float = 10) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_process_comes_back_and_the_others_keep_running(tmp_path: Path) -> None:
    out = io.StringIO()
    supervisor = Supervisor(
        [ProcessSpec("web", LOOP), ProcessSpec("worker", LOOP)],
        dict(os.environ),
        tmp_path,
        out=out,
        backoff=FAST,
    )

    async def scenario() -> tuple[int, int, int]:
        running = asyncio.create_task(supervisor.run())
        await _until(lambda: supervisor.pid("web") and supervisor.pid("worker"))
        web, worker = supervisor.pid("web"), supervisor.pid("worker")
        assert web
        assert worker
        os.killpg(worker, signal.SIGKILL)
        await _until(lambda: supervisor.pid("worker") not in {None, worker})
        new_worker = supervisor.pid("worker")
        assert new_worker
        supervisor.stop()
        await running
        return web, worker, new_worker

    web, _, new_worker = asyncio.run(scenario())
    assert supervisor.restarts == {"web": 0, "worker": 1}
    assert not _alive(web)
    assert not _alive(new_worker)
    lines = out.getvalue().splitlines()
    assert any(line.endswith("worker | exited with code -9; restarting in 0.2 s") for line in lines)
    assert sum(line.endswith("| up") for line in lines) == 3


def test_quick_failures_wait_longer_each_time(tmp_path: Path) -> None:
    out = io.StringIO()
    supervisor = Supervisor(
        [ProcessSpec("broken", "exit 3")], dict(os.environ), tmp_path, out=out, backoff=FAST
    )

    async def scenario() -> None:
        running = asyncio.create_task(supervisor.run())
        await _until(lambda: supervisor.restarts["broken"] >= 3)
        supervisor.stop()
        await running

    asyncio.run(scenario())
    pauses = [
        line.rsplit(" in ", 1)[1] for line in out.getvalue().splitlines() if "restarting" in line
    ]
    assert pauses[:4] == ["0.2 s", "0.4 s", "0.8 s", "0.8 s"][: len(pauses[:4])]
    assert len(pauses) >= 3


def test_a_process_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path: Path) -> None:
    stubborn = (
        f"exec {sys.executable} -u -c 'import os, signal, time\n"
        'signal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint("pid", os.getpid())\n'
        "while True: time.sleep(0.1)'"
    )
    out = io.StringIO()
    supervisor = Supervisor(
        [ProcessSpec("stubborn", stubborn)],
        dict(os.environ),
        tmp_path,
        out=out,
        backoff=Backoff(grace=0.5),
    )

    async def scenario() -> None:
        running = asyncio.create_task(supervisor.run())
        await _until(lambda: "| pid" in out.getvalue())
        supervisor.stop()
        await asyncio.wait_for(running, 5)

    asyncio.run(scenario())
    pid = int(out.getvalue().split("| pid ", 1)[1].split()[0])
    assert not _alive(pid)
    assert "did not stop within 0.5 s; killing it" in out.getvalue()


def test_reads_the_procfile(tmp_path: Path) -> None:
    procfile = tmp_path / "Procfile"
    procfile.write_text("# the stack\nweb: serve --port 1\n\nworker-2: work\n", encoding="utf-8")
    assert read_procfile(procfile) == [
        ProcessSpec("web", "serve --port 1"),
        ProcessSpec("worker-2", "work"),
    ]
    procfile.write_text("web: a\nweb: b\n", encoding="utf-8")
    with pytest.raises(ValueError, match="used twice"):
        read_procfile(procfile)
    procfile.write_text("just a command\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not 'name: command'"):
        read_procfile(procfile)
