"""Indexing shards: the staged article pages in, a shard's index files out.

A shard's pages are read from the staging folder, their searchable parts
found (`extract.py`), split into words (`words.py`) and written in
Pagefind's format (`bundle.py`), with the search runtime beside them.
That is Python work, so a cold build spreads the shards over worker
processes, one per core, and each worker places its shard's files in the
staging folder itself (handing them back would cost as much again);
forked, the workers start with the build's modules and its staging folder
loaded. A single shard, the usual case of an edit, is indexed in the
build's own process.

Measured on the benchmark's articles (about 660 words each), a shard of
156 pages takes about 0.1 s of CPU time, about 0.6 ms an article, a third
of what Pagefind's own indexer took.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..processes import die_with_parent, workers
from .bundle import bundle
from .extract import read_page
from .runtime import Runtime
from .shards import Shard
from .words import page_words, vocabulary

Job = tuple[Shard, list[str]]  # the shard, and its files in the live site
Result = tuple[str, list[str], int]  # the shard's key, its files placed, how many were written


@dataclass(frozen=True)
class Context:
    site_dir: Path  # the staging folder, with the rendered pages
    live_dir: Path  # the live site, whose files a shard keeps when its pages' text did not change
    language: str  # the index's
    runtime: Runtime
    place: Callable[[str, bytes], bool]  # put a file into the staging folder: True if written


def index_shard(site_dir: Path, shard: Shard, language: str,
                wasm: str | None) -> tuple[str, dict[str, bytes] | None]:
    """Read the shard's staged pages; when what the index takes from them
    differs from what the live copy was made from, the shard's new index
    files. (A page whose links to its neighbours changed, as when one of
    them is retitled, has the same searchable parts: its shard stays.)"""
    found = [read_page((site_dir / page).read_text(encoding="utf-8")) for page in shard.pages]
    key = shard.key(f"{language}\0{p.text}\0{p.meta!r}{p.filters!r}{p.anchor_texts!r}".encode()
                    for p in found)
    if key == shard.live_key:
        return key, None
    words = vocabulary(language)
    return key, bundle([page_words("/" + page.removesuffix("index.html"), data, words)
                        for page, data in zip(shard.pages, found, strict=True)],
                       language, words, wasm)


def settle(context: Context, job: Job) -> Result:
    """Index the shard (or keep its live files) and place its files."""
    shard, live_files = job
    key, files = index_shard(context.site_dir, shard, context.language, context.runtime.wasm)
    if files is None:
        files = {path.removeprefix(shard.folder): (context.live_dir / path).read_bytes()
                 for path in live_files}
    else:
        files.update(context.runtime.files)
    written = sum(context.place(shard.folder + name, files[name]) for name in sorted(files))
    return key, [shard.folder + name for name in sorted(files)], written


def settle_shards(context: Context, jobs: Sequence[Job], parallel: bool = True) -> Iterator[Result]:
    """`settle` each job, in order; in worker processes when there are
    several and `parallel` (a process with other threads, such as the
    preview server, must not fork)."""
    count = min(workers(), len(jobs)) if parallel else 1
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (settle(context, job) for job in jobs)
        return
    gc.freeze()  # the workers must not copy the build's objects by collecting them
    try:
        with multiprocessing.get_context("fork").Pool(
                count, initializer=_adopt, initargs=(context, os.getpid())) as pool:
            yield from pool.imap(_settle, jobs)
    finally:
        gc.unfreeze()


_context: Context | None = None  # in a worker process: the build's


def _adopt(context: Context, parent: int) -> None:
    global _context
    _context = context
    die_with_parent(parent)


def _settle(job: Job) -> Result:
    assert _context is not None
    return settle(_context, job)
