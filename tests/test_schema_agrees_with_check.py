"""The JSON Schemas and `check` agree on every rule that concerns a single file.

Editors' tools validate a record against its kind's JSON Schema as they type; `check` decides
what is published. Each real record (the largest of each kind) is mutated one field at a time
(wrong types, empty values and lists, impossible dates, long ids, numbers for dates and years,
plain spellings YAML 1.2 types differently from YAML 1.1, …); each mutated file is then judged
twice: by the validation stage of `check`, and by ``jsonschema`` reading the file as editors' tools
read it (YAML 1.2, through ruamel.yaml: a date stays a string). The verdicts must be the same.

What only `check` can say (references to other records, an end before its start) is left out:
the validation stage does not resolve references, and the few comparisons between fields that no
schema can state are named in ``CHECK_ONLY``, as each schema's description names them to editors.
"""

from __future__ import annotations

import copy
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import GOLDEN_CONTENT, ROOT
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from generator.cache import Source
from generator.errors import Severity
from generator.fields import USER_ASSIGNED, Field, ListOf, Obj, Text
from generator.schema import KINDS, RecordKind
from generator.validate import validate_file

CHECK_ONLY = re.compile(r"^(end: .* is before start |countries_count: .* is fewer than the |disputed: .* is also listed in countries)")
"""The messages of the comparisons between fields that a JSON Schema cannot state (see each schema's description)."""


class _DatesStayText(SafeConstructor):
    """YAML 1.2 as editors' tools read it: the core schema, where 2019-01-31 is a string."""


_DatesStayText.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


def editors_reading(text: str) -> Any:
    reader = YAML(typ="safe", pure=True)
    reader.Constructor = _DatesStayText
    return reader.load(text)


class Plain(str):
    """A value written as typed, without quotes: ``012``, ``True``, ``1e3`` (each YAML version reads its own way)."""


class _Dumper(yaml.SafeDumper):
    pass


def _plain(dumper: yaml.SafeDumper, value: Plain) -> ScalarNode:
    return dumper.represent_scalar(dumper.resolve(ScalarNode, str(value), (True, False)), str(value))


_Dumper.add_representer(Plain, _plain)


