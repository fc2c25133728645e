"""Reproducible builds.

* Two builds of the same sources (same SOURCE_DATE_EPOCH), from two folders, are byte-identical —
  sitemap.xml.gz (gzip header: mtime and file name) and the search index included.
* Without SOURCE_DATE_EPOCH, MkDocs is given the generator's build time (the last commit), so the
  sitemap's dates follow the commit, not the clock.

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
from conftest import PROJECT_PARTS, link_node_modules

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


def test_mkdocs_gets_the_commit_time_without_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m generator site` outside `make` (no SOURCE_DATE_EPOCH): MkDocs must not date the sitemap by the clock."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "@1600000000 +0000", "GIT_COMMITTER_DATE": "@1600000000 +0000"}
    (tmp_path / "README").write_text("x")
    for command in (["init", "-q"], ["add", "README"], ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "x"]):
        subprocess.run([git, *command], cwd=tmp_path, env=env, check=True, capture_output=True)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert publish._environment(tmp_path)["SOURCE_DATE_EPOCH"] == "1600000000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert publish._environment(tmp_path)["SOURCE_DATE_EPOCH"] == "1700000000"  # an explicit value wins
