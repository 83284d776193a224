"""Indexing shards: the staged article pages in, a shard's index files out.

A shard's pages are read from the staging folder, their searchable parts
found (`extract.py`), split into words (`words.py`) and written in
Pagefind's format (`bundle.py`). That is Python work, so a cold build
spreads the shards over worker processes, one per core (forked, so they
start with the build's modules loaded); a single shard, the usual case of
an edit, is indexed in the build's own process.

Measured on the benchmark's articles (about 660 words each), a shard of
256 pages takes about 0.1 s on one core, so an edit's shard costs little
and a cold build of 10,000 articles some 2 s of CPU time (Pagefind's own
indexer took 17 to 22 s).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..processes import die_with_parent, workers
from .bundle import bundle
from .extract import read_page
from .shards import Shard
from .words import page_words, vocabulary

Job = tuple[Path, Shard, str, str | None]  # site folder, shard, language, its WebAssembly
Result = tuple[str, dict[str, bytes] | None]  # the shard's key, its files (None: unchanged)


def index_shard(job: Job) -> Result:
    """Read the shard's staged pages; when what the index takes from them
    differs from what the live copy was made from, the shard's new index
    files. (A page whose links to its neighbours changed, as when one of
    them is retitled, has the same searchable parts: its shard stays.)"""
    site_dir, shard, language, wasm = job
    found = [read_page((site_dir / page).read_text(encoding="utf-8")) for page in shard.pages]
    key = shard.key(repr((language, p.text, p.meta, p.filters, p.anchor_texts)).encode()
                    for p in found)
    if key == shard.live_key:
        return key, None
    words = vocabulary(language)
    return key, bundle([page_words("/" + page.removesuffix("index.html"), data, words)
                        for page, data in zip(shard.pages, found, strict=True)],
                       language, words, wasm)


def index_shards(jobs: Sequence[Job], parallel: bool = True) -> Iterator[Result]:
    """`index_shard` of each job, in order; in worker processes when there
    are several and `parallel` (a process with other threads, such as the
    preview server, must not fork)."""
    count = min(workers(), len(jobs)) if parallel else 1
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(index_shard, jobs)
        return
    gc.freeze()  # the workers must not copy the build's objects by collecting them
    try:
        with multiprocessing.get_context("fork").Pool(
                count, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            yield from pool.imap(index_shard, jobs)
    finally:
        gc.unfreeze()
