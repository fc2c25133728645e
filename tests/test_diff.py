"""``python -m generator diff``: two commits of fixture content, built and compared once per module."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.diff import summary
from generator.diff.compare import Changes, FileChange, PageChange, compare, normalise, site_url
from tests.conftest import GOLDEN_CONTENT, copy_golden_project, copy_project, run_generator

EVENT = "content/events/isc-2020.yml"
OLD = {"en": "Zeta integrity session", "fr": "Session zeta integrite"}
NEW = {"en": "Omega integrity session", "fr": "Session omega integrite"}


def _git(root: Path, *args: str) -> str:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                   "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=environment).stdout


def _set_title(root: Path, title: dict[str, str]) -> None:
    path = root / EVENT
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r"^title:\n  en: .*\n  fr: .*\n", f'title:\n  en: "{title["en"]}"\n  fr: "{title["fr"]}"\n', text, flags=re.M)
    assert count == 1, "the fixture event's title is no longer an {en, fr} pair"
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def diffed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose last commit edits one field (the title) of one event; ``make diff BASE=HEAD~1`` run on it."""
    root = copy_project(tmp_path_factory.mktemp("diff") / "project")
    (root / ".gitignore").write_text("/build/\n/site/\n", encoding="utf-8")
    _set_title(root, OLD)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    _set_title(root, NEW)
    _git(root, "commit", "-qam", "rename one event")
    result = run_generator(root, "diff", "--base", "HEAD~1", "--max-pages", "2")
    assert result.returncode == 0, result.stderr
    return root


def _pages_showing(site: Path, texts: list[str]) -> set[str]:
    """Site paths of the built pages whose HTML contains any of ``texts``: found independently of the diff."""
    return {site_url(p.relative_to(site).as_posix()) for p in site.rglob("*.html")
            if any(t in p.read_text(encoding="utf-8") for t in texts)}


def _listed(summary_text: str) -> set[str]:
    """The site paths in the summary table's rows."""
    return {row.split("`")[1].removeprefix("/") if row.split("`")[1] != "/" else ""
            for row in summary_text.splitlines() if row.startswith("| changed |") or row.startswith("| added |")}


def test_one_field_edit_lists_the_pages_that_show_it_and_nothing_else(diffed: Path) -> None:
    text = (diffed / "build" / "diff" / "summary.md").read_text(encoding="utf-8")
    before = diffed / "build" / "diff" / "sites" / "before"
    expected = _pages_showing(before, list(OLD.values()))
    assert {"events/isc-2020/", "fr/events/isc-2020/", "events/", "fr/events/"} <= expected
    assert _listed(text) == expected
    assert "0 page(s) added" in text and f"{len(expected)} changed, 0 removed" in text
    row = next(line for line in text.splitlines() if line.startswith("| changed | `events/isc-2020/`"))
    assert f"| {NEW['en']} |" in row and f"`{EVENT}`" in row
    listing = next(line for line in text.splitlines() if line.startswith("| changed | `fr/events/`"))
    assert "`templates/events.md.j2`" in listing and f"`{EVENT}`" in listing  # the listing shows the record
    files = re.findall(r"^- changed: `([^`]+)`$", text, flags=re.M)
    # Data files, the search index and the changed page's link-preview card (drawn from its title).
    assert files and all(f.endswith((".json", ".csv", ".ics", ".xml")) or re.fullmatch(r"(fr/)?assets/cards/events/isc-2020\.png", f)
                         for f in files), files
    assert "fr/data/workshops.json" in files and "data/workshops.json" in files
    assert not any("sitemap" in f for f in files)  # same pages, same epoch: the sitemaps compare equal


def test_report_is_self_contained_with_screenshots(diffed: Path) -> None:
    report = (diffed / "build" / "diff" / "report.html").read_text(encoding="utf-8")
    images = re.findall(r'<img src="([^"]+)"', report)
    assert len(images) == 2 * 2 * 2  # two pages (--max-pages 2), two widths, before and after
    assert all(src.startswith("data:image/jpeg;base64,") and len(src) > 2000 for src in images)
    assert not re.search(r'(?:src|href)="(?!data:)', report), "the report must load nothing from elsewhere"
    # the event's own page comes first, in both languages, with the changed title outlined on each side
    shown = re.findall(r"<h2><span class=\"status changed\">changed</span> <code>([^<]*)</code>", report)
    assert shown == ["events/isc-2020/", "fr/events/isc-2020/"]
    assert len(re.findall(r"(?:before|after) \(\d+ outlined\)", report)) == 2 * 2 * 2
    assert "more page(s), without screenshots" in report


