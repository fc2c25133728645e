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
``build``, ``site``, ``mkdocs serve``) updates it, like ruff's or mypy's; with the
report below, it is all that ``check`` writes, and only inside the git-ignored ``build/``.

The cache is pickles that this code wrote: each file's result pickled on its
own (an unchanged result is written back without being pickled again), in 16
shards by path so that one edited file rewrites a sixteenth of it. Anything
unreadable there is ignored and rebuilt; writes are atomic.

One level up, ``remembered`` keeps the whole outcome of a run (what ``check``
reports) under one key: the hash of every byte and every name of its inputs. A
``check`` of unchanged content then reads and hashes the files and answers,
without unpickling a record or resolving a reference (at 100x, 1.1 s of CPU
became 0.2 s); one changed byte anywhere sends it down the path above.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from generator import write
from generator.errors import Diagnostic

if TYPE_CHECKING:
    from generator import model

CACHE_DIR = Path("build") / "cache" / "records"
REMEMBERED_DIR = Path("build") / "cache"
SHARDS = 16
_FORMAT = b"acip-records-5"
PARALLEL_BYTES = 1024 * 1024
"""Enough YAML to validate (~0.2 s of work) for a second process to pay off; forking costs milliseconds."""
LARGE_FILE = 512 * 1024
"""Files above this size count by their size alone, unread: no less than ``generator.load.MAX_FILE_BYTES``,
above which a record is refused for its size whatever its bytes."""

T = TypeVar("T")


@dataclass(frozen=True)
class FileResult:
    """What validating one file produced: its record (if valid), its diagnostics and translation counts."""

    record: model.Record | None
    diagnostics: tuple[Diagnostic, ...]
    translatable: int = 0
    translated: dict[str, int] = field(default_factory=dict)  # per language


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


def cached(root: Path, sources: Sequence[Source], work: Work, *, remember: bool = True) -> list[FileResult]:
    """Each source's result, in order: remembered where its bytes are unchanged, computed (in parallel) otherwise.

    Inside ``remembered``, a file its walk has read is not read again: its bytes and hash come from there.
    """
    from generator.parallel import split  # not needed when `remembered` answers

    walk = _CURRENT.get()
    store = _Store(root)
    results: list[FileResult | None] = []
    todo: list[tuple[int, Source, bytes | None, bytes]] = []
    for index, source in enumerate(sources):
        data, digest = walk.take(source.path) if walk is not None else (None, None)
        if digest is None:  # not walked (or added since): read here
            data = _read(source.path)
            digest = _digest(data) if data is not None else b""
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
        if os.stat(path).st_size > LARGE_FILE:
            return None
        with open(path, "rb") as stream:
            return stream.read()
    except OSError:
        return None


def _digest(data: bytes) -> bytes:
    """SHA-256: twice BLAKE2's speed where the processor has SHA instructions (most x86 and ARM servers)."""
    return hashlib.sha256(data).digest()


def _pack(result: FileResult) -> bytes:
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def _shard(shown: str) -> int:
    return zlib.crc32(shown.encode()) % SHARDS


@functools.cache
def _fingerprint() -> bytes:
    """Everything besides a file's bytes that decides its result: the generator's code and libraries.

    The libraries by the bytes of their ``__init__.py`` (which holds the version), found without importing
    them: a ``check`` answered by ``remembered`` needs neither PyYAML nor Babel. Read once per process:
    the code that runs is the code that was there when it started.
    """
    digest = hashlib.blake2b(_FORMAT, digest_size=16)
    digest.update(sys.version.encode() + b"\0")
    for library in ("yaml", "babel"):
        spec = importlib.util.find_spec(library)
        digest.update(Path(spec.origin).read_bytes() if spec and spec.origin else b"missing")
        digest.update(b"\0")
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
        for shard in sorted(stale):
            data = self.fingerprint + b"\n" + pickle.dumps(shards[shard], protocol=pickle.HIGHEST_PROTOCOL)
            _write_atomic(self.folder / f"{shard:02d}.pickle", data)


def remembered(root: Path, name: str, inputs: Sequence[str], salt: bytes, compute: Callable[[], T]) -> T:
    """``compute()``, or its value from an earlier run if not one byte of its inputs has changed since.

    ``inputs`` (files and folders, relative to ``root``) and ``salt`` must be all that ``compute``
    depends on besides the generator's code and libraries (``_fingerprint``). The key hashes the
    name of every file and folder below them and the bytes of every file: never a modification
    time, so the rules are those of the record cache.
    """
    with remembering(root, name, inputs, salt) as memo:
        found: list[T] = memo.found()
        if found:
            return found[0]
        value = compute()
        memo.keep(value)
    return value


