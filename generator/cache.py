"""Validation results remembered between runs, keyed by each file's exact bytes.

At a hundred times the programme's size, ``check`` spent seconds turning 26 MB
of YAML into about a million nodes (libyaml) and walking each of them in Python
(the schema). A file whose bytes have not changed, validated by the same
generator code, gives the same record and the same diagnostics, so its result
is taken from ``build/cache/`` instead; only edited files are parsed again.
Generation (``build``, ``site``, ``mkdocs serve``) writes the cache; ``check``
only reads it, so that it still writes nothing.

The key is a hash of the file's content, not its modification time, so a
checkout, a copy or a clock change can never serve a stale result; a change to
any generator module, to Python, PyYAML or Babel discards the whole cache. The
cache is a pickle that this code wrote into the git-ignored ``build/`` folder;
anything unreadable there is ignored and rebuilt.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import babel
import yaml

from generator import model
from generator.errors import Diagnostic
from generator.load import MAX_FILE_BYTES

CACHE_FILE = Path("build") / "cache" / "records.pickle"
_FORMAT = b"acip-records-1"


@dataclass(frozen=True)
class FileResult:
    """What validating one file produced: its record (if valid), its diagnostics and translation counts."""

    record: model.Record | None
    diagnostics: tuple[Diagnostic, ...]
    translatable: int = 0
    translated: int = 0


def _fingerprint() -> bytes:
    """Everything besides a file's bytes that decides its result: the generator's code and libraries."""
    digest = hashlib.blake2b(_FORMAT, digest_size=16)
    for part in (sys.version, yaml.__version__, babel.__version__):
        digest.update(part.encode() + b"\0")
    for source in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest().encode()


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


class RecordCache:
    """Results of the last run by (path, content hash); saved only when they changed."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_FILE
        self.fingerprint = _fingerprint()
        self.previous: dict[tuple[str, bytes], FileResult] = {}
        self.current: dict[tuple[str, bytes], FileResult] = {}
        try:
            with self.path.open("rb") as stream:
                if stream.readline().rstrip(b"\n") == self.fingerprint:
                    self.previous = pickle.load(stream)
        except Exception:  # missing, truncated, written by other code: start afresh
            self.previous = {}

    @staticmethod
    def read(path: Path) -> bytes | None:
        """The file's bytes, or None when load_file should report it (too large, unreadable)."""
        try:
            return None if path.stat().st_size > MAX_FILE_BYTES else path.read_bytes()
        except OSError:
            return None

    def get(self, shown: str, data: bytes | None) -> FileResult | None:
        if data is None:
            return None
        key = (shown, hashlib.blake2b(data, digest_size=16).digest())
        result = self.previous.get(key)
        if result is not None:
            self.current[key] = result
        return result

    def put(self, shown: str, data: bytes | None, result: FileResult) -> FileResult:
        if data is not None:
            self.current[(shown, hashlib.blake2b(data, digest_size=16).digest())] = result
        return result

    def save(self) -> None:
        """Keep this run's results (and drop deleted files'), atomically; a read-only tree just goes uncached."""
        if self.current.keys() == self.previous.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".records-", dir=self.path.parent)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(self.fingerprint + b"\n")
                    pickle.dump(self.current, stream, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.path)
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
        except OSError:
            pass
