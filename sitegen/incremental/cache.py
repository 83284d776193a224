"""The build cache: one SQLite file in `cache_dir` that makes rebuilds cheap.

It remembers these things between runs:

* parsed content files, by path, size and modification time, so an
  unchanged file is not read or parsed again;
* article bodies converted to HTML, by the digest of their Markdown, and
  the views of articles that lists show (`render.views.ArticleView`), by
  the digest of the front matter and reading time they were made from and
  the base URL;
* the planned pages (recipes of all, in chunks read on need, see
  `recipes.py`, and the pages themselves, pickled in bundles, by path and
  shape), so a build in which no article changed anything that decides
  which pages exist needs no planning;
* for each of the two output folders (the live site and the staging folder
  the next build is prepared in), which page fingerprint each file holds
  (as a base and deltas, see `manifests.py`; the records are `trees.py`'s);
* values derived by a pure function (the search index's shard layout),
  under a digest of what they were derived from.

Everything in it can be rebuilt from the inputs; `--no-cache` uses an
in-memory database that is thrown away, and a cache written by another
version of the program or its libraries is discarded (its tables too).
Each write is one transaction, in the order the package docstring gives,
so a build killed at any moment leaves a cache the next build can trust.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import pickle
import sqlite3
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import SiteError
from ..installed import library_stamp
from .crashpoint import crash_point
from .frozen import unpickle
from .recipes import Recipes, StoredItem, recipe_index
from .trees import TreeRecords

CACHE_FILE = "build.sqlite"
# Pages pickled together, with the (path, shape digest) of each: one pickle
# for a few dozen pages is about half the work and three quarters the size
# of one per page (the views and references they share are written once).
PageBundle = tuple[bytes, list[tuple[str, str]]]
BUNDLE_SIZE = 32
HEAVY_PAGE = 1 << 20  # bytes pickled (see `bundle_pages`)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS content (
    shard INTEGER PRIMARY KEY, catalog BLOB NOT NULL, parsed BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS blobs (name TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bodies (digest TEXT PRIMARY KEY, html TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS views (digest TEXT PRIMARY KEY, view BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS recipe_chunks (
    chunk INTEGER PRIMARY KEY, structure TEXT NOT NULL, recipes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS page_bundles (id INTEGER PRIMARY KEY, pages BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    path TEXT PRIMARY KEY, shape TEXT NOT NULL, bundle INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS pages_by_bundle ON pages (bundle);
CREATE TABLE IF NOT EXISTS trees (
    role TEXT PRIMARY KEY, identity TEXT NOT NULL, base INTEGER, delta BLOB NOT NULL, basis BLOB);
CREATE TABLE IF NOT EXISTS tree_bases (id INTEGER PRIMARY KEY, state BLOB NOT NULL);
"""


