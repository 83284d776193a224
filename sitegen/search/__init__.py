"""Search: a Pagefind index of the article pages, built into the staged site.

The index is read from the finished HTML, just before the new site goes
live (the step of the build before publishing). Only what article pages
mark with `data-pagefind-*` is indexed: the title, the curator's note and
the text; tags and authors as filters; date and authors for the results.
The index is static files under `pagefind/`: search then works on any
static host, with no server.

The index is split into shards (see `shards.py`), each a bundle of its own
in `pagefind/<shard>/`, listed in `pagefind/shards.json`; the search page
merges them in the browser (Pagefind's `mergeIndex`) into one ranked list.
A build indexes only the shards whose article pages changed, all of them
side by side on a cold build, and keeps the others as they are.

sitegen writes the index files itself, in the format of Pagefind 1.5.2
(`extract.py`, `words.py`, `bundle.py`, `indexer.py`): Pagefind's program
needed about 2 ms of CPU time per article, most of a cold build. The
browser side is Pagefind's own (`runtime.py`), so ranking, excerpts and
filters are Pagefind's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..digest import digest
from ..installed import library_stamp
from .pagefind import VERSION, program_key
from .runtime import Runtime, start_runtime
from .shards import BUNDLE_FOLDER, LISTING, Layout, Shard, ShardPlan, plan_shards, shard_layout

__all__ = ["BUNDLE_FOLDER", "SearchIndex", "search_outputs"]


class Kept(Protocol):
    """Where values derived by a pure function are kept between builds
    (the build cache), each under a key that says what it was derived from."""

    def derived(self, name: str, key: str) -> Any: ...

    def store_derived(self, name: str, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class PageDigests:
    """The digest of what the index took from each article page, kept by
    shard with the fingerprint of the page it was taken from: a candidate
    shard then reads only its pages whose fingerprint changed (an article
    added changes the pages that link to it, its neighbours' and those of
    the articles it is related to, in several shards, but none of their
    text)."""

    kept: Kept
    version: str  # of the indexer and the language: another gives other digests
    fingerprints: Mapping[str, str]  # this build's, by path

    def known(self, shard: Shard) -> dict[str, bytes]:
        """path → digest, of the shard's pages whose fingerprint is the one kept."""
        stored = self.kept.derived(self._name(shard), self.version) or {}
        return {path: digest for path, (fingerprint, digest) in stored.items()
                if self.fingerprints.get(path) == fingerprint}

    def keep(self, shard: Shard, digests: Sequence[bytes]) -> None:
        self.kept.store_derived(self._name(shard), self.version, {
            path: (self.fingerprints[path], digest)
            for path, digest in zip(shard.pages, digests, strict=True)})

    @staticmethod
    def _name(shard: Shard) -> str:
        """By the shard's number alone (`COUNT-NUMBER`): a layout of more
        shards takes over the values kept for one of fewer, so the cache
        never holds more than the largest layout had. (Each entry is checked
        by path and fingerprint: another layout's is only a miss.)"""
        return f"search-pages-{shard.name.rpartition('-')[2]}"


@dataclass(frozen=True)
class SearchIndex:
    plan: ShardPlan
    live: dict[str, list[str]]  # the live site's index files, by shard folder
    language: str  # the site's, lower case: the index's language
    runtime: Callable[[], Runtime] | None  # Pagefind's browser files, when a shard is indexed
    digests: PageDigests | None = None  # of the pages, when kept between builds

    @property
    def reused(self) -> dict[str, str]:
        """The live site's index files that stay, with their fingerprints."""
        return self.plan.reused

    @property
    def dropped(self) -> frozenset[str]:
        """The live site's index files that do not stay as they are."""
        return frozenset(path for paths in self.plan.dropped.values() for path in paths)

    @property
    def complete(self) -> bool:
        """True when the reused files are the whole index (or there is none:
        with no article there is nothing to index)."""
        return not self.plan.candidates and (LISTING in self.plan.reused or not self.plan.shards)

    def build(self, site_dir: Path, place: Callable[[str, bytes], bool],
              keep: Callable[[str], bool], parallel: bool = True) -> tuple[dict[str, str], int]:
        """Index the shards of `site_dir` whose pages changed and `place`
        their files into it (`place` says whether it wrote them: a file that
        did not change is kept), or `keep` the live site's files of a shard
        whose pages changed only outside the index (`keep(path)` links one
        in: False when it cannot); the files placed or kept, with their
        fingerprints, and how many were written."""
        from .indexer import Context, settle_shards  # here: numpy and stemmers load to index

        made: dict[str, str] = {}
        written = 0
        if self.plan.candidates and self.runtime is not None:
            context = Context(site_dir, self.language, self.runtime(), place, keep)
            digests = self.digests
            jobs = [(shard, self.live.get(shard.folder, []),
                     digests.known(shard) if digests else {}) for shard in self.plan.candidates]
            for shard, (key, paths, count, found) in zip(
                    self.plan.candidates, settle_shards(context, jobs, parallel), strict=True):
                made.update(dict.fromkeys(paths, key))
                written += count
                if digests:
                    digests.keep(shard, found)
        if self.plan.shards and LISTING not in self.plan.reused:
            written += place(LISTING, self.plan.listing)
            made[LISTING] = self.plan.listing_key
        return made, written


@functools.cache
def indexer_key() -> str:
    """What the index files are made by: another version of the format, the
    stemmer or the Pagefind program (whose runtime they ship) makes others."""
    sources = sorted(Path(__file__).parent.glob("*.py"))
    return digest("\n".join([VERSION, library_stamp("Stemmer"), program_key(),
                             *(digest(p.read_bytes()) for p in sources)]))


Remember = Callable[[str, Callable[[], Layout]], Layout]  # (key, make) → the value kept under key


def search_outputs(new: dict[str, str], live: dict[str, str],
                   shard_size: int, language: str, cache_dir: Path | None,
                   changed: Iterable[str] | None = None,
                   remember: Remember | None = None, kept: Kept | None = None) -> SearchIndex:
    """The index for a site whose files will have fingerprints `new`, given
    the live site's files' fingerprints; at most
    `shard_size` article pages per shard on average, in the site's `language`.
    `changed`: the paths whose fingerprint may differ from the live site's
    (None: any); `remember`: keeps the shard layout between builds; `kept`:
    keeps the digests of the pages (`PageDigests`)."""
    indexer = indexer_key()

    def make() -> Layout:
        return shard_layout(new, shard_size, indexer)

    layout = remember(f"{shard_size}:{indexer}", make) if remember else make()
    plan = plan_shards(new, live, shard_size, indexer, changed, layout)
    # started now: Pagefind gives its runtime while the pages render
    runtime = start_runtime(language.lower(), cache_dir) if plan.candidates else None
    candidates = {shard.folder for shard in plan.candidates}
    by_folder = {folder: paths for folder, paths in plan.dropped.items() if folder in candidates}
    digests = PageDigests(kept, f"{indexer}:{language.lower()}", new) if kept else None
    return SearchIndex(plan, by_folder, language.lower(), runtime, digests)
