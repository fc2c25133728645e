"""What is never published: records marked ``internal: true`` and the private fields (``notes``, ``contact``).

* A public record cannot link an internal one: for every reference field the declarations hold
  (read from ``schema.KINDS``, not listed here), marking its target internal is an error at the
  reference, and none once the linking record is internal too.
* A built site with an internal record of every kind, each copied from a public one with a secret
  name, holds none of them in any file: pages, open data, search index, feed, calendar, sitemaps,
  link-preview cards (named after their pages) or the web editor's config.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, copy_golden_project, copy_project, run_generator

from generator.fields import Field, ListOf, Obj, Ref, Text
from generator.schema import KINDS, RecordKind

ERROR = re.compile(r"^(?P<path>\S+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.*)$", re.MULTILINE)


def _ids(spec: Field, value: Any, target: str) -> Iterator[str]:
    """The ids of ``target`` records that ``value`` (read with ``spec``) refers to, at any depth."""
    if isinstance(spec, Ref) and spec.kind == target and isinstance(value, str):
        yield value
    elif isinstance(spec, ListOf) and isinstance(value, list):
        for item in value:
            yield from _ids(spec.item, item, target)
    elif isinstance(spec, Obj) and isinstance(value, dict):
        for name, child in spec.fields.items():
            yield from _ids(child, value.get(name), target)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _save(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _files(kind: RecordKind, root: Path = ROOT) -> list[Path]:
    return [root / "content" / f"{kind.name}.yml"] if not kind.folder else sorted((root / "content" / kind.folder).glob("*.yml"))


def _referenced_kinds() -> list[str]:
    """Every kind some declared field refers to."""
    found: set[str] = set()

    def walk(spec: Field) -> None:
        if isinstance(spec, Ref):
            found.add(spec.kind)
        elif isinstance(spec, ListOf):
            walk(spec.item)
        elif isinstance(spec, Obj):
            for child in spec.fields.values():
                walk(child)
    for kind in KINDS:
        walk(kind.shape)
    return sorted(found)


def _most_linked(target: str, root: Path) -> tuple[str, list[Path]]:
    """The public ``target`` record the most records of ``root`` link to, and those records' files."""
    linked: dict[str, list[Path]] = {}
    for kind in KINDS:
        for path in _files(kind, root):
            data = _load(path)
            if not data.get("internal"):
                for ref in set(_ids(kind.shape, data, target)):
                    linked.setdefault(ref, []).append(path)
    assert linked, f"no record links a {target}: nothing to test"
    ref = max(sorted(linked), key=lambda key: len(linked[key]))
    return ref, linked[ref]


@pytest.mark.parametrize("target", _referenced_kinds())
def test_a_public_record_cannot_link_an_internal_one(tmp_path: Path, target: str) -> None:
    """On the golden project, whose fictitious records link every kind (no real PID has outcomes, which link factors)."""
    project = copy_golden_project(tmp_path / "project")
    ref, linking = _most_linked(target, project)
    kind = next(kind for kind in KINDS if kind.name == target)
    path = project / "content" / kind.folder / f"{ref}.yml"
    _save(path, {**_load(path), "internal": True})
    result = run_generator(project, "check")
    assert result.returncode == 1
    message = f"{target} '{ref}' is internal and cannot be linked from a public record"
    found = sorted({m["path"] for m in ERROR.finditer(result.stderr) if m["message"].endswith(message)})
    assert found == sorted(path.relative_to(project).as_posix() for path in linking), result.stderr
    assert "hint: remove the reference or make that record public" in result.stderr
    for linking_path in linking:  # an internal record may link another
        _save(linking_path, {**_load(linking_path), "internal": True})
    again = run_generator(project, "check")
    assert message not in again.stderr, again.stderr


# --- a built site with an internal record of every kind ---------------------------------------------

SECRET = "zzyzx"  # in each internal record's id and name; and the value of private fields of public records


def _source(kind: RecordKind) -> Path:
    """The public record to copy: one dated to the day where the kind has dates (the feed and calendar list only those)."""
    files = [path for path in _files(kind) if not _load(path).get("internal")]
    dated = [path for path in files if re.search(r"^(date|start|end): \d{4}-\d\d-\d\d$", path.read_text(encoding="utf-8"), re.M)]
    return (dated or files)[0]


def _add_internal_records(root: Path) -> dict[str, str]:
    """An internal copy of a public record of every kind, its first text renamed: {kind: id of the original}."""
    originals = {}
    for kind in KINDS:
        if not kind.folder:
            continue
        source = _source(kind)
        data = _load(source)
        texts = [name for name, spec in kind.shape.fields.items() if isinstance(spec, Text) and not spec.private]
        name = next((name for name in texts if kind.shape.fields[name].required), texts[0])
        data.update({name: {"en": f"{SECRET.title()} secret {kind.name}", "fr": f"{SECRET.title()} secret {kind.name}"},
                     "internal": True, "notes": f"{SECRET} note"})
        if kind.name == "pid":  # a partner has one PID: this one belongs to the internal partner
            data["partner"] = f"{SECRET}-partner"
        _save(root / "content" / kind.folder / f"{SECRET}-{kind.name}.yml", data)
        originals[kind.name] = source.stem
    for kind_folder, name, field in (("partners", "nepal", "notes"), ("partners", "tunisia", "contact"), ("events", "isc-2020", "notes")):
        path = root / "content" / kind_folder / f"{name}.yml"
        _save(path, {**_load(path), field: f"{SECRET} {field}"})
    return originals


def _texts(site: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield path.relative_to(site).as_posix(), gzip.decompress(data) if path.suffix == ".gz" else data


def test_internal_records_and_private_fields_reach_no_file_of_the_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    originals = _add_internal_records(root)
    result = run_generator(root, "site")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    texts = dict(_texts(site))
    leaks = [name for name, text in texts.items() if SECRET in name.lower() or SECRET.encode() in text.lower()]
    assert leaks == []
    # Each channel was there to leak into, and shows the public originals (so the search above is not vacuous).
    data = {kind.name: json.loads(texts[f"data/{kind.data}.json"]) for kind in KINDS if kind.folder}
    for kind_name, original in originals.items():
        assert original in [record["id"] for record in data[kind_name]], kind_name
    for lang in ("", "fr/"):
        assert f"/events/{originals['event']}/".encode() in texts[f"{lang}sitemap.xml"]
        assert f"{originals['event']}@".encode() in texts[f"{lang}events.ics"]
        assert f"news/{originals['news']}/".encode() in texts[f"{lang}feed.xml"]
        assert f"events/{originals['event']}/".encode() in texts[f"{lang}search/search_index.json"]
    assert f"assets/cards/partners/{originals['partner']}.png" in texts
    assert not any(name.startswith("assets/cards/") and SECRET in name for name in texts)
