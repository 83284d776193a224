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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..processes import die_with_parent, workers
from .bundle import bundle
from .extract import PageData, read_page
from .runtime import Runtime
from .shards import Shard, page_digest
from .words import page_words, vocabulary

Job = tuple[Shard, list[str], dict[str, bytes]]  # the shard, its files in the live site,
# and the digests of its pages known already (`page_digest`), by path
Result = tuple[str, list[str], int, tuple[bytes, ...]]  # the shard's key, its files placed, how
# many were written, and the digest of each of its pages


@dataclass(frozen=True)
class Context:
    site_dir: Path  # the staging folder, with the rendered pages
    language: str  # the index's
    runtime: Runtime
    place: Callable[[str, bytes], bool]  # put a file into the staging folder: True if written
    keep: Callable[[str], bool]  # link the live site's file there instead: True if it could


def read_shard(site_dir: Path, shard: Shard, language: str,
               known: Mapping[str, bytes] | None = None,
               ) -> tuple[str, tuple[bytes, ...], dict[str, PageData]]:
    """The shard's key and the digest of what the index takes from each of
    its staged pages (`page_digest`), reading only the pages whose digest is
    not `known` (by path); and what was read of those, by path."""
    known = known or {}
    found: dict[str, PageData] = {}
    digests = []
    for page in shard.pages:
        digest = known.get(page)
        if digest is None:
            data = found[page] = read_page((site_dir / page).read_text(encoding="utf-8"))
            digest = page_digest(f"{language}\0{data.text}\0{data.meta!r}{data.filters!r}"
                                 f"{data.anchor_texts!r}".encode())
        digests.append(digest)
    return shard.key(digests), tuple(digests), found


def shard_files(site_dir: Path, shard: Shard, language: str, wasm: str | None,
                found: Mapping[str, PageData]) -> dict[str, bytes]:
    """The shard's index files (relative path → bytes), runtime excluded;
    `found`: its pages read already, by path (the others are read now)."""
    words = vocabulary(language)
    pages = [found.get(page) or read_page((site_dir / page).read_text(encoding="utf-8"))
             for page in shard.pages]
    return bundle([page_words("/" + path.removesuffix("index.html"), data, words)
                   for path, data in zip(shard.pages, pages, strict=True)], language, words, wasm)


def settle(context: Context, job: Job) -> Result:
    """Keep the shard's live files when what the index takes from its pages
    did not change (a page whose links to its neighbours changed, as when
    one of them is retitled, has the same searchable parts), else index it
    again; its files are then in the staging folder."""
    shard, live_files, known = job
    key, digests, found = read_shard(context.site_dir, shard, context.language, known)
    if key == shard.live_key and all(map(context.keep, live_files)):
        return key, sorted(live_files), 0, digests
    files = shard_files(context.site_dir, shard, context.language, context.runtime.wasm, found)
    files.update(context.runtime.files)
    written = sum(context.place(shard.folder + name, files[name]) for name in sorted(files))
    return key, [shard.folder + name for name in sorted(files)], written, digests


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
