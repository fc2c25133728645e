"""An editor's journey with `new`: skeleton → `check` names what is empty → fill in → `check --strict`,
`fmt --check` and `build` pass, with no reformatting step between.

Every kind `new` writes is covered (read from ``schema.KINDS``); the values typed in are the examples
of each field's declaration, typed as an editor types them: between the skeleton's quotes, after
a language's key, or after the field's name.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import run_generator

from generator import scaffold
from generator.schema import KINDS, RecordKind
from generator.urls import path_for

NEW_KINDS = [kind for kind in KINDS if kind.folder]
RECORD_ID = "zz-new-record"
EMPTY_FIELD = re.compile(r"^(?P<key>[a-z_]+):(?P<quotes> \"\")?$")
ERROR = re.compile(r"^(?P<path>\S+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.*)$", re.MULTILINE)


def example(kind: RecordKind, name: str) -> Any:
    """What the declaration offers as the field's example (or its type's sample), for this record."""
    value = kind.shape.fields[name].sample()
    return value.replace("{id}", RECORD_ID) if isinstance(value, str) else value


def fill(text: str, kind: RecordKind, leave: frozenset[str] = frozenset()) -> str:
    """The skeleton as an editor fills it in from the examples; the fields in ``leave`` (and 'name.fr' forms) stay empty."""
    lines, out, key = text.splitlines(), [], ""
    for line in lines:
        field = EMPTY_FIELD.match(line)
        if field:
            key = field["key"]
            value = example(kind, key)
            if key in leave:
                out.append(line)
            elif field["quotes"]:
                out.append(f'{key}: "{value}"')  # typed between the quotes
            elif isinstance(value, list):
                out.append(f"{key}: []" if not value else f"{key}:")
                out += [f"  - {item}" for item in value]
            elif _has_boxes(lines, line):
                out.append(line)
            else:
                out.append(f"{key}: {value['en'] if isinstance(value, dict) else value}")
            continue
        box = re.fullmatch(r"  (en|fr):", line)
        if box and f"{key}.{box[1]}" not in leave and key not in leave:
            value = example(kind, key)
            out.append(f"{line} {value[box[1]] if isinstance(value, dict) else value}")
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def _has_boxes(lines: list[str], line: str) -> bool:
    """Whether the skeleton gives the field one line per language, below it."""
    index = lines.index(line)
    return index + 1 < len(lines) and lines[index + 1].startswith("  en:")


def errors(result_stderr: str) -> list[tuple[str, int, int, str]]:
    return [(m["path"], int(m["line"]), int(m["col"]), m["message"]) for m in ERROR.finditer(result_stderr)]


def key_lines(text: str) -> dict[str, int]:
    """The line of each top-level key in a record's text."""
    return {line.split(":", 1)[0]: number for number, line in enumerate(text.splitlines(), 1)
            if line[:1].isalpha() and ":" in line}


@pytest.mark.parametrize("kind", NEW_KINDS, ids=[kind.name for kind in NEW_KINDS])
def test_an_unfilled_skeleton_fails_check_naming_each_empty_field(project: Path, kind: RecordKind) -> None:
    result = run_generator(project, "new", kind.name, RECORD_ID)
    assert result.returncode == 0, result.stderr
    shown = f"content/{kind.folder}/{RECORD_ID}.yml"
    assert result.stdout == f"wrote {shown}; fill in its empty fields, then run 'make check'\n"
    text = (project / shown).read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{kind.name}.schema.json\n")
    lines = key_lines(text)
    assert list(lines) == scaffold.skeleton_fields(kind)
    assert all(kind.shape.fields[name].required or kind.shape.fields[name].example is not None for name in lines)
    checked = run_generator(project, "check")
    assert checked.returncode == 1
    assert errors(checked.stderr) == [(shown, line, 1, f"{name}: not filled in") for name, line in lines.items()]
    for name in lines:
        hint = checked.stderr.split(f"error: {name}: not filled in\n", 1)[1].splitlines()[0]
        assert hint.startswith("  hint: fill it in: ") and kind.shape.fields[name].describe() in hint


def test_every_kind_filled_in_passes_check_fmt_and_build(project: Path) -> None:
    """One project with a new record of every kind: the journey an editor takes, without `fmt` between."""
    shown = {}
    for kind in NEW_KINDS:
        path = scaffold.create(project, kind.name, RECORD_ID)
        path.write_text(fill(path.read_text(encoding="utf-8"), kind), encoding="utf-8")
        shown[kind.name] = path.relative_to(project).as_posix()
    checked = run_generator(project, "check", "--strict")
    assert checked.returncode == 0, checked.stderr
    formatted = run_generator(project, "fmt", "--check")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    built = run_generator(project, "build", "--strict")
    assert built.returncode == 0, built.stderr
    docs = project / "build" / "docs" / "en"
    for kind in NEW_KINDS:  # each new record is in the open data, and those of kinds with pages have one
        records = json.loads((docs / "data" / f"{kind.data}.json").read_text(encoding="utf-8"))
        assert RECORD_ID in [record["id"] for record in records], kind.name
        if kind.pages:
            assert (docs / path_for(kind.name, RECORD_ID)).is_file(), kind.name


@pytest.mark.parametrize(("kind_name", "leave", "expected"), [
    ("partner", frozenset({"joined", "cohort"}), [("joined", "joined: not filled in"), ("cohort", "cohort: not filled in")]),
    ("event", frozenset({"venue.fr"}), [("venue", "venue: 'fr' is not filled in")]),
    ("news", frozenset({"body", "date"}), [("date", "date: not filled in"), ("body", "body: not filled in")]),
    ("survey", frozenset({"countries_note"}), [("countries_note", "countries_note: not filled in")]),
])
def test_a_half_filled_skeleton_names_exactly_what_is_left(project: Path, kind_name: str, leave: frozenset[str],
                                                           expected: list[tuple[str, str]]) -> None:
    kind = next(kind for kind in NEW_KINDS if kind.name == kind_name)
    path = scaffold.create(project, kind.name, RECORD_ID)
    text = fill(path.read_text(encoding="utf-8"), kind, leave)
    path.write_text(text, encoding="utf-8")
    shown = path.relative_to(project).as_posix()
    lines = key_lines(text)
    french = {"venue": text.splitlines().index("  fr:", lines["venue"]) + 1} if "venue" in lines else {}
    checked = run_generator(project, "check")
    assert checked.returncode == 1
    assert errors(checked.stderr) == [(shown, french.get(name, lines[name]), 3 if name in french else 1, message)
                                      for name, message in expected]


def test_a_skeleton_never_reaches_the_site(project: Path) -> None:
    """Saved unedited, a new partner stops the build: nothing of it is generated."""
    scaffold.create(project, "partner", RECORD_ID)
    result = run_generator(project, "build")
    assert result.returncode == 1
    assert "content/partners/zz-new-record.yml:2:1: error: name: not filled in" in result.stderr
    assert list((project / "build").rglob(f"*{RECORD_ID}*")) == []
