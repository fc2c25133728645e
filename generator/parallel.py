"""The one place where work is split across processes: when it is safe, how it is shared, how results come back.

Validation (cold files) and rendering (the languages) both call ``split``; the
stages themselves stay sequential code that a second core merely shortens.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
Item = TypeVar("Item")


def can_fork() -> bool:
    """A second core, and a fork that is safe: no other thread (``mkdocs serve`` has some) may hold a lock."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return cores > 1 and hasattr(os, "fork") and threading.active_count() == 1


@contextmanager
def forked(work: Callable[[], T]) -> Iterator[Callable[[], T | None]]:
    """Run ``work`` in a forked child while the block runs; the block gets a function that waits for its result.

    The child inherits everything ``work`` needs, so only the result is pickled,
    back through a pipe. The result is None when the child failed: it does not
    say why, so the caller does that share itself and meets the error there.
    The child never returns into the caller's code, its atexit hooks or its
    stdio buffers; leaving the block without the result stops it.
    """
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child, which coverage does not follow
        status = 1
        try:
            os.close(reader)
            with os.fdopen(writer, "wb") as stream:
                pickle.dump(work(), stream, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    received = False

    def result() -> T | None:
        nonlocal received
        try:
            value: T = pickle.load(received_from)
        except Exception:  # the child failed before it sent anything whole
            return None
        received = True
        return value

    with os.fdopen(reader, "rb") as received_from:
        try:
            yield result
        finally:
            if not received:  # failed, or the block was left early: the child may still be running
                os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)


def split(work: Callable[[Item], T], items: Sequence[Item], sizes: Sequence[int], *, min_total: int) -> list[T]:
    """``[work(item) for item in items]``, half of it (by size) in a forked child when that pays off.

    Below ``min_total`` (the size at which a fork costs less than it saves), with
    one core, or where forking is unsafe, everything runs here. Should the child
    fail, its share is done here too, so an error is raised and reported as it
    would be without a second process.
    """
    if len(items) < 2 or sum(sizes) < min_total or not can_fork():
        return [work(item) for item in items]
    mine: list[int] = []
    theirs: list[int] = []
    totals = [0, 0]
    for index in sorted(range(len(items)), key=lambda i: -sizes[i]):  # largest first, each to the lighter side
        side = totals[1] < totals[0]
        (theirs if side else mine).append(index)
        totals[side] += sizes[index]
    results: dict[int, T] = {}
    with forked(lambda: [work(items[i]) for i in theirs]) as their_results:
        results.update((i, work(items[i])) for i in mine)
        received = their_results()
    if received is None:
        received = [work(items[i]) for i in theirs]
    results.update(zip(theirs, received, strict=True))
    return [results[i] for i in range(len(items))]
