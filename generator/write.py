"""Stage 5 — write: put the generated tree on disk, touching only what changed.

Unchanged files keep their modification time, so ``mkdocs serve`` does not
rebuild in a loop and ``--dirty`` rebuilds stay small. Files that no longer
belong to the tree (a deleted record's page) are removed.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: readers (MkDocs, another process) never see half of it."""
    import tempfile  # here: `check` writes only the record cache, and only when something changed

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _safe_target(out_dir: Path, relative: str) -> Path:
    """Refuse any path that could leave the output folder."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return out_dir.joinpath(*pure.parts)


def write_tree(out_dir: Path, files: dict[str, bytes]) -> list[str]:
    """Make ``out_dir`` hold exactly ``files``; return the paths that were (re)written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    changed: list[str] = []
    for relative, data in sorted(files.items()):
        target = _safe_target(out_dir, relative)
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            continue
        write_atomic(target, data)
        changed.append(relative)
    wanted = {_safe_target(out_dir, r) for r in files}
    for existing in sorted(out_dir.rglob("*"), reverse=True):
        if existing.is_file() and existing not in wanted:
            existing.unlink()
            changed.append(existing.relative_to(out_dir).as_posix())
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return changed
