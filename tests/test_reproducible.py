"""Reproducible builds.

* Two builds of the same sources (same SOURCE_DATE_EPOCH), from two folders, are byte-identical —
  sitemap.xml.gz (gzip header: mtime and file name) and the search index included.
* Without SOURCE_DATE_EPOCH, the build is dated the start of the day it runs (UTC), whatever the last
  commit's time: an old commit built today shows yesterday's event as past and tomorrow's as upcoming,
  and MkDocs dates the sitemap with the same moment.

What is never published (internal records, private fields) is tested in ``test_privacy.py``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_PARTS, copy_golden_project, link_node_modules

from generator import publish


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _epoch() -> int:
    return int(os.environ.get("SOURCE_DATE_EPOCH", "1764000000"))  # what conftest.run_generator passes


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    """Rebuild the sources of ``built_site`` (the same snapshot of the project) in another folder."""
    second = tmp_path / "elsewhere" / "project"
    second.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = built_site.parent / part
        if source.is_dir():
            shutil.copytree(source, second / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, second / part)
    link_node_modules(second)
    # Run the copy's own generator package (a snapshot taken with built_site's sources), not the working
    # tree's: an edit to generator/ while the tests run must not look like an irreproducible build.
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(_epoch())}
    environment.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(second), "site"], cwd=second,
                            capture_output=True, text=True, env=environment, timeout=600)
    assert result.returncode == 0, result.stderr
    first, again = _tree(built_site), _tree(second / "site")
    assert sorted(first) == sorted(again), set(first) ^ set(again)
    differing = [name for name in first if first[name] != again[name]]
    assert not differing, f"not reproducible: {differing[:20]}"
    for name in ("sitemap.xml", "sitemap.xml.gz", "fr/sitemap.xml", "fr/sitemap.xml.gz", "search/search_index.json",
                 "fr/search/search_index.json", "events.ics", "feed.xml", "data/partners.json"):
        assert name in first, name
    assert str(built_site.parent).encode() not in b"".join(first.values())  # no absolute build path leaks


@pytest.mark.parametrize("lang", ["", "fr/"])
def test_sitemap_dates_follow_source_date_epoch(built_site: Path, lang: str) -> None:
    day = dt.datetime.fromtimestamp(_epoch(), tz=dt.UTC).date()
    sitemap = (built_site / f"{lang}sitemap.xml").read_bytes()
    assert set(re.findall(rb"<lastmod>([^<]+)</lastmod>", sitemap)) == {day.isoformat().encode()}
    packed = (built_site / f"{lang}sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == sitemap
    magic, method, flags, mtime = struct.unpack("<HBBI", packed[:8])
    assert (magic, method) == (0x8B1F, 8)
    assert mtime == int(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp())
    if flags & 0x08:  # FNAME: the bare name, not the temporary build folder
        name = packed[10:packed.index(b"\0", 10)]
        assert name == b"sitemap.xml"


def _old_commit(folder: Path) -> None:
    """Make ``folder`` a git repository whose only commit is dated September 2020."""
    git = shutil.which("git")
    assert git is not None, "git is not installed"
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "@1600000000 +0000", "GIT_COMMITTER_DATE": "@1600000000 +0000"}
    for command in (["init", "-q"], ["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "x"]):
        subprocess.run([git, *command], cwd=folder, env=env, check=True, capture_output=True)


def _today_starts() -> set[int]:
    """The start of today (UTC) as an epoch, and of tomorrow: a run may straddle midnight."""
    today = dt.datetime.now(tz=dt.UTC).date()
    return {int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())
            for d in (today, today + dt.timedelta(days=1))}


def test_mkdocs_gets_the_start_of_today_without_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m generator site` outside `make` (no SOURCE_DATE_EPOCH): the day it runs, never the commit's time."""
    (tmp_path / "README").write_text("x")
    _old_commit(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = int(publish._environment(tmp_path)["SOURCE_DATE_EPOCH"])
    assert first in _today_starts()
    assert int(publish._environment(tmp_path)["SOURCE_DATE_EPOCH"]) in {first, first + 86400}  # the same all day
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert publish._environment(tmp_path)["SOURCE_DATE_EPOCH"] == "1700000000"  # an explicit value wins


def _section(markdown: str, heading: str) -> str:
    """The text under ``## heading`` up to the next second-level heading."""
    after = markdown.split(f"\n## {heading}\n", 1)[1]
    return after.split("\n## ", 1)[0]


def test_an_old_commit_built_today_has_yesterday_past_and_tomorrow_upcoming(tmp_path: Path) -> None:
    """The build's date is the day it runs: a commit from 2020, built today, shows today's past and future."""
    root = copy_golden_project(tmp_path / "project")
    today = dt.datetime.now(tz=dt.UTC).date()
    events = root / "content" / "events"
    for name, day in (("yesterday-meeting", today - dt.timedelta(days=1)), ("tomorrow-meeting", today + dt.timedelta(days=1))):
        record = yaml.safe_load((events / "kickoff-2020.yml").read_text(encoding="utf-8"))
        record.update(title={"en": f"Meeting {name}", "fr": f"Réunion {name}"}, start=day.isoformat(), end=day.isoformat())
        record.pop("related", None)
        (events / f"{name}.yml").write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _old_commit(root)
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("SOURCE_DATE_EPOCH", None)
    environment.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"], cwd=root,
                            capture_output=True, text=True, env=environment, timeout=600)
    assert result.returncode == 0, result.stderr
    for lang, upcoming in (("en", "Upcoming"), ("fr", "À venir")):
        page = (root / "build" / "docs" / lang / "events" / "index.md").read_text(encoding="utf-8")
        soon = _section(page, upcoming)
        assert "tomorrow-meeting" in soon, (lang, soon)
        assert "yesterday-meeting" not in soon, (lang, soon)
        assert "yesterday-meeting" in _section(page, str((today - dt.timedelta(days=1)).year)), lang

