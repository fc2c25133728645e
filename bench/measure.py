"""Running the commands being measured: wall time, CPU time and peak memory of each child.

Every step runs in its own process, as an editor or CI runs it, so imports and
interpreter start-up count. ``os.wait4`` returns the finished child's own
resource usage (``ru_maxrss`` in KiB on Linux): exact per process, where
``RUSAGE_CHILDREN`` only keeps a running maximum over every child so far and
``/usr/bin/time -v`` would need its report parsed.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SOURCE_DATE_EPOCH = "1764000000"  # fixed 'now': the temporary projects have no git history to take it from


PYCACHE: Path | None = None  # set by the bench to a folder it removes afterwards


def environment(**extra: str) -> dict[str, str]:
    """The environment of ``make``: reproducible dates, no MkDocs 2 banner, no GitHub annotations."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    # Bytecode cached as `make` caches it (each run after the first reuses it), in the bench's own folder.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if PYCACHE is not None:
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env.update(extra)
    return env


@dataclass
class Run:
    """One finished child process."""

    command: list[str]
    wall: float
    cpu: float  # user + system seconds of the child (and any children it waited for)
    maxrss_mib: float
    returncode: int
    stdout: str
    stderr: str

    def check(self) -> Run:
        """Fail loudly: a bench that times an error message measures nothing."""
        if self.returncode != 0:
            shown = " ".join(self.command)
            raise RuntimeError(f"{shown} exited with {self.returncode}:\n{self.stderr[-3000:]}\n{self.stdout[-1000:]}")
        return self


def run(command: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 900) -> Run:
    """Run ``command`` to completion and measure it; a child that outlives ``timeout`` is killed."""
    out_path, err_path = cwd / ".bench-stdout", cwd / ".bench-stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, env=env or environment(), stdout=out, stderr=err, start_new_session=True)
        timer = threading.Timer(timeout, _kill, (process.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen not to wait again
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    out_path.unlink()
    err_path.unlink()
    return Run(list(command), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, stdout, stderr)


def _kill(pid: int) -> None:
    """End a child that ran past its time limit, with anything it started (its own process group)."""
    try:
        os.killpg(pid, 9)
    except ProcessLookupError:  # it finished just in time
        pass


def python(*args: str) -> list[str]:
    """This interpreter (the project's venv), so children import the same packages."""
    return [sys.executable, *args]


@dataclass
class Series:
    """Repeated runs of one step; the table shows medians, the peak memory is the maximum."""

    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def maxrss_mib(self) -> float:
        return max(r.maxrss_mib for r in self.runs)

    @property
    def count(self) -> int:
        return len(self.runs)


def repeat(times: int, command: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None,
           before: Callable[[], None] | None = None) -> Series:
    """Run ``command`` ``times`` times (each must succeed), with ``before`` (not timed) ahead of each run."""
    series = Series()
    for _ in range(times):
        if before is not None:
            before()
        series.runs.append(run(command, cwd=cwd, env=env).check())
    return series


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def own_peak_mib() -> float:
    """The bench process itself (it writes the synthetic content): reported, not counted in the targets."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
