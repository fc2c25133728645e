"""Process-level speed measures, applied at the edge (the command line) and nowhere in the stages.

``make bench`` measures both: at 100x the content, the collector's passes over the records
and the freeing of them at exit were each a noticeable share of a `check` that takes a second.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn


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


def exit_now(code: int) -> NoReturn:
    """End the process with ``code`` once the output is flushed, without freeing its objects one by one.

    At 100x the records are ~800,000 objects: freeing them, then the interpreter's last
    collection, took 0.13 s of a 1 s `check`, for a process that is ending anyway. Only for a
    command that has closed every file it opened and whose imports need no exit hooks.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # e.g. a reader that went away: nothing more can be said
            stream.flush()
    os._exit(code)