def test_base_checkout_is_removed(diffed: Path) -> None:
    assert not (diffed / "build" / "diff" / "base-src").exists()
    assert _git(diffed, "worktree", "list").count("\n") == 1


def test_builds_of_the_same_content_compare_equal(diffed: Path, tmp_path: Path) -> None:
    """Sitemap dates, the sitemap's gzip header and the search index's order differ between builds, not content."""
    before = diffed / "build" / "diff" / "sites" / "before"
    copy = tmp_path / "copy"
    shutil.copytree(before, copy)
    sitemap = copy / "sitemap.xml"
    sitemap.write_text(re.sub(r"<lastmod>[^<]*</lastmod>", "<lastmod>1999-01-01</lastmod>", sitemap.read_text(encoding="utf-8")), encoding="utf-8")
    (copy / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap.read_bytes(), mtime=1))
    index = copy / "search" / "search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["docs"].reverse()
    index.write_text(json.dumps(data), encoding="utf-8")
    assert compare(before, copy, {}, []).empty
    assert "No visible change" in summary.render(Changes(), "0" * 40)
    data["docs"][0]["text"] += " new words"
    assert normalise("search/search_index.json", json.dumps(data).encode()) != normalise("search/search_index.json", index.read_bytes())


def test_summary_caps_long_lists_and_escapes_titles() -> None:
    pages = [PageChange("changed", f"partners/p{i:03}/", f"partners/p{i:03}/index.html", f"Title | <b>{i}</b>", ("content/x.yml",))
             for i in range(summary.MAX_ROWS + 7)]
    text = summary.render(Changes(pages=pages, data=[FileChange("changed", "events.ics")]), "a" * 40)
    rows = [line for line in text.splitlines() if line.startswith("| changed |")]
    assert len(rows) == summary.MAX_ROWS
    assert "… and 7 more page(s)" in text
    assert r"Title \| \<b\>0\</b\>" in rows[0] and "<b>" not in text
    assert "- changed: `events.ics`" in text


def test_an_unknown_base_is_a_clear_error(diffed: Path) -> None:
    result = run_generator(diffed, "diff", "--base", "no-such-branch")
    assert result.returncode == 1
    assert "error: 'no-such-branch' is not a commit of this repository" in result.stderr
    assert "hint:" in result.stderr and "Traceback" not in result.stderr


# --- one case each, on the small golden project: a commit and the change made on top of it ---------------

def _golden_repo(root: Path, base: dict[str, str | None], change: dict[str, str | None]) -> Path:
    """A golden project whose last commit holds ``base``'s files, with ``change`` in the working tree (None removes)."""
    copy_golden_project(root)
    (root / ".gitignore").write_text("/build/\n/site/\n", encoding="utf-8")
    for files in (base, change):
        for relative, text in files.items():
            path = root / relative
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        if files is base:
            _git(root, "init", "-q", "-b", "main")
            _git(root, "add", "-A")
            _git(root, "commit", "-qm", "base")
    return root


def _golden(relative: str) -> str:
    return (GOLDEN_CONTENT / relative).read_text(encoding="utf-8")


def _rows(summary_text: str) -> dict[tuple[str, str], str]:
    """(status, site path) → the Records cell of each row of the summary's table."""
    rows = {}
    for line in summary_text.splitlines():
        cells = [cell.strip() for cell in line.split(" | ")]
        if len(cells) == 4 and cells[0].lstrip("| ") in ("added", "changed", "removed"):
            rows[cells[0].lstrip("| "), cells[1].strip("`")] = cells[3].rstrip(" |")
    return rows


NEWS = "content/news/kickoff-2020.yml"
REVIEW = "content/events/review-2024.yml"
DONOR = "content/donors/norad.yml"  # a record without a page of its own: it shows on others'
DONOR_NAME = "Norwegian Agency for Development Cooperation"


