"""Stage 2 — validate: every file of content/ against its schema, into typed records.

All files are read and all problems collected before anything is decided, so an
editor sees every mistake of a change at once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from generator import model
from generator.cache import FileResult, RecordCache, paused_gc
from generator.errors import Diagnostic
from generator.fields import ID_PATTERN, Context, FieldError, report
from generator.load import Document, load_file
from generator.schema import KINDS, KINDS_BY_FOLDER, RecordKind

RESERVED_IDS = frozenset({"index", "tags", "search", "assets", "data", "fr", "en", "404"})


@dataclass
class Content:
    """Every valid record, by kind and id."""

    records: dict[str, dict[str, model.Record]] = field(default_factory=lambda: {k.name: {} for k in KINDS})
    known: dict[str, set[str]] = field(default_factory=lambda: {k.name: set() for k in KINDS})
    """Ids of every record file found, valid or not: a broken record is not also an unknown one."""
    translatable: int = 0
    translated: int = 0

    def of(self, kind: str) -> dict[str, model.Record]:
        return self.records[kind]


def discover(root: Path) -> tuple[list[tuple[Path, str, RecordKind, str]], list[Diagnostic]]:
    """Find record files; name problems (bad ids, stray files) without reading them."""
    found: list[tuple[Path, str, RecordKind, str]] = []
    problems: list[Diagnostic] = []
    content = root / "content"
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
    for entry in sorted(content.iterdir()):
        shown = entry.relative_to(root).as_posix()
        if entry.is_file():
            if entry.suffix in (".yml", ".yaml") and entry.stem not in {k.name for k in KINDS if not k.folder}:
                problems.append(Diagnostic(shown, 1, 1, "record file outside a record folder",
                                           "move it into one of: " + ", ".join(f"content/{f}/" for f in KINDS_BY_FOLDER)))
            continue
        kind = KINDS_BY_FOLDER.get(entry.name)
        if kind is None:
            problems.append(Diagnostic(shown, 1, 1, f"unknown record folder '{entry.name}'",
                                       "record folders are " + ", ".join(KINDS_BY_FOLDER)))
            continue
        for path in sorted(entry.iterdir()):
            shown = path.relative_to(root).as_posix()
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix.lower() in (".yaml", ".yml") and path.suffix != ".yml":  # .yaml, .YML: else silently skipped
                problems.append(Diagnostic(shown, 1, 1, "record files end in .yml", f"rename it to {path.stem}.yml"))
                continue
            if path.suffix != ".yml":
                continue
            record_id = path.stem
            if not ID_PATTERN.fullmatch(record_id) or len(record_id) > 80:
                problems.append(Diagnostic(shown, 1, 1, f"'{record_id}' is not a valid record id",
                                           "file names are lowercase letters, digits and hyphens, e.g. cote-divoire.yml"))
                continue
            if record_id in RESERVED_IDS:
                problems.append(Diagnostic(shown, 1, 1, f"'{record_id}' is reserved for a generated page", "choose another file name"))
                continue
            found.append((path, shown, kind, record_id))
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


def validate_file(path: Path, shown: str, kind: RecordKind, record_id: str, data: bytes | None = None) -> FileResult:
    """One file, from its bytes to its record and diagnostics."""
    document, problems = load_file(path, shown, kind.folder or kind.name, record_id, data)
    if document is None:
        return FileResult(None, tuple(problems))
    record, ctx = convert(document, kind)
    return FileResult(record, tuple(ctx.diagnostics), ctx.translatable, ctx.translated)


def validate(root: Path, *, remember: bool = False) -> tuple[Content, list[Diagnostic]]:
    """Load and convert every record under ``root/content``.

    Files unchanged since the last generation come from its record cache; ``remember``
    saves this run's results for the next one (generation does, `check` writes nothing).
    """
    content = Content()
    files, diagnostics = discover(root)
    with paused_gc():
        cache = RecordCache(root)
        for path, shown, kind, record_id in files:
            content.known[kind.name].add(record_id)
            data = cache.read(path)
            result = cache.get(shown, data) or cache.put(shown, data, validate_file(path, shown, kind, record_id, data))
            diagnostics.extend(result.diagnostics)
            content.translatable += result.translatable
            content.translated += result.translated
            if result.record is not None:
                content.records[kind.name][record_id] = result.record
        if remember:
            cache.save()
    return content, diagnostics
