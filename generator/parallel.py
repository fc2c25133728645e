"""When a second process may help: the one rule the stages that fork share."""

from __future__ import annotations

import os
import threading


def can_fork() -> bool:
    """A second core, and a fork that is safe: no other thread (``mkdocs serve`` has some) may hold a lock."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return cores > 1 and hasattr(os, "fork") and threading.active_count() == 1
