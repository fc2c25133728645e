"""Property tests: whatever an editor saves, ``check`` answers with diagnostics, never a traceback.

Each property uses one temporary project for all its examples: an example
overwrites one record file, runs the in-process ``check`` and puts the file back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import ATLANTIS_PATH, ATLANTIS_TEXT, PID_TEXT

from generator.build import Checked, check
from generator.errors import errors_in
from generator.schema import KINDS
from generator.settings import load_settings

NOW = dt.datetime(2025, 11, 24, tzinfo=dt.UTC)
PROPERTY = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

GHANA = "content/partners/ghana.yml"
PID = "content/pids/atlantis.yml"  # the sample PID's invented content belongs to a fictitious partner
TARGETS = [GHANA, PID, "content/events/isc-2020.yml", "content/donors/norad.yml",
           "content/factors/transparency.yml", "content/news/annual-meeting-2024.yml", "content/programme.yml",
           "content/regions/asia-pacific.yml", "content/tools/cips.yml"]
# The shared PID, plus a second measure and an event reference, for the mutations to work on.
PID_WITH_OUTCOMES = PID_TEXT + """\
      - title: {en: Train the staff, fr: Former le personnel}
        status: planned
discussed_at: [coordinators-workshop-2020]
"""
_BREAKS = re.compile(rb"\r\n|\r|\n")


class Project:
    """One throwaway project; ``trial`` writes one file, checks, and restores it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.settings = load_settings(root)
        self.originals = {target: (root / target).read_bytes() for target in TARGETS}

    @contextmanager
    def written(self, target: str, data: bytes) -> Iterator[Checked]:
        path = self.root / target
        path.write_bytes(data)
        try:
            yield check(self.settings, NOW)
        finally:
            path.write_bytes(self.originals[target])

    def trial(self, target: str, data: bytes) -> Checked:
        with self.written(target, data) as checked:
            assert_well_placed(checked, target, data)
            return checked


def assert_well_placed(checked: Checked, target: str, data: bytes) -> None:
    """Every diagnostic points into content/, at a line and column that exist."""
    lines = _BREAKS.split(data) or [b""]
    for d in checked.diagnostics:
        assert d.path.startswith("content/"), d
        assert d.line >= 1 and d.col >= 1, d
        assert d.message and "Traceback" not in d.message, d
        shown = d.format().split("\n")  # one line per problem, one for its hint, whatever the file held
        assert len(shown) == (2 if d.hint else 1) and shown[0].startswith(f"{d.path}:{d.line}:{d.col}: {d.severity.value}: "), shown
        assert "\r" not in d.format() and "\x1b" not in d.format(), shown  # no carriage return or terminal escape
        assert "\n" not in d.github() and "\r" not in d.github(), d  # the runner reads one command per line
        if d.path == target:
            assert d.line <= len(lines), (d, len(lines))
            assert d.col <= len(lines[d.line - 1]) + 1, (d, lines[d.line - 1])
    if errors_in(checked.diagnostics):
        assert checked.site is None


@pytest.fixture
def trials(tmp_path: Path) -> Project:
    root = copy_project(tmp_path / "project", ("content", "mkdocs.yml"))  # no docs/: faster, same validation
    (root / ATLANTIS_PATH).write_text(ATLANTIS_TEXT, encoding="utf-8")
    (root / PID).write_text(PID_WITH_OUTCOMES, encoding="utf-8")
    return Project(root)


# --- (a) arbitrary bytes and text ---------------------------------------------------------------

TOKENS = ["name:", "country:", "joined:", "cohort:", "summary:", "en:", "fr:", "sources:", "participants:", "specific_outcomes:",
          "measures:", "status:", " ", "  ", "\t", "\n", "\r\n", "\r", "- ", "[", "]", "{", "}", ":", ",", "? ", "&a ", "*a",
          "!foo ", "!!python/object:os.system ", "!!binary ", "<<: ", "---\n", "...\n", "# note", "'", '"', "|\n", ">-\n",
          "%YAML 1.1\n", "Ghana", "ghana", "GH", "NO", "no", "012", "yes", "~", "null", "2019-01", "2020-02-30", "1e309",
          "9" * 40, "https://[x", "javascript:alert(1)", "\ufeff", "\u2028", "\x85", "\x00", "\x07", "é", "😀", "\\"]
