"""Stage 2 — validate: every file of content/ against its schema, into typed records.

All files are read and all problems collected before anything is decided, so an
editor sees every mistake of a change at once.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator import model
from generator.cache import FileResult, Source, cached
from generator.errors import Diagnostic, Severity
from generator.fields import ID_PATTERN, Context, FieldError, report
from generator.load import Document, load_file
from generator.schema import KINDS, KINDS_BY_FOLDER, KINDS_BY_FORMER_FOLDER, KINDS_BY_NAME, RecordKind

RESERVED_IDS = frozenset({"index", "tags", "search", "assets", "data", "404", *model.LANGUAGES})


@dataclass
class Content:
    """Every valid record, by kind and id."""

    records: dict[str, dict[str, model.Record]] = field(default_factory=lambda: {k.name: {} for k in KINDS})
    known: dict[str, set[str]] = field(default_factory=lambda: {k.name: set() for k in KINDS})
    """Ids of every record file found, valid or not: a broken record is not also an unknown one."""
    translatable: int = 0
    translated: dict[str, int] = field(default_factory=dict)  # per language

    def of(self, kind: str) -> dict[str, model.Record]:
        return self.records[kind]


def _suffix(name: str) -> str:
    """``PurePath(name).suffix``, without building a path for each of thousands of files."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """A folder's entries sorted by name, as ``sorted(folder.iterdir())`` sorts them."""
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


ID_EXAMPLE = "cote-divoire"


def _ignored(shown: str, message: str, hint: str) -> Diagnostic:
    """A file that is not read: a warning naming it, so nothing under content/ is skipped unsaid."""
    return Diagnostic(shown, 1, 1, message, hint, Severity.WARNING, "ignored-file")


def _files_below(entry: os.DirEntry[str], shown: str) -> Iterator[tuple[str, str]]:
    """(shown path, name) of every file in a folder and its sub-folders; a folder alone if it holds none."""
    if not entry.is_dir(follow_symlinks=False):
        yield shown, entry.name
        return
    found = False
    for item in _entries(Path(entry.path)):
        found = True
        yield from _files_below(item, f"{shown}/{item.name}")
    if not found:
        yield shown + "/", entry.name


def _ignored_tree(entry: os.DirEntry[str], shown: str) -> list[Diagnostic]:
    """Hidden files and folders (editor lock files, .DS_Store, …): each file below is named."""
    return [_ignored(path, "hidden file: it is ignored", "names starting with '.' are hidden; delete it, or rename it if it is a record")
            for path, _ in _files_below(entry, shown)]


def _sub_folder(entry: os.DirEntry[str], shown: str, folder: str) -> list[Diagnostic]:
    """Files in a sub-folder of a record folder are not read: records there are errors, other files warnings."""
    problems = []
    for path, name in _files_below(entry, shown):
        if path.endswith("/"):
            problems.append(_ignored(path, "empty folder inside a record folder", "delete it"))
        elif _suffix(name).lower() in (".yml", ".yaml"):
            problems.append(Diagnostic(path, 1, 1, "record file in a sub-folder: it is not read",
                                       f"record folders are flat: move it to {folder}{name}"))
        else:
            problems.append(_ignored(path, "file in a sub-folder of a record folder: it is ignored",
                                     "keep only .yml records in record folders"))
    return problems


def _former_folder(entry: os.DirEntry[str], shown: str, kind: RecordKind, content: Path) -> list[Diagnostic]:
    """A folder that once held ``kind`` (an old branch, a pull request opened before the move) is not read.

    Each record left there is an error that says where it goes, so none is dropped from the site unsaid.
    """
    moved = f"content/{kind.folder}/"
    problems = []
    for path, name in _files_below(entry, shown):
        if path.endswith("/"):
            problems.append(_ignored(path, f"empty folder: {kind.name} records live in {moved}", "delete it"))
            continue
        suffix = _suffix(name)
        if suffix.lower() not in (".yml", ".yaml"):
            problems.append(_ignored(path, f"not a record file: it is ignored ({kind.name} records live in {moved})",
                                     "delete it, or keep other files outside content/"))
            continue
        target = f"{moved}{name[: -len(suffix)]}.yml"
        hint = (f"{target} already exists: keep one of the two and delete this file" if (content.parent / target).exists()
                else f"move it: git mv {path} {target}")
        problems.append(Diagnostic(path, 1, 1, f"{shown}/ is no longer read: {kind.name} records live in {moved}", hint))
    return problems


