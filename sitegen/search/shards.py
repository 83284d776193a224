"""Which shard of the search index holds which article page, and which
shards must be indexed again.

An article belongs to shard `hash(slug) mod count`, where `count` is the
smallest power of two that keeps the average shard at most `shard_size`
articles. Adding or removing an article moves no other article, except
when the count doubles or halves (rarely: at powers of two times the shard
size). Every file of a shard carries the shard's key, a digest of its
article pages' fingerprints and of the indexer; while the live site holds
a shard's files with the same key they are reused as they are.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

BUNDLE_FOLDER = "pagefind"
LISTING = f"{BUNDLE_FOLDER}/shards.json"  # the shard folders, for the search page
_ARTICLE_PAGE = re.compile(r"articles/([^/]+)/index\.html")


@dataclass(frozen=True)
class Shard:
    name: str  # its folder under `pagefind/`
    key: str  # the fingerprint of each of its files
    pages: tuple[str, ...]  # the article pages it indexes (paths in the site)

    @property
    def folder(self) -> str:
        return f"{BUNDLE_FOLDER}/{self.name}/"


@dataclass(frozen=True)
class ShardPlan:
    shards: tuple[Shard, ...]  # the non-empty ones, in order
    reused: dict[str, str]  # the live site's index files that still hold
    stale: tuple[Shard, ...]  # shards to index in this build
    listing: bytes  # the bytes of `pagefind/shards.json`

    @property
    def listing_key(self) -> str:
        return digest(self.listing)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def shard_count(articles: int, shard_size: int) -> int:
    """The smallest power of two with at most `shard_size` articles per shard
    on average."""
    count = 1
    while count * shard_size < articles:
        count *= 2
    return count


def shard_of(slug: str, count: int) -> int:
    """Stable across runs and machines (unlike `hash`)."""
    return int.from_bytes(hashlib.blake2b(slug.encode(), digest_size=8).digest(), "big") % count


def plan_shards(new: Mapping[str, str], live: Mapping[str, str], shard_size: int,
                indexer: str) -> ShardPlan:
    """Split the article pages among `new` (path → fingerprint) into shards
    and tell which of the `live` site's index files still hold. `indexer`
    identifies the indexing program: another version means new keys."""
    pages = sorted((m[1], path) for path in new if (m := _ARTICLE_PAGE.fullmatch(path)))
    count = shard_count(len(pages), shard_size)
    members: dict[int, list[str]] = {}
    for slug, path in pages:
        members.setdefault(shard_of(slug, count), []).append(path)
    shards = tuple(_shard(f"{count}-{number}", members[number], new, indexer)
                   for number in sorted(members))
    by_name = {shard.name: shard for shard in shards}
    reused = {path: key for path, key in live.items()
              if path.startswith(f"{BUNDLE_FOLDER}/")
              and (shard := by_name.get(path.split("/")[1])) is not None and shard.key == key}
    stale = tuple(s for s in shards if f"{s.folder}pagefind-entry.json" not in reused)
    listing = json.dumps({"shards": [f"{s.name}/" for s in shards]}).encode()
    if live.get(LISTING) == digest(listing):
        reused[LISTING] = digest(listing)
    return ShardPlan(shards, reused, stale, listing)


def _shard(name: str, pages: list[str], new: Mapping[str, str], indexer: str) -> Shard:
    stamps = "\n".join(f"{path} {new[path]}" for path in pages)
    return Shard(name, digest(f"{indexer}\n{stamps}".encode()), tuple(pages))
