"""The record cache: ``check`` writes it, answers from it only what it may, and never serves a stale result.

Each test works on its own copy of the content and runs the in-process ``check``,
counting which files were validated again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_project

from generator import build, cache, load, parallel, validate
from generator.build import Checked, check
from generator.cache import CACHE_DIR, SHARDS, _shard
from generator.cli import main
from generator.fields import RefId
from generator.settings import CHECK_INPUTS, Settings, load_settings

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


# The remembered report: `check` as the command line runs it answers from build/cache/check.pickle
# while not one byte of its inputs has changed, and computes it again after any change.

REPORT = Path("build") / "cache" / "check.pickle"
ASSETS = "docs/assets"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The content with one untranslated text, and everything else `check` reads."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    root = copy_project(tmp_path / "project", ("content", "docs", "templates", "mkdocs.yml"))
    edit(root, GHANA, "  fr: |\n    Le Ghana fait partie", "    Le Ghana fait partie")  # the summary, in English only
    return root


@pytest.fixture
def reported(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The reports computed (not taken from build/cache/check.pickle) by the runs of one test."""
    computed: list[Path] = []
    real = build.check

    def counting(settings: Settings, now: dt.datetime | None = None, *, remember: bool = True) -> Checked:
        computed.append(settings.root)
        return real(settings, now, remember=remember)

    monkeypatch.setattr(build, "check", counting)
    return computed


def cli_check(root: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str, str]:
    """Exit code, standard error and output of `python -m generator check`, run in this process."""
    code = main(["--root", str(root), "check", *flags])
    captured = capsys.readouterr()
    return code, captured.err, captured.out


def fresh_check(root: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str, str]:
    """The same, computed without anything remembered."""
    shutil.rmtree(root / "build", ignore_errors=True)
    return cli_check(root, capsys, *flags)


FLAGS = [(), ("--untranslated",), ("--strict",), ("--strict", "--untranslated")]


@pytest.mark.parametrize("flags", FLAGS)
def test_check_remembers_its_report_and_tells_the_same(project: Path, capsys: pytest.CaptureFixture[str],
                                                       reported: list[Path], validated: list[str],
                                                       monkeypatch: pytest.MonkeyPatch, flags: tuple[str, ...]) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # annotations on standard output too
    first = cli_check(project, capsys, *flags)
    assert (project / REPORT).is_file() and len(reported) == 1
    assert "summary: not yet translated into French" in first[1] + first[2] or not set(flags) & {"--untranslated", "--strict"}
    assert "1 text(s) not yet translated (partners 1)" in first[1] or set(flags) & {"--untranslated", "--strict"}
    validated.clear()
    for _ in range(2):
        assert cli_check(project, capsys, *flags) == first
    assert len(reported) == 1 and validated == [], "answered without validating or resolving anything"
    for other in FLAGS:  # one report serves every way of printing it
        assert cli_check(project, capsys, *other) == fresh_check(project, capsys, *other)


def grow_a_file_past_the_limit(root: Path) -> None:
    (root / "content/partners/huge.yml").write_text("# " + "x" * cache.LARGE_FILE, encoding="utf-8")


def same_size_same_mtime(root: Path) -> None:
    path = root / GHANA
    before = path.stat()
    edit(root, GHANA, "country: GH", "country: gh")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


CHANGES: dict[str, Callable[[Path], object]] = {
    "a record's bytes, same size and mtime": same_size_same_mtime,
    "a record added": lambda root: shutil.copy(root / GHANA, root / "content/partners/ghana-copy.yml"),
    "a record removed": lambda root: (root / "content/regions/west-central-africa.yml").unlink(),
    "a record renamed": lambda root: (root / GHANA).rename(root / "content/partners/Ghana.yml"),
    "a hidden file added": lambda root: (root / "content/partners/.ghana.yml.swp").write_bytes(b"\0"),
    "an empty folder added": lambda root: (root / "content/partners/drafts").mkdir(),
    "a file past the size limit": grow_a_file_past_the_limit,
    "a French page removed": lambda root: (root / "docs/fr/editors/browser.md").unlink(),
    "a page added in a generated page's place": lambda root: (root / "docs/en/partners.md").write_text("# Mine\n", encoding="utf-8"),
}
"""Changes that change what `check` reports."""

QUIET_CHANGES: dict[str, Callable[[Path], object]] = {
    "the interface strings": lambda root: (root / "templates/strings.fr.yml").open("a").write("# more\n"),
    "the settings": lambda root: (root / "mkdocs.yml").open("a").write("# more\n"),
    "a page's bytes": lambda root: (root / "docs/en/editors/browser.md").open("a").write("\nMore.\n"),
    "an asset": lambda root: (root / ASSETS / "new.css").write_text("a {}\n", encoding="utf-8"),
}
"""Changes to what `check` reads that happen not to change its report: computed again all the same."""


@pytest.mark.parametrize("change", list(CHANGES) + list(QUIET_CHANGES))
def test_any_change_to_what_check_reads_computes_the_report_again(project: Path, capsys: pytest.CaptureFixture[str],
                                                                  reported: list[Path], change: str) -> None:
    before = cli_check(project, capsys)
    assert cli_check(project, capsys) == before and len(reported) == 1
    (CHANGES | QUIET_CHANGES)[change](project)
    after = cli_check(project, capsys)
    assert len(reported) == 2, "computed again"
    assert (after != before) == (change in CHANGES)
    assert after == fresh_check(project, capsys)
    assert cli_check(project, capsys) == after and len(reported) == 3, "then remembered again"


