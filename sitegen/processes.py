"""Processes: how many the machine runs at once, children that die with
the build that started them (Linux), and memory a process keeps for reuse."""

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


def keep_freed_memory() -> None:
    """Have the C library keep the memory this process frees, for its next
    allocations, instead of handing it back to the system at once.

    The search indexer makes and frees numpy arrays of megabytes for every
    shard; by default each was mapped afresh, so every 4 KiB of it cost a
    page fault each time (a cold build at 10,000 articles: 460,000 page
    faults, 200,000 with this; indexing a shard about 15% less CPU time).
    Up to `_KEPT` stays with the process. Forked workers inherit the
    setting. A no-op without glibc's `mallopt`.
    """
    if _MALLOPT is not None:
        _MALLOPT(_M_MMAP_THRESHOLD, _KEPT // 2)  # larger blocks are still mapped and unmapped
        _MALLOPT(_M_TRIM_THRESHOLD, _KEPT)


def _libc(name: str) -> Callable[..., int] | None:
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), name, None)
    except (OSError, TypeError):  # no C library to load by name (Windows)
        return None


_PR_SET_PDEATHSIG = 1
_PRCTL = _libc("prctl")  # looked up before any fork: a forked child only calls it
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_KEPT = 64 << 20
_MALLOPT = _libc("mallopt")