@functools.lru_cache(maxsize=1)
def environment_key() -> str:
    """The program's own code, Python's version and the libraries' installed
    files (`library_stamp`): a change in any of them voids the cache (what it
    stores was made by that code)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (__version__, sys.version,
                 *(library_stamp(module) for module in ("markdown", "jinja2", "yaml"))):
        digest.update(part.encode())
    for source in sorted(Path(__file__).parent.parent.rglob("*.py")):  # all of sitegen
        digest.update(source.read_bytes())
    return digest.hexdigest()


_SHARDS = 64
CONTENT_SHARDS = 1024  # of the content files: about a hundred files each at 100,000


def _shard(text: str, shards: int = _SHARDS) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass")) % shards


def content_shard(path: str) -> int:
    return _shard(path, CONTENT_SHARDS)


class BuildCache:
    def __init__(self, folder: Path | None) -> None:
        """Open the cache in `folder`, or an in-memory one when `folder` is None.

        The cache never asks the disk to flush (`synchronous=OFF`): an fsync
        also flushes the metadata of every file the build has just written,
        which cost seconds. A cache damaged by a power cut is discarded.
        """
        self.persistent = folder is not None
        self.location = folder / CACHE_FILE if folder is not None else None
        if folder is None:
            self.db = self._open(":memory:")
        else:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                self.db = self._open(folder / CACHE_FILE)
            except sqlite3.DatabaseError:
                for leftover in folder.glob(f"{CACHE_FILE}*"):
                    leftover.unlink()
                self.db = self._open(folder / CACHE_FILE)
        self.trees = TreeRecords(self.db, self._writing)  # of the output folders

    def _open(self, where: Path | str) -> sqlite3.Connection:
        db = sqlite3.connect(where, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        self.db = db
        if self._stored_key() != environment_key():
            self._start_afresh()
        return db

    def _stored_key(self) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key='environment'").fetchone()
        except sqlite3.OperationalError:  # no such table: a new cache
            return None
        return row[0] if row else None

    def _start_afresh(self) -> None:
        """Drop whatever another version stored (its tables too) and start empty."""
        with self.db:
            tables = [name for (name,) in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                self.db.execute(f'DROP TABLE "{table}"')
        self.db.executescript(_SCHEMA)
        with self.db:
            self.db.execute("INSERT INTO meta VALUES ('environment', ?)", (environment_key(),))

    @contextlib.contextmanager
    def _writing(self, what: str) -> Iterator[None]:
        """One transaction, with a crash point before and after its commit."""
        crash_point(f"cache:{what}:before")
        with self.db:
            yield
        crash_point(f"cache:{what}:after")

    # Content files, parsed, in shards by path (an edited file rewrites one
    # small shard). Each shard holds its files' catalog (what a build needs
    # of every file, in plain `marshal` form: the catalogs of 100,000 files
    # load in a few hundredths of a second) and their parses, pickled, read
    # only where a file is needed whole.
    def catalogs(self) -> tuple[dict[int, Any], str]:
        """shard → its catalog, for every stored shard, and the token of the
        last change to any of them (see `store_content`)."""
        try:
            found = {shard: marshal.loads(data) for shard, data in
                     self.db.execute("SELECT shard, catalog FROM content")}
        except Exception:  # a damaged cache is no cache
            return {}, ""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'content'").fetchone()
        return found, row[0] if row else ""

    def parses(self, shards: Iterable[int]) -> dict[str, tuple[str, Any]]:
        """path → (stamp, parse) of every file in `shards` (a shard that
        cannot be read back gives none)."""
        found: dict[str, tuple[str, Any]] = {}
        for shard in sorted(set(shards)):
            row = self.db.execute("SELECT parsed FROM content WHERE shard = ?",
                                  (shard,)).fetchone()
            with contextlib.suppress(Exception):
                found.update(unpickle(row[0]) if row else {})
        return found

    def store_content(self, shards: dict[int, tuple[Any, dict[str, tuple[str, Any]]]]) -> str:
        """Replace `shards` (shard → (catalog, path → (stamp, parse))), an
        empty one removed, in one transaction with a new token; the token."""
        token = os.urandom(8).hex()
        with self._writing("content"):
            for shard, (catalog, parses) in sorted(shards.items()):
                if parses:
                    self.db.execute("INSERT OR REPLACE INTO content VALUES (?, ?, ?)", (
                        shard, marshal.dumps(catalog), pickle.dumps(parses, protocol=5)))
                else:
                    self.db.execute("DELETE FROM content WHERE shard = ?", (shard,))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('content', ?)", (token,))
        return token

    def _blob(self, name: str) -> Any:
        """The stored value, or None (also when it cannot be read back)."""
        row = self.db.execute("SELECT data FROM blobs WHERE name = ?", (name,)).fetchone()
        try:
            return unpickle(row[0]) if row else None
        except Exception:  # a damaged cache is no cache
            return None

    def _store_blob(self, name: str, value: Any) -> None:
        with self._writing(name):
            self.db.execute("INSERT OR REPLACE INTO blobs VALUES (?, ?)",
                            (name, pickle.dumps(value, protocol=5)))

    # Converted bodies, and the views of articles shown in lists, by the
    # digest of what each was made from.
    def bodies(self, digests: list[str]) -> dict[str, str]:
        return self._by_digest("bodies", digests)

    def add_bodies(self, items: dict[str, str]) -> None:
        with self._writing("bodies"):
            self.db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", items.items())

    def views(self, digests: list[str]) -> dict[str, Any]:
        """The article views kept under these digests (one that cannot be
        read back is none)."""
        found = {}
        for key, data in self._by_digest("views", digests).items():
            with contextlib.suppress(Exception):  # a damaged cache is no cache
                found[key] = pickle.loads(data)
        return found

    def add_views(self, items: dict[str, Any]) -> None:
        with self._writing("views"):
            self.db.executemany("INSERT OR REPLACE INTO views VALUES (?, ?)",
                                [(key, pickle.dumps(view, protocol=5))
                                 for key, view in items.items()])

    def _by_digest(self, table: str, digests: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for start in range(0, len(digests), 500):
            chunk = digests[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(
                f"SELECT * FROM {table} WHERE digest IN ({marks})", chunk))
        return found

    def prune(self, table: str, articles: int, keep: Callable[[], set[str]]) -> None:
        """Forget the bodies or views (`table`) no article has any more
        (`keep()` gives the digests of those the `articles` articles have),
        once they pile up."""
        (stored,) = self.db.execute(f"SELECT count(*) FROM {table}").fetchone()
        if stored <= 2 * articles + 100:
            return
        kept = keep()
        with self._writing(f"prune-{table}"):
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (digest TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM keep")
            self.db.executemany("INSERT INTO keep VALUES (?)", [(d,) for d in kept])
            self.db.execute(f"DELETE FROM {table} WHERE digest NOT IN (SELECT digest FROM keep)")

    # The planned pages, kept for builds in which the collection's structure
    # (which pages exist and which articles each shows) did not change.
    def last_recipes(self) -> tuple[str, Recipes, dict[str, int]] | None:
        """The recipes stored by the last build that planned the site (their
        chunks read on need), with the structure key they were planned for
        and the counts; None when there are none, or not all of them."""
        stored = self._blob("recipes")
        if stored is None:
            return None
        structure, counts, paths, templates, size = stored
        recipes = Recipes(paths, templates, functools.partial(self._recipe_chunk, structure),
                          size)
        (chunks,) = self.db.execute("SELECT count(*) FROM recipe_chunks WHERE structure = ?",
                                    (structure,)).fetchone()
        return (structure, recipes, counts) if chunks == recipes.chunks else None

    def _recipe_chunk(self, structure: str, number: int) -> list[StoredItem]:
        """A chunk of the recipes stored for `structure` (`Recipes`). They
        were stored in one transaction with the list of paths that led
        here: one that cannot be read now was damaged under the build,
        which stops; the stored recipes are forgotten, so the next build
        plans the site again."""
        row = self.db.execute("SELECT recipes FROM recipe_chunks WHERE chunk = ? AND "
                              "structure = ?", (number, structure)).fetchone()
        try:
            return unpickle(row[0])
        except Exception:
            with self._writing("forget-recipes"):
                self.db.execute("DELETE FROM recipe_chunks")
            raise SiteError("the build cache was damaged (the stored plan of the pages could "
                            "not be read back); it is repaired: build again",
                            self.location) from None

    def plan_reads(self) -> frozenset[str] | None:
        """The article fields read when the stored recipes were planned (see
        `reads.py`), or None."""
        return self._blob("plan-reads")

    def store_recipes(self, structure: str, counts: dict[str, int], recipes: Recipes,
                      read: frozenset[str]) -> None:
        """Keep the recipes of every page, and the article fields planning
        read (`reads.py`); pages no longer planned are forgotten."""
        keep = set(recipes.paths)
        with self._writing("forget-pages"):
            gone = [(p,) for (p,) in self.db.execute("SELECT path FROM pages") if p not in keep]
            self.db.executemany("DELETE FROM pages WHERE path = ?", gone)
            self._drop_unused_bundles()
        # in chunks of plain tuples (named ones load several times slower: a
        # call each); with the index of the pages each article shows, in
        # shards by slug (an edit reads the shards of the edited articles only)
        shards: dict[int, dict[str, list[int]]] = {number: {} for number in range(_SHARDS)}
        for slug, positions in recipe_index(recipes).items():
            shards[_shard(slug)][slug] = positions
        header = (structure, counts, list(recipes.paths), sorted(recipes.templates),
                  recipes.chunk_size)
        with self._writing("recipes"):
            self.db.execute("DELETE FROM recipe_chunks")
            self.db.executemany("INSERT INTO recipe_chunks VALUES (?, ?, ?)", [
                (number, structure, pickle.dumps(chunk, protocol=5))
                for number, chunk in enumerate(recipes.stored())])
            self.db.executemany("INSERT OR REPLACE INTO blobs VALUES (?, ?)", [
                ("recipes", pickle.dumps(header, protocol=5)),
                ("plan-reads", pickle.dumps(read, protocol=5)),
                *((f"showing-{number}", pickle.dumps((structure, shard), protocol=5))
                  for number, shard in shards.items())])

    def showing(self, structure: str, slugs: set[str]) -> set[int] | None:
        """The positions of the recipes stored for `structure` that show any
        of these articles; None when the index stored is for other recipes."""
        by_shard: dict[int, list[str]] = {}
        for slug in slugs:
            by_shard.setdefault(_shard(slug), []).append(slug)
        found: set[int] = set()
        for number, some in sorted(by_shard.items()):
            stored = self._blob(f"showing-{number}")
            if stored is None or stored[0] != structure:
                return None
            for slug in some:
                found.update(stored[1].get(slug, ()))
        return found

    def page_shapes(self) -> dict[str, str]:
        """path → shape digest of every stored page."""
        return dict(self.db.execute("SELECT path, shape FROM pages"))

    def add_pages(self, bundles: list[PageBundle]) -> None:
        """Store bundles of pages (see `bundle_pages`), replacing earlier versions."""
        if not bundles:
            return
        with self._writing("pages"):
            for data, members in bundles:
                bundle = self.db.execute("INSERT INTO page_bundles (pages) VALUES (?)",
                                         (data,)).lastrowid
                self.db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                                    [(path, shape, bundle) for path, shape in members])
            self._drop_unused_bundles()

    def _drop_unused_bundles(self) -> None:
        self.db.execute("DELETE FROM page_bundles WHERE id NOT IN (SELECT bundle FROM pages)")

    def pages(self, shapes: dict[str, str]) -> list[Any]:
        """The stored pages (`Page` objects) at the paths of `shapes` (path →
        shape digest), each only when it was stored for that shape: a page
        of another shape is no page for this recipe, whatever order a killed
        build left the two in."""
        paths = sorted(shapes)
        where: dict[str, int] = {}  # path → its bundle (older bundles may hold older versions)
        for start in range(0, len(paths), 500):
            chunk = paths[start:start + 500]
            marks = ",".join("?" * len(chunk))
            where.update((path, bundle) for path, shape, bundle in self.db.execute(
                f"SELECT path, shape, bundle FROM pages WHERE path IN ({marks})", chunk)
                if shapes[path] == shape)
        found = []
        for bundle in sorted(set(where.values())):
            (data,) = self.db.execute("SELECT pages FROM page_bundles WHERE id = ?",
                                      (bundle,)).fetchone()
            found += [page for page in pickle.loads(data) if where.get(page.path) == bundle]
        return found

    # The templates each template source names (see `fingerprint.template_digests`).
    def template_references(self) -> dict[str, tuple[str | None, ...]]:
        return self._blob("template-references") or {}

    def store_template_references(self, found: dict[str, tuple[str | None, ...]]) -> None:
        self._store_blob("template-references", found)

    # Values derived from others by a pure function, kept under a digest of
    # what they were derived from (so they can be written at any time).
    def derived(self, name: str, key: str) -> Any:
        """The value kept as `name` for `key`, or None."""
        stored = self._blob(f"derived-{name}")
        return stored[1] if stored is not None and stored[0] == key else None

    def store_derived(self, name: str, key: str, value: Any) -> None:
        self._store_blob(f"derived-{name}", (key, value))

    # The last successful build, to recognise a build with nothing to do.
    def last_build(self) -> Any:
        return self._blob("last-build")

    def store_last_build(self, value: Any) -> None:
        self._store_blob("last-build", value)

    def close(self) -> None:
        self.db.close()


def bundle_pages(pages: Sequence[Any], shapes: dict[str, str]) -> list[PageBundle]:
    """`pages` pickled in bundles for `BuildCache.add_pages`; `shapes`: path → shape digest.

    A page that pickles to more than `HEAVY_PAGE` bytes (the sitemap of
    100,000 articles: 26 MB) is bundled alone, so that loading a page that
    would have shared its bundle does not unpickle it too."""
    bundles: list[PageBundle] = []
    for start in range(0, len(pages), BUNDLE_SIZE):
        group = list(pages[start:start + BUNDLE_SIZE])
        data = pickle.dumps(group, protocol=5)
        if len(data) <= HEAVY_PAGE or len(group) == 1:
            bundles.append(_bundle(group, shapes, data))
            continue
        alone = [(page, pickle.dumps([page], protocol=5)) for page in group]
        bundles += [_bundle([page], shapes, one) for page, one in alone if len(one) > HEAVY_PAGE]
        light = [page for page, one in alone if len(one) <= HEAVY_PAGE]
        if light:
            bundles.append(_bundle(light, shapes, pickle.dumps(light, protocol=5)))
    return bundles


def _bundle(group: list[Any], shapes: dict[str, str], data: bytes) -> PageBundle:
    return data, [(page.path, shapes[page.path]) for page in group]

