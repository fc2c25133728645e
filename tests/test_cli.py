"""The command line as editors and CI use it: exit codes, summaries, and what is (not) written.

No test here runs a full MkDocs build: a failing ``site`` stops at validation,
at rendering or at a builder that cannot start, before anything is published.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_project, run_generator

from generator.cli import main

COVERAGE = r"translation coverage: en 100%, fr \d+%"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: its bytes and modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project with ``build`` run once: copied by the tests that need generated pages."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_generator(root, "build")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def prebuilt(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    return root


def test_check_real_content(project: Path) -> None:
    result = run_generator(project, "check")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(rf"ok: 0 error\(s\), \d+ warning\(s\); {COVERAGE}", result.stderr.splitlines()[-1]), result.stderr
    strict = run_generator(project, "check", "--strict")
    assert strict.returncode == 0, strict.stderr
    assert re.fullmatch(rf"ok: 0 error\(s\), 0 warning\(s\); {COVERAGE}", strict.stderr.splitlines()[-1]), strict.stderr
    written = [p.relative_to(project).as_posix() for p in (project / "build").rglob("*") if p.is_file()]
    assert "build/cache/check.pickle" in written, "the report is remembered"
    assert all(re.fullmatch(r"build/cache/(records/\d\d|check)\.pickle", p) for p in written), "check writes only its caches"


def test_check_called_from_python_returns(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Only run as the program does `check` end the process itself (it skips freeing the records); called, it returns."""
    (project / "content/partners/ghana.yml").write_text("name: Ghana\n", encoding="utf-8")
    assert main(["--root", str(project), "check"]) == 1
    assert "FAILED: " in capsys.readouterr().err
    assert main(["--root", str(project), "check"]) == 1  # the second time from the cache: the same answer


def test_build_writes_both_languages_and_is_idempotent(built: Path) -> None:
    docs = built / "build" / "docs"
    for lang in ("en", "fr"):
        assert (docs / lang / "index.md").is_file()
        assert (docs / lang / "partners" / "ghana.md").is_file()
        assert (docs / lang / "data" / "schemas" / "partner.schema.json").is_file()
    before = snapshot(docs)
    again = run_generator(built, "build")
    assert again.returncode == 0, again.stderr
    assert re.search(rf"^generated: 0 file\(s\) changed in build/docs; {COVERAGE}$", again.stderr, re.M), again.stderr
    assert snapshot(docs) == before, "an unchanged build must not touch a file"


def test_failed_check_and_site_leave_site_and_pages_alone(prebuilt: Path) -> None:
    site = prebuilt / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<p>the published site</p>\n", encoding="utf-8")
    (site / "assets" / "site.css").write_bytes(b"body{}")
    published, pages = snapshot(site), snapshot(prebuilt / "build" / "docs")
    ghana = prebuilt / "content" / "partners" / "ghana.yml"
    ghana.write_text(ghana.read_text(encoding="utf-8").replace("country: GH", "country: gh"), encoding="utf-8")
    for command in ("check", "build", "site"):
        result = run_generator(prebuilt, command)
        assert result.returncode == 1, (command, result.stderr)
        assert "content/partners/ghana.yml:3:10: error: country: 'gh' must be upper case" in result.stderr
        assert "Traceback" not in result.stderr
    assert "nothing was generated or published" in result.stderr
    assert snapshot(site) == published
    assert snapshot(prebuilt / "build" / "docs") == pages
    assert not list(prebuilt.glob(".site-*")) and not (prebuilt / "site.previous").exists()


def test_site_whose_builder_fails_keeps_the_published_site(prebuilt: Path) -> None:
    site = prebuilt / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the published site</p>\n", encoding="utf-8")
    published = snapshot(site)
    result = run_generator(prebuilt, "site", "--builder", "no_such_builder_module")
    assert result.returncode == 1
    assert "FAILED: the previous site/ is unchanged" in result.stderr
    assert "Traceback" not in result.stderr.split("build of the en site failed")[0]
    assert snapshot(site) == published
    assert not list(prebuilt.glob(".site-*"))