def write(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


# Values put in place of a field (or of a list's first item): every type, blank and empty forms, dates
# real and impossible, ids valid and not, and plain spellings that YAML 1.1 and 1.2 read differently.
VALUES: list[Any] = [
    None, "", "   ", 12345, -1, 0, 3.5, True, False, float("inf"), Plain("True"), Plain("yes"), Plain("NO"), "true", "12345",
    Plain("012"), Plain("0x1F"), Plain("0o17"), Plain("1e3"), Plain("3.0"), Plain("+5"), Plain(".5"), [], ["ghana"], [12345],
    [None], ["ghana", "ghana"], {"a": 1}, {}, {"en": "Text"}, {"en": "Text", "fr": "Texte"}, {"fr": "Texte"}, {"en": ""},
    {"en": None, "fr": None}, {"en": "Text", "fr": None}, {"en": "Text", "de": "Text"}, {"en": 12345}, "x" * 5000, "x" * 201,
    "a" * 81, "a" * 80, "ghana", "Not An Id", "-ghana", "GH", "gh", "ZZ", "2019", Plain("2019"), Plain("1899"), Plain("2201"),
    "2019-04", "2019-4", "2019-00", "2019-02-29", "2020-02-29", "1900-02-29", "2000-02-29", "2019-02-30", "2019-04-31",
    "2019-13", "1899", "2201", "2200-12-31", "2019-04-28", Plain("2019-04-28"), "2019-04-28T10:00", "https://example.org/page",
    "http://", "https://exa mple.org", "javascript:alert(1)", "mailto:someone@example.org", "mailto:nobody", "line\nbreak",
    "tab\there", "bell\u0007", "completed", "workshop", "not-published", "agreed", "total", "added", 1990, 2100, 2101, 100_001,
]


# In place of one language of a text: the values a text can go wrong with.
TEXT_VALUES: list[Any] = [None, "", "   ", 12345, 3.5, True, Plain("True"), [], {"a": 1}, "x" * 5000, "x" * 201, "line\nbreak",
                          "tab\there", "bell\u0007", "2019-04-28", "Text"]


@dataclass(frozen=True)
class Mutation:
    where: str
    data: Any


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _fields(spec: Obj, data: Any, path: tuple[Any, ...]) -> Iterator[Mutation]:
    """Mutations of each field of the mapping at ``path``: removed, replaced by each value, and inside it."""
    here = _at(data, path)
    shown = ".".join(map(str, path))
    for name, field in spec.fields.items():
        if name in here:
            removed = copy.deepcopy(data)
            del _at(removed, path)[name]
            yield Mutation(f"{shown}.{name} removed", removed)
        for value in VALUES:
            changed = copy.deepcopy(data)
            _at(changed, path)[name] = copy.deepcopy(value)
            yield Mutation(f"{shown}.{name} = {value!r:.40}", changed)
        if name in here:
            yield from _inside(field, data, (*path, name))
    unknown = copy.deepcopy(data)
    _at(unknown, path)["colour"] = "red"
    yield Mutation(f"{shown}.colour added", unknown)


def _inside(field: Field, data: Any, path: tuple[Any, ...]) -> Iterator[Mutation]:
    """Mutations inside a present value: a list's first item, a nested mapping's fields, a text's languages."""
    value = _at(data, path)
    if isinstance(field, ListOf) and isinstance(value, list) and value:
        for item in VALUES:
            changed = copy.deepcopy(data)
            _at(changed, path)[0] = copy.deepcopy(item)
            yield Mutation(f"{'.'.join(map(str, path))}[0] = {item!r:.40}", changed)
        if isinstance(field.item, Obj) and isinstance(value[0], dict):
            yield from _fields(field.item, data, (*path, 0))
    elif isinstance(field, Obj) and isinstance(value, dict):
        yield from _fields(field, data, path)
    elif isinstance(field, Text) and isinstance(value, dict):
        for lang in value:
            for item in TEXT_VALUES:
                changed = copy.deepcopy(data)
                _at(changed, path)[lang] = copy.deepcopy(item)
                yield Mutation(f"{'.'.join(map(str, path))}.{lang} = {item!r:.40}", changed)


def mutations(kind: RecordKind, record: dict[str, Any]) -> Iterator[Mutation]:
    wrapper = {"record": record}
    for mutation in _fields(kind.shape, wrapper, ("record",)):
        yield Mutation(mutation.where.removeprefix("record."), mutation.data["record"])


def _paths(data: Any, where: str = "") -> set[str]:
    """The field paths a record fills in (list items as []): what its mutations reach."""
    if isinstance(data, dict):
        return {where} | {path for key, value in data.items() for path in _paths(value, f"{where}.{key}")}
    if isinstance(data, list):
        return {where} | {path for item in data for path in _paths(item, where + "[]")}
    return {where}


def records(kind: RecordKind) -> list[Path]:
    """The kind's largest real record; and the golden project's, where it fills in fields the real one does not
    (no real PID has outcomes yet)."""
    chosen = []
    for content in (ROOT / "content", GOLDEN_CONTENT):
        files = [content / f"{kind.name}.yml"] if not kind.folder else sorted((content / kind.folder).glob("*.yml"))
        largest = max(files, key=lambda path: (path.stat().st_size, path.name))
        reached = _paths(editors_reading(largest.read_text(encoding="utf-8")))
        if not chosen or not reached <= _paths(editors_reading(chosen[0].read_text(encoding="utf-8"))):
            chosen.append(largest)
    return chosen


RECORDS = [(kind, path) for kind in KINDS for path in records(kind)]


def check_accepts(kind: RecordKind, path: Path, text: str) -> tuple[bool, list[str]]:
    """The validation stage's verdict on one file: its errors, less those no schema can state."""
    shown = f"content/{kind.folder}/{path.name}" if kind.folder else f"content/{path.name}"
    result = validate_file(Source(path, shown, kind.name, path.stem), text.encode("utf-8"))
    errors = [d.message for d in result.diagnostics if d.severity is Severity.ERROR and not CHECK_ONLY.match(d.message)]
    return not errors, errors


def schema_accepts(validator: Draft202012Validator, text: str) -> tuple[bool, list[str]]:
    errors = [f"{'.'.join(map(str, e.absolute_path)) or '(record)'}: {e.message:.80}" for e in validator.iter_errors(editors_reading(text))]
    return not errors, errors


def real_countries(value: Any) -> Any:
    """The golden project's fictitious country codes (XA–XZ, accepted by its own setting only) as a real one:
    the mutations test the schema's rules, which are the real site's."""
    if isinstance(value, dict):
        return {key: real_countries(item) for key, item in value.items()}
    if isinstance(value, list):
        return [real_countries(item) for item in value]
    return "GH" if isinstance(value, str) and value in USER_ASSIGNED else value


@pytest.mark.parametrize(("kind", "path"), RECORDS, ids=[path.relative_to(ROOT).as_posix() for _, path in RECORDS])
def test_the_schema_and_check_agree_on_each_mutation(kind: RecordKind, path: Path) -> None:
    record = real_countries(editors_reading(path.read_text(encoding="utf-8")))
    validator = Draft202012Validator(kind.json_schema())
    assert check_accepts(kind, path, write(record)) == (True, []) and schema_accepts(validator, write(record)) == (True, [])
    disagreements, verdicts = [], {True: 0, False: 0}
    for mutation in mutations(kind, record):
        text = write(mutation.data)
        by_check, check_errors = check_accepts(kind, path, text)
        by_schema, schema_errors = schema_accepts(validator, text)
        verdicts[by_check] += 1
        if by_check != by_schema:
            disagreements.append(f"{mutation.where}: check {check_errors or 'accepts'}, schema {schema_errors or 'accepts'}")
    total = sum(verdicts.values())
    assert total >= 400 and verdicts[True] >= 100 and verdicts[False] >= 200, verdicts  # both verdicts, in numbers
    assert disagreements == [], f"{len(disagreements)} of {total} mutations disagree:\n" + "\n".join(disagreements[:40])


def test_the_yaml_reading_is_the_editors_one() -> None:
    """The reader above is YAML 1.2: dates and 'NO' stay text, 012 is twelve; PyYAML (1.1) reads all three otherwise."""
    text = "a: 2019-01-31\nb: NO\nc: 012\nd: 1e3\n"
    assert editors_reading(text) == {"a": "2019-01-31", "b": "NO", "c": 12, "d": 1000.0}
    older = yaml.safe_load(io.StringIO(text))
    assert older["b"] is False and older["c"] == 10 and older["d"] == "1e3" and not isinstance(older["a"], str)
    assert math.isinf(editors_reading("x: .inf\n")["x"])
