"""Shared fixtures and run-wide rules.

* ``project``: a throwaway copy of the real project; ``built_site``: the real content built
  once per *run* with ``--strict`` — by the first xdist worker that asks, under a lock in the
  run's shared temporary folder; every other worker (and every later test) reuses it. Treat
  it as read-only.
* A skipped test is a failed run: every required tool (Chromium, Playwright, axe-core, Node)
  must be there, so a green run means everything was checked. The run's summary ends with a
  line ``N passed, F failed, S skipped``.
* ``--update-golden`` rewrites the snapshots of tests/test_golden.py and then fails the run,
  so that nothing compared can pass for a check. ``UPDATE_GOLDEN`` in the environment is refused.
* Hypothesis: the ``ci`` profile (``CI`` set) is derandomised; elsewhere failing examples are
  kept in .hypothesis/ and replayed, and the reproduction blob is printed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "docs", "templates", "overrides", "generator", "mkdocs.yml")

hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("dev", print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/expected/ from the current generator and templates, then fail the run "
                          "(nothing was compared); review the diff and run again without it")


def pytest_configure(config: pytest.Config) -> None:
    if "UPDATE_GOLDEN" in os.environ:
        raise pytest.UsageError("UPDATE_GOLDEN is set in the environment, but it no longer updates anything: "
                                "unset it, and pass --update-golden to rewrite the golden snapshots")


def _count(reporter: pytest.TerminalReporter, key: str) -> int:
    return len([r for r in reporter.stats.get(key, []) if getattr(r, "when", "call") in ("call", "setup", "teardown", "collect")])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    """One plain line with the three counts that matter, and why the run fails when a test was skipped or updated."""
    reporter = terminalreporter
    passed = len([r for r in reporter.stats.get("passed", []) if getattr(r, "when", "call") == "call"])
    failed = _count(reporter, "failed") + _count(reporter, "error")
    skipped = reporter.stats.get("skipped", [])
    if skipped:
        reporter.write_line("")
        reporter.write_line(f"error: {len(skipped)} test(s) skipped; a skip is a failure in this project "
                            "(a required tool is missing or a check did not run):", red=True, bold=True)
        for report in skipped[:20]:
            where, reason = report.nodeid, ""
            if isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
                reason = str(report.longrepr[2])
            reporter.write_line(f"  {where}: {reason}")
    if config.getoption("--update-golden"):
        reporter.write_line("error: --update-golden rewrote the golden snapshots, so they were not compared; "
                            "review `git diff tests/golden/expected` and run again without it", red=True, bold=True)
    reporter.write_line(f"{passed} passed, {failed} failed, {len(skipped)} skipped")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when anything was skipped (on the controller, which sees every worker's reports)."""
    if hasattr(session.config, "workerinput"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = bool(reporter and reporter.stats.get("skipped"))
    updated = bool(session.config.getoption("--update-golden"))
    if (skipped or updated) and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def copy_project(target: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """A copy of the project that a test may break freely."""
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target / part)
    link_node_modules(target)
    return target


def link_node_modules(target: Path) -> None:
    """A copy gets the checkout's node_modules (the web editor's bundle that `make site` copies), as `npm ci` would."""
    if (ROOT / "node_modules").is_dir() and not (target / "node_modules").exists():
        (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)


GOLDEN_CONTENT = ROOT / "tests" / "golden" / "project" / "content"


def copy_golden_project(target: Path) -> Path:
    """The small fictitious golden project (tests/golden/project/content/) with the real templates, docs and configuration."""
    copy_project(target, tuple(part for part in PROJECT_PARTS if part != "content"))
    shutil.copytree(GOLDEN_CONTENT, target / "content")
    allow_fictitious_countries(target)
    return target


def allow_fictitious_countries(root: Path) -> None:
    """The setting of a test project whose fictitious partners have user-assigned codes (XA–XZ); never the real site's."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\nextra:\n") == 1, "mkdocs.yml must have one 'extra:' block"
    config.write_text(text.replace("\nextra:\n", "\nextra:\n  fictitious_countries: true\n"), encoding="utf-8")


def run_generator(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m generator`` as an editor runs it, in ``root``."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1764000000")}
    environment.pop("GITHUB_ACTIONS", None)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], cwd=ROOT,
                          capture_output=True, text=True, env=environment, timeout=600)


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's temporary folder, shared by all xdist workers (each worker's own basetemp otherwise)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the real project in a temporary folder."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real content built once per run with ``--strict``: the site folder (its parent is the project copy).

    The first worker to get here builds while holding the lock; the others wait and reuse the result.
    A failed build is not retried: every worker reports the same error.
    """
    folder = shared_folder(tmp_path_factory) / "real-site"
    with open(f"{folder}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        failure = folder / "FAILED"
        if not (folder / "BUILT").is_file() and not failure.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            root = copy_project(folder / "project")
            result = run_generator(root, "site")
            if result.returncode != 0:
                failure.write_text(result.stderr, encoding="utf-8")
            else:
                (folder / "BUILT").write_text("ok", encoding="utf-8")
    assert not failure.is_file(), f"the real site must build with --strict:\n{failure.read_text(encoding='utf-8')}"
    yield folder / "project" / "site"