def build_with_line_inserted(prebuilt: Path, template_name: str, index: int, line: str) -> tuple[subprocess.CompletedProcess[str], Any]:
    """Insert one line into a template, run ``build``; return its result and the pages as they were before."""
    template = prebuilt / "templates" / template_name
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(index, line)
    template.write_text("".join(lines), encoding="utf-8")
    pages = snapshot(prebuilt / "build" / "docs")
    return run_generator(prebuilt, "build"), pages


def test_broken_template_names_file_and_line(prebuilt: Path) -> None:
    result, pages = build_with_line_inserted(prebuilt, "partner.md.j2", 5, "{{ nope }}\n")  # becomes line 6
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        "templates/partner.md.j2:6:1: error: template error: 'nope' is undefined",
        "  hint: fix the template; no page was written",
    ]
    assert snapshot(prebuilt / "build" / "docs") == pages


def test_template_syntax_error_names_file_and_line(prebuilt: Path) -> None:
    result, pages = build_with_line_inserted(prebuilt, "event.md.j2", 2, "{% if %}\n")  # becomes line 3
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("templates/event.md.j2:3:1: error: template error: ")
    assert snapshot(prebuilt / "build" / "docs") == pages



def test_missing_catalogue_string_names_template_line_and_key(prebuilt: Path) -> None:
    result, pages = build_with_line_inserted(prebuilt, "partner.md.j2", 5, "{{ _('No such interface string') }}\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        "templates/partner.md.j2:6:1: error: rendering failed: interface string 'No such interface string'"
        " has no French in strings.fr.yml",
        "  hint: add the string and its translation to that language's catalogue, templates/strings.<language>.yml",
    ]
    assert snapshot(prebuilt / "build" / "docs") == pages


def test_helper_error_names_template_and_line(prebuilt: Path) -> None:
    result, pages = build_with_line_inserted(prebuilt, "event.md.j2", 4, "{{ 'Not An Id' | anchor }}\n")  # line 5
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("templates/event.md.j2:5:1: error: rendering failed: 'Not An Id' cannot be used as an anchor\n")
    assert snapshot(prebuilt / "build" / "docs") == pages

# --- new: skeleton records ---------------------------------------------------------------------


KIND_CHOICES = "use region, factor, donor, tool, partner, pid, event (or workshop, meeting), news, figure or survey"


@pytest.mark.parametrize("name", ["event", "workshop", "meeting"])
def test_new_event_and_its_aliases_write_to_content_events(project: Path, name: str) -> None:
    result = run_generator(project, "new", name, "regional-review-2026")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote content/events/regional-review-2026.yml; fill in its empty fields, then run 'make check'\n"
    text = (project / "content" / "events" / "regional-review-2026.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/event.schema.json\ntitle:\n")
    assert not (project / "content" / "workshops").exists()


def test_new_help_names_event_and_its_aliases(project: Path) -> None:
    result = run_generator(project, "new", "--help")
    assert result.returncode == 0
    assert "event (or workshop, meeting)" in " ".join(result.stdout.split())


@pytest.mark.parametrize(("args", "message"), [
    (("partner", "Bad_Id"), "error: 'Bad_Id' is not a valid id: lowercase letters, digits and hyphens, e.g. cote-divoire"),
    (("partner", "index"), "error: 'index' is not a valid id: lowercase letters, digits and hyphens, e.g. cote-divoire"),
    (("programme", "foo"), f"error: unknown record kind 'programme'; {KIND_CHOICES}"),
    (("partners", "foo"), f"error: unknown record kind 'partners'; {KIND_CHOICES}"),
])
def test_new_refuses_bad_input_cleanly(project: Path, args: tuple[str, str], message: str) -> None:
    before = snapshot(project / "content")
    result = run_generator(project, "new", *args)
    assert result.returncode == 1
    assert result.stderr == message + "\n"
    assert snapshot(project / "content") == before


def test_new_never_overwrites(project: Path) -> None:
    ghana = project / "content" / "partners" / "ghana.yml"
    before = ghana.read_bytes()
    result = run_generator(project, "new", "partner", "ghana")
    assert result.returncode == 1
    assert result.stderr == "error: content/partners/ghana.yml already exists\n"
    assert ghana.read_bytes() == before
