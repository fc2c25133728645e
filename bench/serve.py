"""Edit → visible: how long an editor waits, under ``mkdocs serve``, to see a YAML change.

The hook in generator/mkdocs_hooks.py regenerates the pages before each
rebuild, so this covers MkDocs noticing the file (it polls every 0.5 s), the
generator, the MkDocs rebuild and the page being served. The server listens on
loopback only and is always stopped, whatever happens.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.measure import environment, python
from generator import siteconfig
from generator.values import SOURCE_LANGUAGE

START_TIMEOUT = 300.0  # the first build of the site, before anything is served
EDIT_TIMEOUT = 60.0
POLL = 0.05


@dataclass
class EditResult:
    seconds: float | None  # None: the change never showed up within EDIT_TIMEOUT
    startup: float  # until the first page was served
    page: str
    log_tail: str


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback URL built here
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, predicate: str | None, timeout: float, server: subprocess.Popen[bytes]) -> float | None:
    """Seconds until ``url`` answers (and contains ``predicate``), or None on timeout or a dead server."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            return None
        body = _fetch(url)
        if body is not None and (predicate is None or predicate in body):
            return time.perf_counter() - start
        time.sleep(POLL)
    return None


def edit_to_visible(root: Path, partner_id: str, *, dirty: bool = False) -> EditResult:
    """Start ``mkdocs serve`` on ``root``, change one partner's summary, time until the page shows it."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/partners/{partner_id}/"
    log = root / ".bench-serve.log"
    record = root / "content" / "partners" / f"{partner_id}.yml"
    original = record.read_text(encoding="utf-8")
    marker = f"benchedit{time.time_ns() % 10**9}"  # letters and digits only: no escaping can change it
    edited = original.replace("summary:\n  en: |-\n    ", f"summary:\n  en: |-\n    {marker} ", 1)
    if edited == original:
        raise RuntimeError(f"{record} has no block-literal English summary to edit")
    command = python("-m", "mkdocs", "serve", "-f", str(siteconfig.config_path(root, SOURCE_LANGUAGE)), "-a", f"127.0.0.1:{port}", "--livereload")
    if dirty:  # strict: true in mkdocs.yml turns MkDocs' own "dirty build" warning into an abort
        command += ["--dirty", "--no-strict"]
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=root, env=environment(), stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            startup = _wait_for(url, None, START_TIMEOUT, server)
            if startup is None:
                tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
                raise RuntimeError(f"mkdocs serve did not serve {url} within {START_TIMEOUT:.0f} s:\n{tail}")
            time.sleep(1.0)  # let the file watcher take its first snapshot, so the edit is a change to it
            start = time.perf_counter()
            record.write_text(edited, encoding="utf-8")
            seen = _wait_for(url, marker, EDIT_TIMEOUT, server)
            seconds = None if seen is None else time.perf_counter() - start
        finally:
            record.write_text(original, encoding="utf-8")
            try:
                os.killpg(server.pid, signal.SIGINT)  # MkDocs stops its watcher and removes its temporary site
                server.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(server.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                server.wait(timeout=15)
    tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
    log.unlink()
    return EditResult(seconds, startup, url, tail)
