"""The record cache: ``check`` writes it, answers from it only what it may, and never serves a stale result.

Each test works on its own copy of the content and runs the in-process ``check``,
counting which files were validated again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_project

from generator import cache, parallel, validate
from generator.build import Checked, check
from generator.cache import CACHE_DIR, SHARDS, _shard
from generator.fields import RefId
from generator.settings import load_settings

NOW = dt.datetime(2025, 11, 24, tzinfo=dt.UTC)
GHANA = "content/partners/ghana.yml"
UPPER_CASE = (GHANA, 3, 10, "country: 'gh' must be upper case")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", ("content", "mkdocs.yml"))


def run(root: Path) -> Checked:
    return check(load_settings(root), NOW)


def located(checked: Checked) -> list[tuple[str, int, int, str]]:
    return [(d.path, d.line, d.col, d.message) for d in checked.diagnostics]


def canon(value: Any) -> Any:
    """A record as plain values, with what a RefId remembers (its equality ignores it)."""
    if isinstance(value, RefId):
        return ("ref", str(value), value.line, value.col, value.where)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *((f.name, canon(getattr(value, f.name))) for f in dataclasses.fields(value)))
    if isinstance(value, tuple | list):
        return tuple(canon(item) for item in value)
    if isinstance(value, dict):
        return tuple((key, canon(item)) for key, item in value.items())
    return value


def outcome(checked: Checked) -> Any:
    return located(checked), canon(checked.site) if checked.site else None


@pytest.fixture
def validated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files validated (not answered from the cache) by the runs of one test, in order."""
    shown: list[str] = []
    real = validate.validate_file

    def counting(source: cache.Source, data: bytes | None = None) -> cache.FileResult:
        shown.append(source.shown)
        return real(source, data)

    monkeypatch.setattr(validate, "validate_file", counting)
    return shown


def stored(root: Path, shown: str) -> Path:
    """The cache file (shard) that holds a record file's entry."""
    return root / CACHE_DIR / f"{_shard(shown):02d}.pickle"


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_check_writes_the_cache_then_answers_from_it(root: Path, validated: list[str]) -> None:
    records = sorted((root / "content").rglob("*.yml"))
    first = run(root)
    assert {p.name for p in (root / CACHE_DIR).iterdir()} <= {f"{shard:02d}.pickle" for shard in range(SHARDS)}
    assert stored(root, GHANA).is_file()
    assert len(validated) == len(records)
    validated.clear()
    second = run(root)
    assert validated == []
    assert outcome(second) == outcome(first)


def test_an_edited_file_is_validated_again(root: Path, validated: list[str]) -> None:
    run(root)
    validated.clear()
    edit(root, GHANA, "country: GH", "country: gh")
    assert UPPER_CASE in located(run(root))
    assert validated == [GHANA]
    edit(root, GHANA, "country: gh", "country: GH")
    assert located(run(root)) == []


def test_a_deleted_file_is_forgotten_and_only_its_shard_rewritten(root: Path) -> None:
    run(root)
    cips = "content/tools/cips.yml"
    assert cips.encode() in stored(root, cips).read_bytes()
    others = {path: path.stat().st_mtime_ns for path in (root / CACHE_DIR).iterdir() if path != stored(root, cips)}
    (root / cips).unlink()
    run(root)
    assert cips.encode() not in stored(root, cips).read_bytes()
    assert {path: path.stat().st_mtime_ns for path in others} == others


def test_a_same_size_rewrite_with_the_old_mtime_is_seen(root: Path) -> None:
    run(root)
    path = root / GHANA
    before = path.stat()
    edit(root, GHANA, "country: GH", "country: gh")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert UPPER_CASE in located(run(root))


def test_a_rewrite_with_size_times_and_inode_unchanged_is_seen(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worst case for a stat-based cache (a coarse clock): only the bytes tell, and the bytes are what is compared."""
    run(root)
    path = root / GHANA
    before = os.stat(path)
    edit(root, GHANA, "country: GH", "country: gh")
    real: Callable[..., os.stat_result] = os.stat
    monkeypatch.setattr(cache.os, "stat", lambda target, *args, **kwargs: before if Path(target) == path else real(target, *args, **kwargs))
    assert UPPER_CASE in located(run(root))


def test_a_cache_from_other_code_is_ignored(root: Path, monkeypatch: pytest.MonkeyPatch, validated: list[str]) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(cache, "_fingerprint", lambda: b"another-generator")
        edit(root, GHANA, "country: GH", "country: gh")
        run(root)  # remembers the error, under the other fingerprint
        edit(root, GHANA, "country: gh", "country: GH")
    validated.clear()
    assert stored(root, GHANA).read_bytes().startswith(b"another-generator\n")
    assert located(run(root)) == []
    assert len(validated) == len(list((root / "content").rglob("*.yml")))
    assert stored(root, GHANA).read_bytes().startswith(cache._fingerprint() + b"\n")


def test_an_unreadable_cache_is_ignored(root: Path, validated: list[str]) -> None:
    first = run(root)
    shard = stored(root, GHANA)
    shard.write_bytes(shard.read_bytes()[: shard.stat().st_size // 2])  # truncated
    validated.clear()
    assert outcome(run(root)) == outcome(first)
    assert GHANA in validated, "nothing could be taken from a truncated shard"


def validated_content(root: Path, *, remember: bool = True) -> Any:
    """Everything validation gives (records, known ids, counts, diagnostics) as plain values."""
    content, diagnostics = validate.validate(root, remember=remember)
    return canon(content.records), content.known, content.translatable, content.translated, canon(diagnostics)


@pytest.mark.parametrize("child_fails", [False, True])
def test_a_second_process_gives_the_same_results(root: Path, monkeypatch: pytest.MonkeyPatch, child_fails: bool) -> None:
    edit(root, GHANA, "country: GH", "country: gh")
    (root / "content/partners/togo.yml").write_text("name: Togo\ncountry: TG\njoined: 2019-13\ncohort: '2019'\nregoin: x\n",
                                                     encoding="utf-8")
    alone = validated_content(root, remember=False)
    assert len(alone[-1]) >= 3 and alone[0]
    monkeypatch.setattr(cache, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    if child_fails:  # its share is then validated here
        parent, real = os.getpid(), cache._pack
        monkeypatch.setattr(cache, "_pack", lambda result: real(result) if os.getpid() == parent else 1 / 0)
    forks: list[int] = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    assert validated_content(root) == alone
    assert forks == [1]
    assert validated_content(root) == alone  # and what the cache kept of it
