"""`python -m generator fmt`: one canonical layout, same values, idempotent; files saved by the web editor come back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_generator

from generator import fmt
from generator.load import load_file
from generator.schema import KINDS_BY_NAME
from generator.validate import validate

# A partner as Decap writes it: no header line, keys in form order of another day, its own quoting,
# text folded at 80 columns, a translatable text as a plain string, an emptied French box.
DECAP_PARTNER = """\
country: 'NO'
name: Norway
joined: 2019-01
cohort: '2019'
region: west-central-africa
summary:
  en: >-
    Norway is a test partner whose summary is long enough to be folded by the
    editor at eighty columns.


    A second paragraph.
  fr: ''
administration: Norwegian Customs
sources:
  - https://www.wcoomd.org/
"""

CANONICAL_PARTNER = """\
# yaml-language-server: $schema=../../schemas/partner.schema.json
name: Norway
country: "NO"
joined: "2019-01"
cohort: "2019"
region: west-central-africa
administration:
  en: Norwegian Customs
summary:
  en: |
    Norway is a test partner whose summary is long enough to be folded by the editor at eighty columns.

    A second paragraph.
sources:
  - https://www.wcoomd.org/
"""

DECAP_EVENT = """\
title:
  en: 'Workshop: integrity'
  fr: 'Atelier : intégrité'
start: 2026-03-02
end: 2026-03-03
venue:
  fr: Siège
  en: HQ
participants:
topics:
  - yes
  - '12:30'
"""

CANONICAL_EVENT = """\
# yaml-language-server: $schema=../../schemas/event.schema.json
title:
  en: "Workshop: integrity"
  fr: "Atelier : intégrité"
start: 2026-03-02
end: 2026-03-03
venue:
  en: HQ
  fr: Siège
participants: []
topics:
  - en: "yes"
  - en: "12:30"
"""


def _record(root: Path) -> dict[tuple[str, str], object]:
    content, _ = validate(root, remember=False)
    return {(kind, rid): dataclasses.replace(record, origin=None)  # type: ignore[type-var]
            for kind, records in content.records.items() for rid, record in records.items()}


def _format(tmp_path: Path, folder: str, name: str, text: str) -> str:
    path = tmp_path / "content" / folder / f"{name}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    kind = {"partners": "partner", "events": "event"}[folder]
    result = fmt.format_file(path, f"content/{folder}/{name}.yml", KINDS_BY_NAME[kind], name)
    assert result.text is not None, result.diagnostics
    return result.text


@pytest.mark.parametrize(("folder", "saved", "canonical"), [
    ("partners", DECAP_PARTNER, CANONICAL_PARTNER), ("events", DECAP_EVENT, CANONICAL_EVENT)])
def test_a_file_saved_by_the_editor_comes_back_to_canonical_form(tmp_path: Path, folder: str, saved: str, canonical: str) -> None:
    assert _format(tmp_path, folder, "sample", saved) == canonical
    assert _format(tmp_path, folder, "again", canonical) == canonical


def test_output_loads_with_the_project_rules(tmp_path: Path) -> None:
    text = _format(tmp_path, "partners", "sample", DECAP_PARTNER)
    path = tmp_path / "out.yml"
    path.write_text(text, encoding="utf-8")
    document, problems = load_file(path, "out.yml", "partners", "out")
    assert document is not None and not problems
    assert "&" not in text and "!" not in text


def test_real_content_keeps_its_values_and_is_stable(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", ("content",))
    before = _record(root)
    first = fmt.run(root)
    assert not [r.shown for r in first if r.diagnostics]
    assert _record(root) == before
    assert not [r.shown for r in fmt.run(root) if r.changed]  # idempotent
    texts = {p: p.read_text(encoding="utf-8") for p in (root / "content").rglob("*.yml")}
    assert all(text.startswith("# yaml-language-server: $schema=") for text in texts.values())


def test_fmt_check_reports_and_fmt_fixes(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", ("content",))
    path = root / "content" / "partners" / "norway.yml"
    path.write_text(DECAP_PARTNER, encoding="utf-8")
    fmt.run(root, [p for p in (root / "content").rglob("*.yml") if p != path])
    checked = run_generator(root, "fmt", "--check")
    assert checked.returncode == 1
    assert "content/partners/norway.yml:1:1: error: not in canonical layout" in checked.stderr
    assert path.read_text(encoding="utf-8") == DECAP_PARTNER  # --check writes nothing
    assert run_generator(root, "fmt").returncode == 0
    assert path.read_text(encoding="utf-8") == CANONICAL_PARTNER
    assert run_generator(root, "fmt", "--check").returncode == 0


def test_fmt_leaves_an_unreadable_file_alone(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", ("content",))
    path = root / "content" / "partners" / "broken.yml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    result = run_generator(root, "fmt")
    assert result.returncode == 1 and "content/partners/broken.yml:" in result.stderr
    assert path.read_text(encoding="utf-8") == "name: [unclosed\n"


def test_content_is_in_canonical_layout() -> None:
    """What the PR check runs; `python -m generator fmt` fixes a failure."""
    result = run_generator(ROOT, "fmt", "--check")
    assert result.returncode == 0, result.stderr
