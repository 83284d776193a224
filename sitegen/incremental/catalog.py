"""The catalog of the content files: what a build needs of every file
without loading its parse (see `loading.py`), kept by the cache in shards.

A build with nothing to do reads only this (see `inputs.py`), so this
module imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cache import BuildCache

SUMS = 2 ** 128  # digests are summed modulo this (see `Catalog.sums`)
# One shard's catalog as stored (plain values, for `marshal`): stamps, slug → path,
# slug → view digest, slug → whole digest, digest sums, articles, most tags,
# files to load whole.
StoredCatalog = tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str],
                      tuple[int, ...], int, int, list[str]]


@dataclass(frozen=True)
class Catalog:
    """What a build needs of every content file without loading its parse."""

    stamps: dict[str, str]  # path → stamp, of every content file
    paths: dict[str, str]  # article slug → its file
    views: dict[str, str]  # article slug → view digest
    texts: dict[str, str]  # article slug → whole digest
    # For each field of `load.DIGESTED`, the sum of every article's digest of
    # it, then the sum of the digests of their whole files: each changes
    # with that field of any article (or with any file), and is kept up to
    # date shard by shard (`fingerprint.structure_key`).
    sums: tuple[int, ...]
    articles: int  # how many files hold an article (more than `views` when slugs are shared)
    most_tags: int  # the most tags an article has
    whole: tuple[str, ...]  # files to load whole every time: no article, or with problems
    token: str  # changes whenever the cache's catalog does


StoredCatalogs = tuple[dict[int, StoredCatalog], Catalog]  # the shards, and merged


def stored_catalog(cache: BuildCache) -> StoredCatalogs:
    """The stored catalog, by shard and merged."""
    shards, token = cache.catalogs()
    return shards, merge(shards.values(), token)


def merge(shards: Iterable[StoredCatalog], token: str) -> Catalog:
    """One catalog of the shards' (a slug in two shards is kept once, so
    `views` then has fewer entries than there are articles)."""
    stamps: dict[str, str] = {}
    paths: dict[str, str] = {}
    views: dict[str, str] = {}
    texts: dict[str, str] = {}
    sums: tuple[int, ...] = ()
    count = most = 0
    whole: list[str] = []
    for shard in shards:
        stamps.update(shard[0])
        paths.update(shard[1])
        views.update(shard[2])
        texts.update(shard[3])
        sums = add_sums(sums, shard[4])
        count += shard[5]
        most = max(most, shard[6])
        whole += shard[7]
    return Catalog(stamps, paths, views, texts, sums, count, most,
                   tuple(sorted(whole)), token)


def add_sums(one: tuple[int, ...], other: tuple[int, ...], sign: int = 1) -> tuple[int, ...]:
    """`one` + `other` (or − with `sign` −1), item by item, modulo `SUMS`
    (an empty tuple counts as zeros)."""
    if not other:
        return one
    if not one:
        one = (0,) * len(other)
    return tuple((a + sign * b) % SUMS for a, b in zip(one, other, strict=True))
