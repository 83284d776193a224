"""Spread CPU-bound work over the machine's cores, when there is enough of it.

Worker processes are forked, so they start with the parent's data (the
collection, the plan) already in memory and receive only small job
descriptions. Small jobs and platforms without `fork` run in-process. On
Linux a worker dies with the build that started it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from ..processes import die_with_parent, workers

T = TypeVar("T")
R = TypeVar("R")
C = TypeVar("C")
P = TypeVar("P")
MIN_PARALLEL = 200  # below this many items, forking costs more than it saves


def map_chunks(func: Callable[[C, Sequence[T]], R], context: C, items: Sequence[T],
               parallel: bool = True, min_items: int = MIN_PARALLEL) -> Iterator[R]:
    """`func(context, chunk)` over consecutive chunks of `items`, in parallel
    when worth it; results come back in chunk order. (In this process, the
    whole of `items` is one chunk.)

    `func` and `context` reach the forked workers through the fork itself,
    never pickled, so they may be closures and large objects. A process
    with other threads running (the preview server) passes `parallel=False`:
    forking it could copy a lock held by another thread.
    """
    if not can_fork(parallel) or len(items) < min_items:
        if items:
            yield func(context, items)
        return
    yield from map_parts(func, context, chunked(items), parallel)


def can_fork(parallel: bool = True) -> bool:
    """Whether work may be spread over worker processes here."""
    return parallel and workers() > 1 and "fork" in multiprocessing.get_all_start_methods()


def chunked(items: Sequence[T]) -> list[Sequence[T]]:
    """`items` in consecutive chunks, about eight per worker (so that the
    workers finish close together)."""
    size = max(50, -(-len(items) // (workers() * 8)))
    return [items[i:i + size] for i in range(0, len(items), size)]


def map_parts(func: Callable[[C, P], R], context: C, parts: Sequence[P],
              parallel: bool = True) -> Iterator[R]:
    """`func(context, part)` for each of `parts`, in forked worker processes
    when there are several and `parallel` (see `map_chunks`); results come
    back in order."""
    if not can_fork(parallel) or len(parts) < 2:
        yield from (func(context, part) for part in parts)
        return
    gc.freeze()  # the collector must not touch (and so copy) the shared objects
    pool = multiprocessing.get_context("fork").Pool(min(workers(), len(parts)),
                                                    initializer=_adopt, initargs=(func, context))
    try:
        with pool:
            yield from pool.imap(_run, parts)
    finally:
        gc.unfreeze()


def start_aside(func: Callable[[Sequence[T]], None],
                items: Sequence[T]) -> Callable[[], bool] | None:
    """Run `func(items)` in a forked child process while this one goes on;
    the function returned waits for the child and tells whether it
    succeeded. None where processes cannot fork. (Only for a process
    without other threads, like `map_chunks` in parallel.)"""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: no traceback, no flushing of the parent's buffers
        code = 1
        try:
            die_with_parent(parent)
            func(items)
            code = 0
        finally:
            os._exit(code)
    return lambda: os.waitpid(pid, 0)[1] == 0


_job: tuple = ()  # in a worker process only: the (func, context) it serves


def _adopt(func: Callable, context: object) -> None:
    global _job
    _job = (func, context)
    die_with_parent(multiprocessing.parent_process().pid)


def _run(part: object) -> object:
    func, context = _job
    return func(context, part)