yamlish_text = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
arbitrary_bytes = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=600).map(lambda s: s.encode("utf-8", "surrogatepass")),
    yamlish_text.map(lambda s: s.encode("utf-8")),
    st.tuples(yamlish_text, st.binary(max_size=4), yamlish_text).map(lambda t: t[0].encode() + t[1] + t[2].encode()),
)


@PROPERTY
@given(data=arbitrary_bytes)
def test_any_bytes_give_diagnostics_not_exceptions(trials: Project, data: bytes) -> None:
    checked = trials.trial(GHANA, data)
    errors = errors_in(checked.diagnostics)
    if errors:
        assert {d.path for d in errors} == {GHANA}, "a broken ghana.yml must not be blamed on the files that name ghana"
    else:
        assert checked.site is not None and "ghana" in checked.site.partners


# --- (b) arbitrary YAML structures, and mutations of real records ---------------------------------

FIELD_NAMES = sorted({name for kind in KINDS for name in kind.shape.fields} | {"en", "fr", "value", "year", "title", "measures"})
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.dates(), st.text(max_size=40),
    st.sampled_from(["ghana", "mali", "NO", "no", "012", "yes", "2019-01", "2019-13", "2024-02-30", "completed", "done",
                     "transparency", "https://www.wcoomd.org/", "javascript:alert(1)", "x" * 400]),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))
trees = st.recursive(scalars, lambda children: st.one_of(st.lists(children, max_size=5),
                                                         st.dictionaries(keys, children, max_size=6)), max_leaves=40)
documents = st.one_of(st.dictionaries(keys, trees, max_size=10), trees)


@PROPERTY
@given(target=st.sampled_from(TARGETS), document=documents, flow=st.sampled_from([None, True, False]),
       unicode=st.booleans(), width=st.sampled_from([20, 80, 4096]))
def test_any_yaml_structure_is_checked(trials: Project, target: str, document: object, flow: bool | None,
                                       unicode: bool, width: int) -> None:
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=unicode, width=width)
    checked = trials.trial(target, text.encode("utf-8"))
    syntax = [d for d in checked.diagnostics if d.message.startswith("YAML syntax error")]
    assert not syntax, "PyYAML's own output must parse"


def _replace_value(line: bytes, value: bytes) -> bytes:
    key, sep, _ = line.partition(b":")
    return key + sep + b" " + value if sep else value


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    target, base = draw(st.sampled_from([
        (GHANA, (ROOT / GHANA).read_bytes()),
        (PID, PID_WITH_OUTCOMES.encode()),
        ("content/events/isc-2020.yml", (ROOT / "content/events/isc-2020.yml").read_bytes()),
    ]))
    lines = base.split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [b""]
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        token = draw(st.sampled_from(TOKENS)).encode()
        match draw(st.sampled_from(["delete", "duplicate", "swap", "value", "insert", "indent", "dedent", "truncate", "splice"])):
            case "delete":
                del lines[i]
            case "duplicate":
                lines.insert(i, lines[i])
            case "swap":
                lines[i], lines[j] = lines[j], lines[i]
            case "value":
                lines[i] = _replace_value(lines[i], draw(st.sampled_from([*TOKENS, "", "[]", "{}", "- x"])).encode())
            case "insert":
                k = draw(st.integers(0, len(lines[i])))
                lines[i] = lines[i][:k] + token + lines[i][k:]
            case "indent":
                lines[i] = b"  " + lines[i]
            case "dedent":
                lines[i] = lines[i][2:] if lines[i].startswith(b"  ") else lines[i].lstrip()
            case "truncate":
                lines = lines[: i + 1]
                lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
            case "splice":
                lines[i] = lines[i] + draw(st.binary(min_size=1, max_size=3))
    return target, b"\n".join(lines)


@PROPERTY
@given(case=mutated())
def test_mutated_real_records_are_checked(trials: Project, case: tuple[str, bytes]) -> None:
    target, data = case
    trials.trial(target, data)


def test_unmutated_bases_are_valid(trials: Project) -> None:
    """The properties start from valid records, so a mutation is the only mistake."""
    with trials.written(PID, PID_WITH_OUTCOMES.encode()) as checked:
        assert errors_in(checked.diagnostics, strict=True) == []
        assert checked.site is not None and len(checked.site.pids["atlantis"].specific_outcomes[0].measures) == 2
