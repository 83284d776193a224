"""Search: a Pagefind index of the article pages, built into the staged site.

Pagefind reads the finished HTML, so indexing runs on the complete new
site just before it goes live (the `before_swap` step of publishing). Only
what article pages mark with `data-pagefind-*` is indexed: the title, the
curator's note and the text; tags and authors as filters; date and authors
for the results. The index is static files under `pagefind/`: search then
works on any static host, with no server.

The index is split into shards (see `shards.py`), each a Pagefind bundle
of its own in `pagefind/<shard>/`, listed in `pagefind/shards.json`; the
search page merges them in the browser (Pagefind's `mergeIndex`) into one
ranked list. A build indexes only the shards whose article pages changed,
all of them side by side on a cold build, and keeps the others as they are.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .pagefind import index_shards, indexer_key, place_bundle
from .shards import BUNDLE_FOLDER, LISTING, ShardPlan, plan_shards

__all__ = ["BUNDLE_FOLDER", "SearchIndex", "search_outputs"]


@dataclass(frozen=True)
class SearchIndex:
    plan: ShardPlan

    @property
    def reused(self) -> dict[str, str]:
        """The live site's index files that stay, with their fingerprints."""
        return self.plan.reused

    @property
    def complete(self) -> bool:
        """True when the reused files are the whole index."""
        return not self.plan.stale and LISTING in self.plan.reused

    def build(self, site_dir: Path, place: Callable[[str, bytes], object]) -> dict[str, str]:
        """Index the stale shards of `site_dir` and `place` their files into
        it (so files that did not change stay as they were); return the
        files placed, with their fingerprints."""
        made: dict[str, str] = {}
        if self.plan.stale:
            with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site_dir) as scratch:
                todo = [(shard.name, shard.pages) for shard in self.plan.stale]
                keys = {shard.name: (shard.folder, shard.key) for shard in self.plan.stale}
                for name, bundle in index_shards(site_dir, Path(scratch), todo):
                    made.update(place_bundle(bundle, *keys[name], place))
        if LISTING not in self.plan.reused:
            place(LISTING, self.plan.listing)
            made[LISTING] = self.plan.listing_key
        return made


def search_outputs(new: dict[str, str], live: dict[str, str],
                   shard_size: int) -> SearchIndex:
    """The index for a site whose files will have fingerprints `new`, given
    the fingerprints of the live site's files; at most `shard_size` article
    pages per shard on average."""
    return SearchIndex(plan_shards(new, live, shard_size, indexer_key()))
