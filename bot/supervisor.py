"""Runs the assistant's processes, restarts any that exits, and stops them all together.

A ``Procfile`` names the processes (``name: command``; the command runs in ``/bin/sh``
with the supervisor's environment). Each process's output is printed line by line,
prefixed with the time and its name. A process that exits on its own, or is killed, is
started again after a pause that doubles with each quick failure (from
:attr:`Backoff.first` up to :attr:`Backoff.longest`) and starts afresh once it has run
for :attr:`Backoff.steady` seconds; the other processes go on serving meanwhile.
SIGINT (Ctrl-C) or SIGTERM stops every process: SIGTERM to each one's process group,
then SIGKILL to any still running after :attr:`Backoff.grace` seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

__all__ = ["Backoff", "ProcessSpec", "Supervisor", "read_procfile", "supervise"]


@dataclass(frozen=True)
class ProcessSpec:
    """One process of the stack.

    Attributes:
        name: Its name in the output (``rasa``, ``gateway-1``…).
        command: The shell command that runs it in the foreground.
    """

    name: str
    command: str


@dataclass(frozen=True)
class Backoff:
    """How long to wait before restarting, and how long to wait for a stop.

    Attributes:
        first: The pause before the first restart, in seconds.
        longest: The longest pause.
        steady: After running this long, a process counts as healthy again.
        grace: How long a stopping process may take before it is killed.
    """

    first: float = 1.0
    longest: float = 30.0
    steady: float = 60.0
    grace: float = 10.0

    def pause(self, quick_failures: int) -> float:
        """The pause after this many failures in a row (the first is 1)."""
        return float(min(self.longest, self.first * 2 ** max(0, quick_failures - 1)))


def read_procfile(path: Path) -> list[ProcessSpec]:
    """Reads ``name: command`` lines; blank lines and ``#`` comments are skipped.

    Raises:
        ValueError: A line is not ``name: command``, or a name repeats.
    """
    specs: list[ProcessSpec] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, command = line.partition(":")
        name = name.strip()
        if not sep or not name.replace("-", "").replace("_", "").isalnum() or not command.strip():
            raise ValueError(f"{path}:{number}: not 'name: command'")
        if any(spec.name == name for spec in specs):
            raise ValueError(f"{path}:{number}: the name {name!r} is used twice")
        specs.append(ProcessSpec(name, command.strip()))
    return specs


class Supervisor:
    """Keeps each process running until :meth:`stop` is called.

    Args:
        specs: The processes.
        env: Their environment.
        cwd: Their working directory.
        out: Where their prefixed output and the supervisor's own lines go.
        backoff: Restart pauses and the stop grace period.
    """

    def __init__(
        self,
        specs: Sequence[ProcessSpec],
        env: Mapping[str, str],
        cwd: Path,
        *,
        out: TextIO = sys.stdout,
        backoff: Backoff | None = None,
    ) -> None:
        self._specs = list(specs)
        self._env = dict(env)
        self._cwd = cwd
        self._out = out
        self._backoff = backoff or Backoff()
        self._width = max((len(spec.name) for spec in self._specs), default=0)
        self._stopping = asyncio.Event()
        self._running: dict[str, asyncio.subprocess.Process] = {}
        #: How many times each process has been restarted.
        self.restarts: dict[str, int] = {spec.name: 0 for spec in self._specs}

    def stop(self) -> None:
        """Asks every process to stop; :meth:`run` returns once they have."""
        self._stopping.set()

    def pid(self, name: str) -> int | None:
        """The process id of a running process, or ``None`` between restarts."""
        process = self._running.get(name)
        return process.pid if process is not None and process.returncode is None else None

    async def run(self) -> None:
        """Runs every process until :meth:`stop`, then stops them all."""
        tasks = [asyncio.create_task(self._keep(spec)) for spec in self._specs]
        try:
            await self._stopping.wait()
        finally:
            self._stopping.set()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _keep(self, spec: ProcessSpec) -> None:
        failures = 0
        while not self._stopping.is_set():
            started = time.monotonic()
            code = await self._run_once(spec)
            if self._stopping.is_set():
                break
            failures = 1 if time.monotonic() - started >= self._backoff.steady else failures + 1
            pause = self._backoff.pause(failures)
            self._say(spec.name, f"exited with code {code}; restarting in {pause:g} s")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), pause)
            if not self._stopping.is_set():
                self.restarts[spec.name] += 1

    async def _run_once(self, spec: ProcessSpec) -> int:
        try:
            process = await asyncio.create_subprocess_exec(
                "/bin/sh",
                "-c",
                spec.command,
                cwd=self._cwd,
                env=self._env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as exc:
            self._say(spec.name, f"could not start: {exc}")
            return -1
        self._running[spec.name] = process
        self._say(spec.name, f"started with pid {process.pid}")
        relay = asyncio.create_task(self._relay(spec.name, process))
        waiting = asyncio.create_task(process.wait())
        stopping = asyncio.create_task(self._stopping.wait())
        await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if process.returncode is None:
            await self._terminate(spec.name, process)
        code = await waiting
        await relay
        return code

    async def _terminate(self, name: str, process: asyncio.subprocess.Process) -> None:
        _signal_group(process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), self._backoff.grace)
        except asyncio.TimeoutError:
            self._say(name, f"did not stop within {self._backoff.grace:g} s; killing it")
            _signal_group(process.pid, signal.SIGKILL)
            await process.wait()
        # Whatever it started in its group goes with it.
        _signal_group(process.pid, signal.SIGKILL)

    async def _relay(self, name: str, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None  # noqa: S101 - created with a pipe
        while line := await process.stdout.readline():
            self._say(name, line.decode("utf-8", "replace").rstrip("\n"))

    def _say(self, name: str, line: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        self._out.write(f"{stamp} {name:<{self._width}} | {line}\n")
        self._out.flush()


def _signal_group(pid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)


def supervise(
    specs: Sequence[ProcessSpec], env: Mapping[str, str], cwd: Path, backoff: Backoff | None = None
) -> int:
    """Runs the processes until SIGINT or SIGTERM; returns the exit status (0).

    Args:
        specs: The processes.
        env: Their environment.
        cwd: Their working directory.
        backoff: Restart pauses; the defaults suit production.
    """

    async def main() -> None:
        supervisor = Supervisor(specs, env, cwd, backoff=backoff)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, supervisor.stop)
        await supervisor.run()

    asyncio.run(main())
    return 0
