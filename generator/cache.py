"""Validation results remembered between runs, keyed by each file's exact bytes.

At a hundred times the programme's size, ``check`` spent seconds turning 26 MB
of YAML into about a million nodes (libyaml) and walking each of them in Python
(the schema). A file whose bytes have not changed, validated by the same
generator code, gives the same record and the same diagnostics, so its result
is taken from ``build/cache/`` instead; only edited files are parsed again.
Every run that validates (``check``, ``build``, ``site``, ``mkdocs serve``)
updates the cache, like ruff's or mypy's: it is the only thing ``check`` writes,
and only inside the git-ignored ``build/cache/``.

The key is a hash of the file's content, not its modification time, so a
checkout or a copy can never serve a stale result; a change to any generator
module, to Python, PyYAML or Babel discards the whole cache. Hashing means
reading all 26 MB, though, so a file is not even read when its size, its
modification and change times (in ns), its inode and device are all as they
were when its hash was taken, as git's index does, and those times were then
already two seconds old. Any later write moves the change time, which no
program can set back; a write in the same clock tick as the one before would
not, but a file that recent was not trusted: it was hashed ("racily clean" in
git's terms). Whatever differs sends the file back to hashing. The limit is
git's: a clock set back by hand (or a network file system's clock two seconds
behind this one) and a same-size rewrite on the very timestamp of the last.

The cache is pickles that this code wrote into the git-ignored ``build/``
folder, each file's result pickled on its own so that an unchanged result is
written back without being pickled again, in 16 shards by path so that one
edited file rewrites 2 MB, not 28; anything unreadable there is ignored and
rebuilt. Writes are atomic (a temporary file, then a rename).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import babel
import yaml

from generator import model
from generator.errors import Diagnostic
from generator.load import MAX_FILE_BYTES

CACHE_DIR = Path("build") / "cache" / "records"
SHARDS = 16
_FORMAT = b"acip-records-3"
SETTLED_NS = 2_000_000_000
"""How old a file's times must be for its stat to stand in for its hash: above any file system's clock tick (FAT: 2 s)."""


@dataclass(frozen=True)
class FileResult:
    """What validating one file produced: its record (if valid), its diagnostics and translation counts."""

    record: model.Record | None
    diagnostics: tuple[Diagnostic, ...]
    translatable: int = 0
    translated: int = 0


class _Entry(NamedTuple):
    """One file's remembered result and what identifies the bytes it came from."""

    stat: tuple[int, ...]  # size, mtime_ns, ctime_ns, inode, device, when the digest was taken
    seen: int  # time.time_ns() before that stat: the stat stands in for the digest if the file was older
    digest: bytes
    result: bytes  # the pickled FileResult


def pack(result: FileResult) -> bytes:
    """A result as the cache keeps it (and as a worker process sends it back)."""
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def _shard(shown: str) -> int:
    return zlib.crc32(shown.encode()) % SHARDS


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
    """Results of the last run by file, with the stat and hash of the bytes each came from.

    ``lookup`` answers a file from the cache or hands back its bytes to validate;
    ``store`` keeps what validating them gave; ``save`` writes the shards whose
    entries changed (those of deleted files are gone).
    """

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.fingerprint = _fingerprint()
        self.started = time.time_ns()  # before any stat of this run
        self.previous: dict[str, _Entry] = {}
        self.current: dict[str, _Entry] = {}
        self.changed: set[int] = set()  # shards with a new or updated entry
        self._read: dict[str, tuple[tuple[int, ...], bytes]] = {}  # stat and digest of files read, awaiting store
        for shard in range(SHARDS):
            try:
                with (self.folder / f"{shard:02d}.pickle").open("rb") as stream:
                    if stream.readline().rstrip(b"\n") == self.fingerprint:
                        self.previous.update(pickle.load(stream))
            except Exception:  # missing, truncated, written by other code: its files are validated afresh
                pass

    def lookup(self, path: Path, shown: str) -> tuple[FileResult | None, bytes | None]:
        """The remembered result, or None and the file's bytes (None when load_file should report the file itself)."""
        try:
            st = os.stat(path)
        except OSError:
            return None, None
        stat = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        entry = self.previous.get(shown)
        if entry is not None and entry.stat == stat and max(st.st_mtime_ns, st.st_ctime_ns) < entry.seen - SETTLED_NS:
            result = self._unpickle(entry)
            if result is not None:
                self.current[shown] = entry
                return result, None
        if st.st_size > MAX_FILE_BYTES:
            return None, None
        try:
            with open(path, "rb") as stream:
                data = stream.read()
        except OSError:
            return None, None
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if entry is not None and entry.digest == digest:
            result = self._unpickle(entry)
            if result is not None:
                if entry.stat != stat or max(st.st_mtime_ns, st.st_ctime_ns) < self.started - SETTLED_NS:
                    entry = _Entry(stat, self.started, digest, entry.result)  # the same bytes: known by this stat from now on
                    self.changed.add(_shard(shown))
                self.current[shown] = entry
                return result, data
        self._read[shown] = (stat, digest)
        return None, data

    def store(self, shown: str, result: FileResult, packed: bytes | None = None) -> FileResult:
        """Remember the result of validating the bytes that ``lookup`` returned for ``shown`` (``packed``, if done already)."""
        read = self._read.pop(shown, None)
        if read is not None:
            stat, digest = read
            self.current[shown] = _Entry(stat, self.started, digest, packed or pack(result))
            self.changed.add(_shard(shown))
        return result

    @staticmethod
    def _unpickle(entry: _Entry) -> FileResult | None:
        try:
            return pickle.loads(entry.result)
        except Exception:  # not expected from a file this code wrote; validate again rather than fail
            return None

    def save(self) -> None:
        """Write the shards that changed, each atomically; a read-only tree just goes uncached."""
        stale = self.changed | {_shard(shown) for shown in self.previous.keys() ^ self.current.keys()}
        if not stale:
            return
        shards: dict[int, dict[str, _Entry]] = defaultdict(dict)
        for shown, entry in self.current.items():
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
