"""A second process for the stages that split their work: when it is safe, and how its result comes back."""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


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
            value: T = pickle.load(stream)
        except Exception:  # the child failed before it sent anything whole
            return None
        received = True
        return value

    with os.fdopen(reader, "rb") as stream:
        try:
            yield result
        finally:
            if not received:  # failed, or the block was left early: the child may still be running
                os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