@pytest.fixture(scope="module")
def reshuffled(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A news post retitled, and an event renamed: its page removed, another added."""
    root = _golden_repo(tmp_path_factory.mktemp("diff-cases") / "project", {}, {
        NEWS: _golden(NEWS.removeprefix("content/")).replace("Partners meet for the kick-off", "Partners gather for the kick-off")
        .replace("se réunissent pour", "se rassemblent pour"),
        REVIEW: None,
        "content/events/review-2025.yml": _golden(REVIEW.removeprefix("content/")),
        "content/events/kickoff-2020.yml": _golden("events/kickoff-2020.yml").replace("  - review-2024", "  - review-2025"),
        DONOR: _golden(DONOR.removeprefix("content/")).replace(DONOR_NAME, "Norwegian Agency for Development Co-operation")
        .replace("Agence norvégienne de coopération", "Agence norvégienne pour la coopération"),
    })
    result = run_generator(root, "diff", "--base", "HEAD", "--max-pages", "0")
    assert result.returncode == 0, result.stderr
    return (root / "build" / "diff" / "summary.md").read_text(encoding="utf-8")


@pytest.mark.xdist_group("diff-cases")
def test_a_changed_news_post_lists_its_record(reshuffled: str) -> None:
    rows = _rows(reshuffled)
    for lang in ("", "fr/"):
        # the post's own page, served at news/<slug>/: its record first, then the changed event it links to
        assert rows["changed", f"{lang}news/kickoff-2020/"] == f"`{NEWS}`<br>`content/events/kickoff-2020.yml`"
        assert f"`{NEWS}`" in rows["changed", f"{lang}news/"]  # the blog's index shows the post
    changed = {NEWS, REVIEW, DONOR, "content/events/review-2025.yml", "content/events/kickoff-2020.yml"}
    assert all(set(re.findall(r"`([^`]+)`", records)) & changed for records in rows.values()), rows
    donor_pages = {path for (status, path), records in rows.items() if f"`{DONOR}`" in records}
    assert "resources/" in donor_pages and "fr/resources/" in donor_pages, rows


@pytest.mark.xdist_group("diff-cases")
def test_added_and_removed_pages_are_reported_with_their_records(reshuffled: str) -> None:
    rows = _rows(reshuffled)
    for lang in ("", "fr/"):
        assert rows["added", f"{lang}events/review-2025/"].startswith("`content/events/review-2025.yml`")
        assert rows["removed", f"{lang}events/review-2024/"].startswith(f"`{REVIEW}`")
    assert "2 page(s) added" in reshuffled and "2 removed" in reshuffled


@pytest.mark.xdist_group("diff-cases")
def test_a_change_to_data_alone_is_reported(tmp_path: Path) -> None:
    """A region's sources are published in the open data only: no page changes, the data files do."""
    region = "content/regions/west-central-africa.yml"
    root = _golden_repo(tmp_path / "project", {}, {region: _golden(region.removeprefix("content/")) + "sources:\n  - https://example.org/wca\n"})
    result = run_generator(root, "diff", "--base", "HEAD", "--max-pages", "0")
    assert result.returncode == 0, result.stderr
    assert "0 page(s) and 4 file(s) differ" in result.stderr
    text = (root / "build" / "diff" / "summary.md").read_text(encoding="utf-8")
    assert "No page changed; only the data files below did" in text
    assert re.findall(r"^- changed: `([^`]+)`$", text, flags=re.M) == [
        "data/regions.csv", "data/regions.json", "fr/data/regions.csv", "fr/data/regions.json"]


@pytest.mark.xdist_group("diff-cases")
def test_a_base_that_does_not_build_is_a_clear_error(tmp_path: Path) -> None:
    event = "content/events/kickoff-2020.yml"
    fixed = _golden(event.removeprefix("content/"))
    root = _golden_repo(tmp_path / "project", {event: fixed.replace("end: 2020-02-19", "end: 2020-01-19")}, {event: fixed})
    result = run_generator(root, "diff", "--base", "HEAD", "--max-pages", "0")
    assert result.returncode == 1
    head = _git(root, "rev-parse", "HEAD").strip()
    assert f"error: the base commit {head[:12]} does not build, so there is nothing to compare:" in result.stderr
    assert f"{event}:6:6: error: end: 2020-01-19 is before start 2020-02-17" in result.stderr
    assert "hint: fix it on that branch, or compare with a commit that builds: make diff BASE=<commit>" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "build" / "diff" / "base-src").exists()