class Memo:
    """The value kept in ``build/cache/<name>.pickle`` for one key, and the way to keep a new one."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self.key = key
        self.kept: list[Any] = []

    def found(self) -> list[Any]:
        """The value kept for this key (in a list), or an empty list."""
        try:
            with self.path.open("rb") as stream:
                if stream.readline().rstrip(b"\n") == self.key:
                    return [pickle.load(stream)]
        except Exception:  # missing, truncated, written by other code: computed afresh
            pass
        return []

    def keep(self, value: object) -> None:
        """Keep ``value`` for this key, once the block has ended and its inputs proved unchanged."""
        self.kept = [value]

    def stored(self) -> bool:
        """Whether the file already holds a value for this key."""
        try:
            with self.path.open("rb") as stream:
                return stream.readline().rstrip(b"\n") == self.key
        except OSError:
            return False


@contextmanager
def remembering(root: Path, name: str, inputs: Sequence[str], salt: bytes) -> Iterator[Memo]:
    """A block whose outcome depends on ``inputs`` and ``salt`` only (see ``remembered``): what it found, what it keeps.

    Inside the block, ``cached`` takes the record files' bytes from the walk that made the key
    instead of reading them again. A kept value is saved only if the block ends normally and a
    second walk gives the same key: a file saved while the block ran is not remembered under its
    old bytes. ``build`` and ``site`` keep the report of the check they ran, for the next ``check``.
    """
    walk = _Walk(root, inputs, salt)
    memo = Memo(root / REMEMBERED_DIR / f"{name}.pickle", walk.key)
    token = _CURRENT.set(walk)
    try:
        yield memo
    finally:
        _CURRENT.reset(token)
    if memo.kept and not memo.stored() and _Walk(root, inputs, salt, trusted=walk.used).key == walk.key:
        _write_atomic(memo.path, walk.key + b"\n" + pickle.dumps(memo.kept[0], protocol=pickle.HIGHEST_PROTOCOL))


class _Walk:
    """The inputs of a ``remembered`` computation, hashed: every name below them and every file's bytes.

    Folders are followed through symbolic links (discovery does), names sorted, a folder inside
    itself marked, not entered; a file larger than ``LARGE_FILE`` counts by its size; pipes and
    sockets are never opened. The bytes read are kept until ``cached`` takes them. ``trusted``
    digests (of files whose result ``compute`` took from exactly those bytes) are not read again.
    """

    def __init__(self, root: Path, inputs: Sequence[str], salt: bytes, trusted: dict[str, bytes] | None = None) -> None:
        self.trusted = trusted or {}
        self.files: dict[str, tuple[bytes, bytes]] = {}  # path -> (bytes, digest), until taken
        self.used: dict[str, bytes] = {}  # path -> digest of the bytes cached() took from here
        self.hash = hashlib.sha256(_fingerprint() + b"\0" + salt)
        for relative in inputs:
            path = os.path.join(root, relative)
            try:
                info = os.stat(path)
            except OSError:
                self._add(relative, b"missing")
                continue
            if os.path.isdir(path):
                self._folder(path, relative, ((info.st_dev, info.st_ino),))
            else:
                self._file(path, relative)
        self.key = self.hash.hexdigest().encode()

    def take(self, path: Path) -> tuple[bytes, bytes] | tuple[None, None]:
        """A file's bytes and digest as walked (once), or nothing if the walk did not read it."""
        found = self.files.pop(str(path), None)
        if found is None:
            return None, None
        self.used[str(path)] = found[1]
        return found

    def _add(self, shown: str, what: bytes) -> None:
        self.hash.update(os.fsencode(shown) + b"\0" + what + b"\0")

    def _folder(self, path: str, shown: str, parents: tuple[tuple[int, int], ...]) -> None:
        self._add(shown, b"folder")
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            self._add(shown, b"unlisted")
            return
        for entry in entries:
            below = f"{shown}/{entry.name}"
            try:
                if entry.is_dir():  # through a link too
                    info = entry.stat()
                    here = (info.st_dev, info.st_ino)
                    if here in parents:
                        self._add(below, b"loop")
                    else:
                        self._folder(entry.path, below, (*parents, here))
                elif entry.is_file():
                    self._file(entry.path, below)
                else:
                    self._add(below, b"other")  # a pipe, a socket, a link to nothing: never opened
            except OSError:
                self._add(below, b"unreadable")

    def _file(self, path: str, shown: str) -> None:
        if path in self.trusted:
            self._add(shown, b"file" + self.trusted[path])
            return
        try:
            with open(path, "rb", buffering=0) as stream:
                size = os.fstat(stream.fileno()).st_size
                # Exactly the size (+1 to see a file that grew): reading up to the limit costs 3x as much.
                data = stream.read(size + 1) if size <= LARGE_FILE else b""
                if len(data) > size:
                    data += stream.readall()
        except OSError:
            self._add(shown, b"unreadable")
            return
        if size > LARGE_FILE or len(data) > LARGE_FILE:
            self._add(shown, b"large" + str(max(size, len(data))).encode())
            return
        digest = _digest(data)
        self.files[path] = (data, digest)
        self._add(shown, b"file" + digest)


_CURRENT: ContextVar[_Walk | None] = ContextVar("remembered_walk", default=None)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all; a read-only tree just goes uncached."""
    try:
        write.write_atomic(path, data)
    except OSError:
        pass