def discover(root: Path) -> tuple[list[tuple[Path, str, RecordKind, str]], list[Diagnostic]]:
    """Find record files; name problems (bad ids, stray files) without reading them.

    One ``scandir`` per folder: pathlib took 0.4 s to list 4,400 files.
    """
    found: list[tuple[Path, str, RecordKind, str]] = []
    problems: list[Diagnostic] = []
    content = root / "content"
    singles = {k.name for k in KINDS if not k.folder}
    for kind in KINDS:
        if not kind.folder:
            path = content / f"{kind.name}.yml"
            shown = path.relative_to(root).as_posix()
            if path.is_file():
                found.append((path, shown, kind, kind.name))
            else:
                problems.append(Diagnostic(shown, 1, 1, f"the {kind.title} record is missing", f"create {shown}"))
    if not content.is_dir():
        return found, problems
    for entry in _entries(content):
        shown = f"content/{entry.name}"
        if entry.name.startswith("."):
            problems += _ignored_tree(entry, shown)
            continue
        if entry.is_file():
            suffix = _suffix(entry.name)
            if suffix in (".yml", ".yaml") and entry.name[: -len(suffix)] not in singles:
                problems.append(Diagnostic(shown, 1, 1, "record file outside a record folder",
                                           "move it into one of: " + ", ".join(f"content/{f}/" for f in KINDS_BY_FOLDER)))
            elif suffix not in (".yml", ".yaml"):
                problems.append(_ignored(shown, "not a record file: it is ignored", "records are .yml files; keep other files outside content/"))
            continue
        folder_kind = KINDS_BY_FOLDER.get(entry.name)
        if folder_kind is None and entry.name in KINDS_BY_FORMER_FOLDER:
            problems += _former_folder(entry, shown, KINDS_BY_FORMER_FOLDER[entry.name], content)
            continue
        if folder_kind is None:
            problems.append(Diagnostic(shown, 1, 1, f"unknown record folder '{entry.name}'",
                                       "record folders are " + ", ".join(KINDS_BY_FOLDER)))
            continue
        for item in _entries(Path(entry.path)):
            name = item.name
            shown = f"content/{entry.name}/{name}"
            if name.startswith("."):
                problems += _ignored_tree(item, shown)
                continue
            if item.is_dir():
                problems += _sub_folder(item, shown, f"content/{entry.name}/")
                continue
            suffix = _suffix(name)
            record_id = name[: -len(suffix)] if suffix else name
            if suffix.lower() in (".yaml", ".yml") and suffix != ".yml":  # .yaml, .YML: else silently skipped
                problems.append(Diagnostic(shown, 1, 1, "record files end in .yml", f"rename it to {record_id}.yml"))
                continue
            if suffix != ".yml":
                problems.append(_ignored(shown, "not a record file: it is ignored", f"records are .yml files, e.g. content/{entry.name}/{ID_EXAMPLE}.yml"))
                continue
            if not ID_PATTERN.fullmatch(record_id) or len(record_id) > 80:
                problems.append(Diagnostic(shown, 1, 1, f"'{record_id}' is not a valid record id",
                                           "file names are lowercase letters, digits and hyphens, e.g. cote-divoire.yml"))
                continue
            if record_id in RESERVED_IDS:
                problems.append(Diagnostic(shown, 1, 1, f"'{record_id}' is reserved for a generated page", "choose another file name"))
                continue
            found.append((Path(item.path), shown, folder_kind, record_id))
    return found, problems


def convert(document: Document, kind: RecordKind) -> tuple[model.Record | None, Context]:
    """One document into one typed record (or its problems and warnings)."""
    ctx = Context(document.path)
    try:
        record = kind.shape.convert(document.root, ctx, "")
    except FieldError as exc:
        report(ctx, exc, "")
        return None, ctx
    line = document.root.start_mark.line + 1
    return dataclasses.replace(record, id=document.id, origin=model.Origin(document.path, line)), ctx


def validate_file(source: Source, data: bytes | None = None) -> FileResult:
    """One file, from its bytes to its record and diagnostics."""
    kind = KINDS_BY_NAME[source.kind]
    document, problems = load_file(source.path, source.shown, kind.folder or kind.name, source.record_id, data)
    if document is None:
        return FileResult(None, tuple(problems))
    record, ctx = convert(document, kind)
    return FileResult(record, tuple(ctx.diagnostics), ctx.translatable, ctx.translated)


def validate(root: Path, *, remember: bool = True) -> tuple[Content, list[Diagnostic]]:
    """Load and convert every record under ``root/content``.

    Files unchanged since the last run come from the record cache (see
    ``generator.cache``); ``remember`` saves this run's results for the next one.
    """
    content = Content()
    files, diagnostics = discover(root)
    sources = [Source(path, shown, kind.name, record_id) for path, shown, kind, record_id in files]
    results = cached(root, sources, validate_file, remember=remember)
    for source, result in zip(sources, results, strict=True):
        content.known[source.kind].add(source.record_id)
        diagnostics.extend(result.diagnostics)
        content.translatable += result.translatable
        for lang, count in result.translated.items():
            content.translated[lang] = content.translated.get(lang, 0) + count
        if result.record is not None:
            content.records[source.kind][source.record_id] = result.record
    return content, diagnostics
