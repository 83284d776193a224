"""Loading with the cache, in proportion to the change.

A content file unchanged since its cached parse (same size, times and
inode) is not read again; the others are parsed in parallel when there
are many. The cache keeps, besides each file's parse, a `Catalog` of all
of them (`catalog.py`): what a build needs of every article (slug,
digests) without loading its parse. When the catalog shows nothing that
needs every parse (two articles with one slug, more tags than allowed),
only the files that are not plain articles (author profiles, reading
lists, files with problems to report) are loaded whole; the engine loads
the rest only where a page needs them, or all of them when it must plan
the site. (At 100,000 articles, loading every parse took most of a
one-article rebuild.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..digest import digest
from ..errors import Diagnostics
from ..load import DIGESTED, Article, Content, Parsed, content_folder_missing, gather, parse_files
from .cache import BuildCache, content_shard
from .catalog import SUMS, Catalog, StoredCatalog, StoredCatalogs, add_sums, merge, stored_catalog
from .parallel import map_chunks


@dataclass(frozen=True)
class Loaded:
    """The content as loaded: the catalog of every file, and the `Content` of
    the files loaded whole (every file when `complete`)."""

    catalog: Catalog
    content: Content
    complete: bool


Folders = tuple[Path, Path]  # the content folder and the project's


def load(folders: Folders, files: dict[str, str], diag: Diagnostics,
         cache: BuildCache, parallel: bool, max_tags: int | None, raw_html: bool,
         stored: StoredCatalogs | None = None) -> Loaded:
    """The content of `files` (path → stamp, of every content file),
    its problems reported to `diag` (`stored`: see `update`).

    With `raw_html`, the articles' body digests change: they key the
    converted bodies, whose HTML depends on the setting."""
    if content_folder_missing(folders[0], diag):
        return Loaded(merge([], ""), Content((), ()), True)
    catalog, fresh = update(folders, files, cache, parallel, stored)
    if len(fresh) == len(files):  # every file parsed now (a cold build): all are at hand
        content = gather([fresh[path] for path in sorted(files)], diag, max_tags)
        return Loaded(catalog, _raw(content, raw_html), True)
    if len(catalog.views) < catalog.articles or \
            (max_tags is not None and catalog.most_tags > max_tags):
        return Loaded(catalog, whole(folders, catalog, cache, diag, max_tags, raw_html), True)
    parses = [parsed for _, parsed in _parses(folders, cache, catalog, catalog.whole)]
    content = _raw(gather(parses, diag, max_tags, set(catalog.views)), raw_html)
    return Loaded(catalog, content, False)


def whole(folders: Folders, catalog: Catalog, cache: BuildCache, diag: Diagnostics,
          max_tags: int | None, raw_html: bool) -> Content:
    """The content of every file of `catalog` (sorted by path, as `gather` wants them)."""
    parses = [parsed for _, parsed in _parses(folders, cache, catalog, sorted(catalog.stamps))]
    return _raw(gather(parses, diag, max_tags), raw_html)


def articles(folders: Folders, cache: BuildCache, catalog: Catalog, slugs: Iterable[str],
             raw_html: bool) -> dict[str, Article]:
    """slug → article, of the articles with these `slugs`."""
    paths = sorted({catalog.paths[slug] for slug in slugs})
    found = [parsed.value for _, parsed in _parses(folders, cache, catalog, paths)]
    return {a.slug: a for a in _raw_articles(found, raw_html)}  # type: ignore[arg-type]


def update(folders: Folders, files: dict[str, str], cache: BuildCache, parallel: bool,
           stored: StoredCatalogs | None = None,
           ) -> tuple[Catalog, dict[str, Parsed]]:
    """The catalog of `files`, the stored one (`stored`, else read from the
    cache) brought up to date, and the parses made for it: the files whose
    stamp differs are parsed, and the shards that hold them stored again
    (with the parses they kept). A shard whose parses could not be read
    back loses its files: the next round parses them again."""
    shards, catalog = stored or stored_catalog(cache)
    fresh: dict[str, Parsed] = {}
    while catalog.stamps != files:
        changed = [(path, stamp) for path, stamp in files.items()
                   if catalog.stamps.get(path) != stamp]
        gone = catalog.stamps.keys() - files.keys()
        touched = {content_shard(path) for path, _ in changed} | set(map(content_shard, gone))
        entries = {path: held for path, held in cache.parses(touched).items()
                   if files.get(path) == held[0]}
        for chunk in map_chunks(parse_files, folders, changed, parallel):
            entries.update((path, (stamp, parsed)) for path, stamp, parsed in chunk)
            fresh.update((path, parsed) for path, _, parsed in chunk)
        by_shard: dict[int, dict[str, tuple[str, Parsed]]] = {shard: {} for shard in touched}
        for path, held in entries.items():
            by_shard[content_shard(path)][path] = held
        written = {shard: (shard_catalog(held), held) for shard, held in by_shard.items()}
        token = cache.store_content(written)
        before = {shard: shards.pop(shard) for shard in touched if shard in shards}
        shards.update((shard, stored) for shard, (stored, held) in written.items() if held)
        catalog = _replaced(catalog, before, shards, touched, token)
    return catalog, fresh


def _replaced(catalog: Catalog, before: dict[int, StoredCatalog],
              shards: dict[int, StoredCatalog], touched: set[int], token: str) -> Catalog:
    """`catalog` (of the shards as they were, `before` for the `touched`
    ones) for `shards` as they are now: the touched shards' entries taken
    out and put in again, not every shard merged anew (a tenth of a second
    at 100,000 files), unless slugs were shared (then which file keeps an
    entry depends on all the shards)."""
    if len(catalog.views) < catalog.articles:
        return merge(shards.values(), token)
    stamps, paths, views, texts = (dict(catalog.stamps), dict(catalog.paths),
                                   dict(catalog.views), dict(catalog.texts))
    sums, count = catalog.sums, catalog.articles
    for old in before.values():  # all out before any in: an article may move between shards
        for merged, entries in zip((stamps, paths, views, texts), old, strict=False):
            for key in entries:
                merged.pop(key, None)
        sums, count = add_sums(sums, old[4], -1), count - old[5]
    for shard in touched & shards.keys():
        new = shards[shard]
        for merged, entries in zip((stamps, paths, views, texts), new, strict=False):
            merged.update(entries)
        sums, count = add_sums(sums, new[4]), count + new[5]
    return Catalog(stamps, paths, views, texts, sums, count,
                   max((shard[6] for shard in shards.values()), default=0),
                   tuple(sorted(path for shard in shards.values() for path in shard[7])), token)


def shard_catalog(entries: dict[str, tuple[str, Parsed]]) -> StoredCatalog:
    """The catalog of one shard's files (path → (stamp, parse))."""
    stamps, paths, views, texts = {}, {}, {}, {}
    sums = [0] * (len(DIGESTED) + 1)
    count = most = 0
    whole: list[str] = []
    for path, (stamp, parsed) in entries.items():
        stamps[path] = stamp
        value = parsed.value
        if isinstance(value, Article):
            paths[value.slug], views[value.slug], texts[value.slug] = \
                path, value.view_digest, value.digest
            for number, start in enumerate(range(0, len(value.field_digests), 16)):
                sums[number] += int.from_bytes(value.field_digests[start:start + 16], "big")
            sums[-1] += int(value.digest, 16)
            count += 1
            most = max(most, len(value.tags))
        if not isinstance(value, Article) or parsed.warnings or parsed.error:
            whole.append(path)
    return stamps, paths, views, texts, tuple(s % SUMS for s in sums), count, most, whole


def _parses(folders: Folders, cache: BuildCache, catalog: Catalog,
            paths: Sequence[str]) -> list[tuple[str, Parsed]]:
    """(path, parse) of each of `paths`, from the cache where it holds the
    parse for the file's stamp in `catalog`, else parsed again."""
    held = cache.parses(map(content_shard, paths))
    missing = [(path, catalog.stamps[path]) for path in paths
               if held.get(path, ("",))[0] != catalog.stamps[path]]
    again = {path: parsed for chunk in map_chunks(parse_files, folders, missing, False)
             for path, _, parsed in chunk}
    return [(path, again[path] if path in again else held[path][1]) for path in paths]


def _raw(content: Content, raw_html: bool) -> Content:
    return replace(content, articles=_raw_articles(content.articles, raw_html)) if raw_html \
        else content


def _raw_articles(found: Iterable[Article], raw_html: bool) -> tuple[Article, ...]:
    if not raw_html:
        return tuple(found)
    return tuple(replace(a, body_digest=digest(f"raw:{a.body_digest}")) for a in found)
