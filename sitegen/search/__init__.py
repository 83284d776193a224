"""Search: a Pagefind index of the article pages, built into the staged site.

Pagefind reads the finished HTML, so indexing runs on the complete new
site just before it goes live (the step of the build before publishing). Only
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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .pagefind import each_in_parallel, index_pages, indexer_key
from .shards import BUNDLE_FOLDER, LISTING, Shard, ShardPlan, plan_shards

__all__ = ["BUNDLE_FOLDER", "SearchIndex", "search_outputs"]


@dataclass(frozen=True)
class SearchIndex:
    plan: ShardPlan
    live_dir: Path  # the live site, whose unchanged shards are kept
    live: dict[str, list[str]]  # the live site's index files, by shard folder

    @property
    def reused(self) -> dict[str, str]:
        """The live site's index files that stay, with their fingerprints."""
        return self.plan.reused

    @property
    def complete(self) -> bool:
        """True when the reused files are the whole index (or there is none:
        with no article, Pagefind refuses to index nothing)."""
        return not self.plan.candidates and (LISTING in self.plan.reused or not self.plan.shards)

    def build(self, site_dir: Path, place: Callable[[str, bytes], object]) -> dict[str, str]:
        """Index the shards of `site_dir` whose pages changed and `place`
        their files into it (so files that did not change stay as they
        were); return the files placed, with their fingerprints."""
        def settle(shard: Shard) -> tuple[str, dict[str, bytes] | None]:
            pages = [(page, (site_dir / page).read_bytes()) for page in shard.pages]
            key = shard.key(data for _, data in pages)
            return key, None if key == shard.live_key else index_pages(pages)

        made: dict[str, str] = {}
        for shard, (key, files) in zip(self.plan.candidates,
                                       each_in_parallel(settle, self.plan.candidates),
                                       strict=True):
            if files is None:  # only parts of its pages Pagefind never sees changed
                files = {path.removeprefix(shard.folder): (self.live_dir / path).read_bytes()
                         for path in self.live.get(shard.folder, ())}
            for relative in sorted(files):
                place(shard.folder + relative, files[relative])
                made[shard.folder + relative] = key
        if self.plan.shards and LISTING not in self.plan.reused:
            place(LISTING, self.plan.listing)
            made[LISTING] = self.plan.listing_key
        return made


def search_outputs(new: dict[str, str], live: dict[str, str], live_dir: Path,
                   shard_size: int) -> SearchIndex:
    """The index for a site whose files will have fingerprints `new`, given
    the live site (in `live_dir`) and its files' fingerprints; at most
    `shard_size` article pages per shard on average."""
    plan = plan_shards(new, live, shard_size, indexer_key())
    candidates = {shard.folder for shard in plan.candidates}
    by_folder: dict[str, list[str]] = {}
    for path in live:
        if path.startswith(f"{BUNDLE_FOLDER}/"):
            folder = "/".join(path.split("/", 2)[:2]) + "/"
            if folder in candidates:
                by_folder.setdefault(folder, []).append(path)
    return SearchIndex(plan, live_dir, by_folder)
