"""Which shard of the search index holds which article page, and which
shards must be indexed again.

An article belongs to shard `hash(slug) mod count`, where `count` is the
smallest power of two that keeps the average shard at most `shard_size`
articles. Adding or removing an article moves no other article, except
when the count doubles or halves (rarely: at powers of two times the shard
size).

Every file of a shard carries the shard's key: `MEMBERS.CONTENT`, digests
of the shard's page paths and the indexer, and of the digests of what
the index takes from each page (its text, meta and filters). A shard
whose pages all kept their fingerprints (so their bytes) is reused from
the live site without reading anything. A shard with a changed page is
a candidate: after rendering, the digest of what its staged pages give
the index decides whether it must be indexed again (a page's fingerprint
also changes when only parts the index never sees changed, such as a
neighbour's link, as when an article is added or retitled). Only the
pages whose fingerprint changed are read for that: each page's digest is
kept between builds with the fingerprint of the page it was taken from
(`PageDigests`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..digest import digest

BUNDLE_FOLDER = "pagefind"
LISTING = f"{BUNDLE_FOLDER}/shards.json"  # the shard folders, for the search page
_ARTICLE_PAGE = re.compile(r"articles/([^/]+)/index\.html")


@dataclass(frozen=True)
class Shard:
    name: str  # its folder under `pagefind/`
    members: str  # digest of its page paths and of the indexer
    pages: tuple[str, ...]  # the article pages it indexes (paths in the site)
    live_key: str | None  # the key of the live site's copy, if there is one

    @property
    def folder(self) -> str:
        return f"{BUNDLE_FOLDER}/{self.name}/"

    def key(self, digests: Iterable[bytes]) -> str:
        """The shard's key, given the digest of what the index takes from
        each of its pages (`page_digest`)."""
        return f"{self.members}.{hashlib.blake2b(b''.join(digests), digest_size=16).hexdigest()}"


def page_digest(data: bytes) -> bytes:
    """The digest of what the index takes from one page (16 bytes)."""
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass(frozen=True)
class ShardPlan:
    shards: tuple[Shard, ...]  # the non-empty ones, in order
    reused: dict[str, str]  # the live site's index files that still hold
    candidates: tuple[Shard, ...]  # shards whose pages changed fingerprint
    listing: bytes  # the bytes of `pagefind/shards.json`
    # the live site's other index files, by shard folder (the listing: under `pagefind`)
    dropped: dict[str, list[str]] = field(default_factory=dict)

    @property
    def listing_key(self) -> str:
        return digest(self.listing)


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


@dataclass(frozen=True)
class Layout:
    """Which shard indexes which article page: a function of the article
    pages' paths, the shard size and the indexer, so the engine can keep it
    between builds (finding the article pages among 280,000 outputs took
    half a second at 100,000 articles)."""

    count: int  # shards in all (the non-empty ones are listed)
    shards: tuple[Shard, ...]  # the non-empty ones, in order, with no live key

    def shard_names(self, paths: Iterable[str]) -> set[str]:
        """The shards that hold these of the site's paths (those of article pages)."""
        return {f"{self.count}-{shard_of(m[1], self.count)}"
                for path in paths if (m := _ARTICLE_PAGE.fullmatch(path))}


def shard_layout(paths: Iterable[str], shard_size: int, indexer: str) -> Layout:
    """Split the article pages among `paths` (a site's outputs) into shards;
    `indexer` identifies the indexing program (another version: new keys)."""
    pages = sorted((m[1], path) for path in paths if (m := _ARTICLE_PAGE.fullmatch(path)))
    count = shard_count(len(pages), shard_size)
    members: dict[int, list[str]] = {}
    for slug, path in pages:
        members.setdefault(shard_of(slug, count), []).append(path)
    shards = []
    for number in sorted(members):
        name, pages_of = f"{count}-{number}", members[number]
        listed = digest("\n".join([indexer, *pages_of]).encode())
        shards.append(Shard(name, listed, tuple(pages_of), None))
    return Layout(count, tuple(shards))


def plan_shards(new: Mapping[str, str], live: Mapping[str, str], shard_size: int,
                indexer: str, changed: Iterable[str] | None = None,
                layout: Layout | None = None) -> ShardPlan:
    """Split the article pages among `new` (path → fingerprint) into shards
    (`layout`, when known already) and tell which of the `live` site's index
    files still hold. `changed`: the paths whose fingerprint may differ from
    the live site's (None: any)."""
    layout = layout or shard_layout(new, shard_size, indexer)
    shards = tuple(replace(s, live_key=live.get(f"{s.folder}pagefind-entry.json"))
                   for s in layout.shards)
    if changed is None:
        touched = {s.name for s in shards if any(live.get(page) != new[page] for page in s.pages)}
    else:
        touched = layout.shard_names(p for p in changed if live.get(p) != new.get(p))
    unchanged = {s.name for s in shards if s.name not in touched
                 and s.live_key and s.live_key.startswith(f"{s.members}.")}
    reused: dict[str, str] = {}
    dropped: dict[str, list[str]] = {}
    for path, key in live.items():
        if path.startswith(f"{BUNDLE_FOLDER}/") and path != LISTING:
            name = path.split("/", 2)[1]
            if name in unchanged:
                reused[path] = key
            else:
                dropped.setdefault(f"{BUNDLE_FOLDER}/{name}/", []).append(path)
    listing = json.dumps({"shards": [f"{s.name}/" for s in shards]}).encode()
    if live.get(LISTING) == digest(listing):
        reused[LISTING] = digest(listing)
    elif LISTING in live:
        dropped[BUNDLE_FOLDER] = [LISTING]
    return ShardPlan(shards, reused, tuple(s for s in shards if s.name not in unchanged), listing,
                     dropped)
