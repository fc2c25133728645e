"""``python -m generator diff``: build the base commit and the working tree, compare, write the two reports.

The base is checked out in a temporary ``git worktree`` under ``build/diff/`` (its own
``build/`` folders, this interpreter and its packages), and both sides are built by the
generator's own command line with one ``SOURCE_DATE_EPOCH``, so that they differ only
where the change makes them differ.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.diff.compare import Changes, Texts, compare, page_sources, record_texts
from generator.model import LANGUAGES
from generator.settings import build_time


class DiffFailed(Exception):
    """A side could not be checked out or built; the message says which and why."""


@dataclass(frozen=True)
class Outcome:
    """What ``run`` found and wrote."""

    base: str  # the commit compared against
    changes: Changes
    summary: Path
    report: Path


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise DiffFailed(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def resolve_base(root: Path, ref: str | None) -> str:
    """The commit to compare with: ``ref``, else where this branch left ``main`` (or ``origin/main``)."""
    if ref:
        try:
            return _git(root, "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}")
        except DiffFailed:
            raise DiffFailed(f"{ref!r} is not a commit of this repository\n  hint: a branch, tag or commit such as "
                             "HEAD~1; in a shallow clone, fetch the base first (git fetch --deepen)") from None
    for main in ("main", "origin/main"):
        try:
            return _git(root, "merge-base", "HEAD", main)
        except DiffFailed:
            continue
    raise DiffFailed("no branch 'main' to compare with\n  hint: name the commit: make diff BASE=<commit>")


def changed_files(root: Path, base: str) -> list[str]:
    """Files that differ between ``base`` and the working tree, new untracked files included."""
    tracked = _git(root, "diff", "--name-only", "--no-renames", base, "--").splitlines()
    untracked = _git(root, "ls-files", "--others", "--exclude-standard").splitlines()
    return sorted({*tracked, *untracked} - {""})


def changed_texts(root: Path, base: str, files: list[str]) -> Texts:
    """For each changed record file, the texts only its base version or only its current version holds."""
    texts = {}
    for path in files:
        if path.startswith("content/") and path.endswith((".yml", ".yaml")):
            try:
                old: str | None = _git(root, "show", f"{base}:{path}")
            except DiffFailed:  # added since
                old = None
            current = root / path
            texts[path] = record_texts(old, current.read_text(encoding="utf-8") if current.is_file() else None)
    return texts


def _checkout(root: Path, base: str, folder: Path) -> None:
    if folder.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=root, capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)
    _git(root, "worktree", "prune")
    folder.parent.mkdir(parents=True, exist_ok=True)
    _git(root, "worktree", "add", "--detach", "--force", str(folder), base)
    modules = root / "node_modules"  # the web editor's bundle, as `npm ci` left it here: reused, like .venv
    if modules.is_dir() and not (folder / "node_modules").exists():
        (folder / "node_modules").symlink_to(modules.resolve(), target_is_directory=True)


def _remove_checkout(root: Path, folder: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=root, capture_output=True, timeout=120)
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=root, capture_output=True, timeout=120)


def build(project: Path, site_dir: Path, epoch: str, label: str, hint: str) -> None:
    """Build ``project`` into ``site_dir`` with its own generator (``python -m generator site``)."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("GITHUB_ACTIONS", None)  # annotations would point at the other side's files
    environment.pop("ACIP_OFFLINE", None)  # compare the site as published
    command = [sys.executable, "-m", "generator", "--root", str(project), "site", "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise DiffFailed(f"{label} does not build, so there is nothing to compare:\n{_excerpt(result.stdout + result.stderr)}"
                         f"\n  hint: {hint}")


def _excerpt(output: str, limit: int = 40) -> str:
    """What the failed build said, without Python tracebacks (their last line, the error, is kept)."""
    kept: list[str] = []
    in_traceback = False
    for line in output.strip().splitlines():
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        elif in_traceback and (not line or line[0].isspace()):
            continue
        else:
            in_traceback = False
            kept.append("  " + line)
    shown = kept[-limit:]
    return "\n".join(([f"  … {len(kept) - limit} earlier line(s)"] if len(kept) > limit else []) + shown)


def run(root: Path, ref: str | None, out: Path, *, max_pages: int = 12) -> Outcome:
    """Build both sides, compare them and write ``summary.md`` and ``report.html`` into ``out``."""
    from generator.diff import report, summary  # Jinja and Playwright: only once there is something to show

    base = resolve_base(root, ref)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip() or str(int(build_time(root).timestamp()))
    checkout = out / "base-src"
    sites = out / "sites"
    _checkout(root, base, checkout)
    try:
        build(checkout, sites / "before", epoch, f"the base commit {base[:12]}",
              "fix it on that branch, or compare with a commit that builds: make diff BASE=<commit>")
        sources = page_sources(checkout / "build" / "docs", LANGUAGES)
    finally:
        _remove_checkout(root, checkout)
    build(root, sites / "after", epoch, "the working tree", "fix what is shown above ('make check' lists content errors)")
    sources.update(page_sources(root / "build" / "docs", LANGUAGES))
    changed = changed_files(root, base)
    changes = compare(sites / "before", sites / "after", sources, changed, changed_texts(root, base, changed))
    summary_path, report_path = out / "summary.md", out / "report.html"
    summary_path.write_text(summary.render(changes, base), encoding="utf-8")
    try:
        html = report.render(changes, base, sites / "before", sites / "after", max_pages=max_pages)
    except report.ReportFailed as exc:
        raise DiffFailed(f"the screenshots for {report_path} failed: {exc}\n  hint: 'make browser' installs Chromium; "
                         f"{summary_path} was written") from None
    report_path.write_text(html, encoding="utf-8")
    return Outcome(base, changes, summary_path, report_path)
