"""Processes: how many the machine runs at once, and children that die with
the build that started them (Linux)."""

from __future__ import annotations

import ctypes
import os
import signal
from collections.abc import Callable


def workers() -> int:
    """How many processes this one may run at once (its CPU cores)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the build process `parent` dies.

    Workers write into the staging folder; outliving a killed build, they
    would go on writing there while the next build prepares the same
    folder (and print tracebacks once their pipe is gone). Elsewhere this
    only checks that `parent` still runs.
    """
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before prctl took effect
        os._exit(1)


def _libc_prctl() -> Callable[..., int] | None:
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    except (OSError, TypeError):  # no C library to load by name (Windows)
        return None


_PR_SET_PDEATHSIG = 1
_PRCTL = _libc_prctl()  # looked up before any fork: a forked child only calls it
