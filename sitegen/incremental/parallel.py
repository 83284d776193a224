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
MIN_PARALLEL = 200  # below this many items, forking costs more than it saves


def map_chunks(func: Callable[[C, Sequence[T]], R], context: C, items: Sequence[T],
               parallel: bool = True, min_items: int = MIN_PARALLEL) -> Iterator[R]:
    """`func(context, chunk)` over consecutive chunks of `items`, in parallel
    when worth it; results come back in chunk order.

    `func` and `context` reach the forked workers through the fork itself,
    never pickled, so they may be closures and large objects. A process
    with other threads running (the preview server) passes `parallel=False`:
    forking it could copy a lock held by another thread.
    """
    count = workers() if parallel else 1
    if count < 2 or len(items) < min_items or "fork" not in multiprocessing.get_all_start_methods():
        if items:
            yield func(context, items)
        return
    size = max(50, -(-len(items) // (count * 8)))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    gc.freeze()  # the collector must not touch (and so copy) the shared objects
    pool = multiprocessing.get_context("fork").Pool(count, initializer=_adopt,
                                                    initargs=(func, context))
    try:
        with pool:
            yield from pool.imap(_run, chunks)
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


def _run(chunk: Sequence) -> object:
    func, context = _job
    return func(context, chunk)