def test_other_code_another_date_or_another_python_computes_it_again(project: Path, capsys: pytest.CaptureFixture[str],
                                                                     reported: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    cli_check(project, capsys)
    monkeypatch.setattr(cache, "_fingerprint", lambda: b"another-generator")
    cli_check(project, capsys)
    assert len(reported) == 2
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1764000000 + 86400))
    cli_check(project, capsys)
    assert len(reported) == 3
    cli_check(project, capsys)
    assert len(reported) == 3


def test_one_edited_record_is_the_only_file_validated_again(project: Path, capsys: pytest.CaptureFixture[str],
                                                            reported: list[Path], validated: list[str]) -> None:
    cli_check(project, capsys)
    validated.clear()
    edit(project, GHANA, "country: GH", "country: gh")
    code, err, _ = cli_check(project, capsys)
    assert code == 1 and "content/partners/ghana.yml:3:10: error: country: 'gh' must be upper case" in err
    assert validated == [GHANA] and len(reported) == 2


RACES: dict[str, Callable[[Path], object]] = {
    "a record edited": lambda root: edit(root, GHANA, "country: GH", "country: gh"),
    "a record added": lambda root: shutil.copy(root / GHANA, root / "content/partners/ghana-copy.yml"),
    "a page removed": lambda root: (root / "docs/fr/editors/browser.md").unlink(),
}


@pytest.mark.parametrize("race", RACES)
@pytest.mark.parametrize("when", ["before validation", "after validation"])
def test_a_file_saved_while_check_runs_is_never_remembered_under_other_bytes(project: Path, capsys: pytest.CaptureFixture[str],
                                                                           monkeypatch: pytest.MonkeyPatch, when: str, race: str) -> None:
    """Changed after the walk that made the key: the report is kept only for the bytes it was computed from.

    Validation takes a record's bytes from the walk itself, so that report is right for the key; anything
    read again (a page, a new file) may differ from the walk, and nothing is kept.
    """
    real = build.check

    def racing(settings: Settings, now: dt.datetime | None = None, *, remember: bool = True) -> Checked:
        if when == "before validation":
            RACES[race](project)
        checked = real(settings, now, remember=remember)
        if when == "after validation":
            RACES[race](project)
        return checked

    monkeypatch.setattr(build, "check", racing)
    raced = cli_check(project, capsys)
    monkeypatch.setattr(build, "check", real)
    assert (project / REPORT).is_file() == (race == "a record edited")
    after = cli_check(project, capsys)
    assert after == fresh_check(project, capsys)
    assert (after != raced) == (when == "after validation" or race == "a record edited"), "the race run saw the change, or not"


def test_build_leaves_the_report_for_the_next_check(project: Path, capsys: pytest.CaptureFixture[str], reported: list[Path]) -> None:
    assert main(["--root", str(project), "build"]) == 0
    capsys.readouterr()
    assert len(reported) == 1, "build checked once"
    answered = cli_check(project, capsys)
    assert len(reported) == 1, "the check that build ran was remembered"
    assert answered == fresh_check(project, capsys)
    edit(project, GHANA, "country: GH", "country: gh")
    assert main(["--root", str(project), "build"]) == 1, "an invalid record: nothing generated"
    capsys.readouterr()
    assert cli_check(project, capsys) == fresh_check(project, capsys) and len(reported) == 5


def test_a_folder_linked_into_itself_is_walked_once(project: Path, capsys: pytest.CaptureFixture[str], reported: list[Path]) -> None:
    (project / "content/partners/loop").symlink_to("..", target_is_directory=True)
    first = cli_check(project, capsys)
    assert cli_check(project, capsys) == first and len(reported) == 1


def test_check_reads_nothing_but_its_inputs(project: Path) -> None:
    """Every file `check` opens or lists in the project is under CHECK_INPUTS (or is its own cache): the key misses nothing."""
    seen: list[str] = []
    _AUDIT.append(seen)
    try:
        build.check(load_settings(project))
    finally:
        _AUDIT.remove(seen)
    inside = {Path(path).resolve().relative_to(project) for path in seen if Path(path).resolve().is_relative_to(project)}
    assert any(path.parts[0] == "content" for path in inside) and any(path.parts[0] == "docs" for path in inside)
    allowed = [Path(part) for part in CHECK_INPUTS] + [Path("build/cache")]
    assert [path for path in inside if not any(path.is_relative_to(part) for part in allowed)] == []


def test_large_files_count_by_size_only_above_the_size_at_which_load_refuses_them() -> None:
    assert cache.LARGE_FILE >= load.MAX_FILE_BYTES


_AUDIT: list[list[str]] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _AUDIT and event in ("open", "os.scandir", "os.listdir") and args and isinstance(args[0], str | Path):
        _AUDIT[-1].append(os.fspath(args[0]))


sys.addaudithook(_audit)  # hooks cannot be removed: it records only while a test has a list in _AUDIT
