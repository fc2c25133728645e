"""The speed seam of validation: results remembered by content, new work split across cores.

``validate`` asks ``cached(sources, work)`` for the result of every record file;
nothing else in the pipeline knows that results are kept between runs or that a
second process may compute some of them.

A file whose bytes have not changed, validated by the same generator code, gives
the same record and the same diagnostics, so its result is taken from
``build/cache/`` instead of being parsed again: at a hundred times the
programme's size that turns seconds of YAML parsing into a tenth of a second
of reading and hashing. The key is a hash of the file's exact bytes, never its
modification time, so a checkout, a copy or a rewrite within the same clock tick
can never serve a stale result; a change to any generator module, to Python,
PyYAML or Babel discards the whole cache. Every run that validates (``check``,
``build``, ``site``, ``mkdocs serve``) updates it, like ruff's or mypy's; it is the
only thing ``check`` writes, and only inside the git-ignored ``build/``.

The cache is pickles that this code wrote: each file's result pickled on its
own (an unchanged result is written back without being pickled again), in 16
shards by path so that one edited file rewrites a sixteenth of it. Anything
unreadable there is ignored and rebuilt; writes are atomic.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import babel
import yaml

from generator import model
from generator.errors import Diagnostic
from generator.load import MAX_FILE_BYTES
from generator.parallel import split

CACHE_DIR = Path("build") / "cache" / "records"
SHARDS = 16
_FORMAT = b"acip-records-4"
PARALLEL_BYTES = 1024 * 1024
"""Enough YAML to validate (~0.2 s of work) for a second process to pay off; forking costs milliseconds."""


@dataclass(frozen=True)
class FileResult:
    """What validating one file produced: its record (if valid), its diagnostics and translation counts."""

    record: model.Record | None
    diagnostics: tuple[Diagnostic, ...]
    translatable: int = 0
    translated: int = 0


class Source(NamedTuple):
    """A record file to validate, as discovery found it."""

    path: Path
    shown: str  # as editors see it, relative to the project root
    kind: str  # the record kind's name
    record_id: str


Work = Callable[[Source, bytes | None], FileResult]
"""Validates one file from its bytes (None: too large or unreadable; the work reads and reports it)."""


class _Entry(NamedTuple):
    digest: bytes  # of the file's bytes
    result: bytes  # the pickled FileResult


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run a block (or, as a decorator, a function) without the cyclic garbage collector.

    Checking and building allocate millions of acyclic objects (YAML nodes,
    records, page text) that reference counting frees; with the collector on,
    its passes over the growing set of long-lived records cost as much as the
    work itself. Rendering leaves a little cyclic garbage (Jinja contexts, a
    few KB a page); the collector takes it once it is back on. Re-entrant.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cached(root: Path, sources: Sequence[Source], work: Work, *, remember: bool = True) -> list[FileResult]:
    """Each source's result, in order: remembered where its bytes are unchanged, computed (in parallel) otherwise."""
    store = _Store(root)
    results: list[FileResult | None] = []
    todo: list[tuple[int, Source, bytes | None, bytes]] = []
    for index, source in enumerate(sources):
        data = _read(source.path)
        digest = hashlib.blake2b(data, digest_size=16).digest() if data is not None else b""
        result = store.get(source.shown, digest) if data is not None else None
        results.append(result)
        if result is None:
            todo.append((index, source, data, digest))
    work_sizes = [len(data or b"") for _, _, data, _ in todo]
    packed = split(lambda item: _pack(work(item[1], item[2])), todo, work_sizes, min_total=PARALLEL_BYTES)
    for (index, source, data, digest), blob in zip(todo, packed, strict=True):
        results[index] = pickle.loads(blob)
        if data is not None:
            store.put(source.shown, _Entry(digest, blob))
    if remember:
        store.save({source.shown for source in sources})
    return [result for result in results if result is not None]


def _read(path: Path) -> bytes | None:
    try:
        if os.stat(path).st_size > MAX_FILE_BYTES:
            return None
        with open(path, "rb") as stream:
            return stream.read()
    except OSError:
        return None


def _pack(result: FileResult) -> bytes:
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def _shard(shown: str) -> int:
    return zlib.crc32(shown.encode()) % SHARDS


def _fingerprint() -> bytes:
    """Everything besides a file's bytes that decides its result: the generator's code and libraries."""
    digest = hashlib.blake2b(_FORMAT, digest_size=16)
    for part in (sys.version, yaml.__version__, babel.__version__):
        digest.update(part.encode() + b"\0")
    for module in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    return digest.hexdigest().encode()


class _Store:
    """The entries of the last run by file; ``save`` rewrites only the shards whose entries changed."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.fingerprint = _fingerprint()
        self.entries: dict[str, _Entry] = {}
        self.changed: set[int] = set()
        for shard in range(SHARDS):
            try:
                with (self.folder / f"{shard:02d}.pickle").open("rb") as stream:
                    if stream.readline().rstrip(b"\n") == self.fingerprint:
                        self.entries.update(pickle.load(stream))
            except Exception:  # missing, truncated, written by other code: its files are validated afresh
                pass

    def get(self, shown: str, digest: bytes) -> FileResult | None:
        entry = self.entries.get(shown)
        if entry is None or entry.digest != digest:
            return None
        try:
            result: FileResult = pickle.loads(entry.result)
        except Exception:  # not expected from a file this code wrote; validate again rather than fail
            return None
        return result

    def put(self, shown: str, entry: _Entry) -> None:
        self.entries[shown] = entry
        self.changed.add(_shard(shown))

    def save(self, present: set[str]) -> None:
        """Write the shards that changed or lost a file, each atomically; a read-only tree just goes uncached."""
        gone = self.entries.keys() - present
        stale = self.changed | {_shard(shown) for shown in gone}
        if not stale:
            return
        shards: dict[int, dict[str, _Entry]] = {shard: {} for shard in stale}
        for shown, entry in self.entries.items():
            if shown not in gone and _shard(shown) in shards:
                shards[_shard(shown)][shown] = entry
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for shard in sorted(stale):
                handle, temporary = tempfile.mkstemp(prefix=".records-", dir=self.folder)
                try:
                    with os.fdopen(handle, "wb") as stream:
                        stream.write(self.fingerprint + b"\n")
                        pickle.dump(shards[shard], stream, protocol=pickle.HIGHEST_PROTOCOL)
                    os.replace(temporary, self.folder / f"{shard:02d}.pickle")
                finally:
                    if os.path.exists(temporary):
                        os.unlink(temporary)
        except OSError:
            pass
