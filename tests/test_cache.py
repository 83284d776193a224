"""The build cache: pages kept in bundles, and a cache of another version discarded."""

from __future__ import annotations

import importlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.errors import SiteError
from sitegen.incremental.cache import CACHE_FILE, BuildCache, bundle_pages
from sitegen.incremental.manifests import apply
from sitegen.incremental.recipes import Recipe, Recipes
from sitegen.installed import library_stamp
from sitegen.render.pages import Page


def _page(path: str, text: str) -> Page:
    return Page(path, "article.html", {"text": text})


def _recipes(*items: tuple) -> Recipes:
    return Recipes.planned([Recipe(*item) for item in items])


def test_pages_come_back_in_their_newest_version_and_unused_bundles_go(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    first = [_page("a/index.html", "a1"), _page("b/index.html", "b1")]
    cache.add_pages(bundle_pages(first, {"a/index.html": "sa1", "b/index.html": "sb1"}))
    cache.add_pages(bundle_pages([_page("b/index.html", "b2")], {"b/index.html": "sb2"}))

    found = {page.path: page.context["text"] for page in cache.pages({"a/index.html": "sa1",
                                                                      "b/index.html": "sb2"})}
    assert found == {"a/index.html": "a1", "b/index.html": "b2"}
    assert cache.page_shapes() == {"a/index.html": "sa1", "b/index.html": "sb2"}

    cache.add_pages(bundle_pages([_page("a/index.html", "a2")], {"a/index.html": "sa2"}))
    (bundles,) = cache.db.execute("SELECT count(*) FROM page_bundles").fetchone()
    assert bundles == 2  # the first bundle holds no current page any more
    cache.store_recipes("structure", {},
                        _recipes(("b/index.html", "article.html", "sb2", (), ())), frozenset())
    assert [page.context["text"] for page in cache.pages({"a/index.html": "sa2",
                                                           "b/index.html": "sb2"})] == ["b2"]
    cache.close()


def test_a_heavy_page_is_bundled_alone_so_light_ones_load_without_it() -> None:
    """A page as big as a sitemap of 100,000 articles (26 MB pickled) would
    make loading any page of its bundle cost a fifth of a second."""
    light = [_page(f"{n}/index.html", "short") for n in range(5)]
    heavy = _page("sitemap.xml", "x" * 2_000_000)
    pages = [*light[:2], heavy, *light[2:]]
    bundles = bundle_pages(pages, {page.path: "shape" for page in pages})
    alone = [members for _, members in bundles if ("sitemap.xml", "shape") in members]
    assert alone == [[("sitemap.xml", "shape")]]
    assert sorted(path for _, members in bundles for path, _ in members) == \
        sorted(page.path for page in pages)
    assert len(bundles) == 2  # the light pages stay together


def test_a_page_stored_for_another_shape_is_not_given_for_this_one(tmp_path: Path) -> None:
    """A killed build may leave a recipe whose page was never stored: the page
    stored earlier at that path belongs to another shape and must not be used."""
    cache = BuildCache(tmp_path)
    cache.add_pages(bundle_pages([_page("a/index.html", "old title")], {"a/index.html": "old"}))
    assert cache.pages({"a/index.html": "new"}) == []
    assert [p.context["text"] for p in cache.pages({"a/index.html": "old"})] == ["old title"]
    cache.close()


def test_a_cache_written_by_another_version_is_discarded_tables_and_all(tmp_path: Path) -> None:
    old = sqlite3.connect(tmp_path / CACHE_FILE)
    old.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('environment', 'an older version');
        CREATE TABLE pages (path TEXT PRIMARY KEY, shape TEXT NOT NULL, page BLOB NOT NULL);
        INSERT INTO pages VALUES ('a/index.html', 'old shape', x'00');
        CREATE TABLE leftovers (anything);
    """)
    old.commit()
    old.close()

    cache = BuildCache(tmp_path)
    assert cache.page_shapes() == {}
    cache.add_pages(bundle_pages([_page("a/index.html", "new")], {"a/index.html": "new shape"}))
    assert [page.context["text"] for page in cache.pages({"a/index.html": "new shape"})] == \
        ["new"]
    tables = {name for (name,) in cache.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "leftovers" not in tables
    cache.close()


def test_the_pages_showing_an_article_are_found_through_the_stored_index(tmp_path: Path) -> None:
    recipes = _recipes(("index.html", "list.html", "s0", ("a", "b"), ()),
                       ("articles/a/index.html", "article.html", "s1", ("b",), ("a",)),
                       ("articles/b/index.html", "article.html", "s2", (), ("b",)),
                       ("feed.xml", "feed.xml", "s3", ("a",), ("a",)))
    cache = BuildCache(tmp_path)
    cache.store_recipes("structure", {}, recipes, frozenset())
    assert cache.showing("structure", {"a"}) == {0, 1, 3}
    assert cache.showing("structure", {"b"}) == {0, 1, 2}
    assert cache.showing("structure", {"nobody"}) == set()
    assert cache.showing("another structure", {"a"}) is None  # an index of other recipes
    cache.close()


def _recipes_for(cache: BuildCache, structure: str) -> tuple[Recipes, dict[str, int]] | None:
    """The stored recipes and counts when they were planned for `structure`
    (what the engine takes from `last_recipes`)."""
    stored = cache.last_recipes()
    return (stored[1], stored[2]) if stored is not None and stored[0] == structure else None


def test_stored_recipes_are_read_back_a_chunk_at_a_time(tmp_path: Path) -> None:
    """A build that asks for a few pages' recipes reads only the chunks that
    hold them, and gets what was stored."""
    items = [Recipe(f"p{n}/index.html", f"t{n % 3}.html", f"s{n}", (f"a{n}",), ())
             for n in range(10)]
    cache = BuildCache(tmp_path)
    cache.store_recipes("structure", {"articles": 10},
                        Recipes.planned(items, chunk_size=4), frozenset())
    read: list[int] = []
    real = cache._recipe_chunk
    cache._recipe_chunk = lambda structure, number: read.append(number) or real(  # type: ignore
        structure, number)
    stored, counts = _recipes_for(cache, "structure") or (None, None)
    assert stored is not None and counts == {"articles": 10}
    assert stored.paths == [item.path for item in items] and stored.chunks == 3
    assert stored.templates == {"t0.html", "t1.html", "t2.html"}
    assert stored.at({"p5/index.html", "p9/index.html", "not-a-page.xml"}) == \
        [items[5], items[9]]
    assert read == [1, 2]
    assert list(stored) == items and read == [1, 2, 0]
    assert _recipes_for(cache, "another structure") is None
    last = cache.last_recipes()  # whatever they were planned for, with that key
    assert last is not None and last[0] == "structure" and last[2] == {"articles": 10}
    assert list(last[1].shapes()) == [(item.path, item.template, item.shape) for item in items]
    cache.close()


def test_a_damaged_chunk_of_recipes_stops_the_build_and_is_forgotten(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.store_recipes("structure", {}, _recipes(("a/index.html", "article.html", "s", (), ())),
                        frozenset())
    with cache.db:
        cache.db.execute("UPDATE recipe_chunks SET recipes = x'00'")
    stored, _ = _recipes_for(cache, "structure") or (None, None)
    assert stored is not None
    with pytest.raises(SiteError, match="build again") as caught:
        stored.at({"a/index.html"})
    assert caught.value.path == str(tmp_path / CACHE_FILE)
    assert _recipes_for(cache, "structure") is None  # the next build plans again
    cache.close()


def test_recipes_whose_chunks_are_missing_are_not_given_out(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.store_recipes("structure", {}, _recipes(("a/index.html", "article.html", "s", (), ())),
                        frozenset())
    cache.db.execute("DELETE FROM recipe_chunks")
    assert _recipes_for(cache, "structure") is None
    cache.close()


def test_the_folders_manifests_are_kept_as_a_base_and_small_deltas(tmp_path: Path) -> None:
    """After each swap the cache gives back the live manifest and the staging
    folder's (the previous site); an edit writes a delta, not a new base."""
    from sitegen.incremental.trees import Tree

    site = {f"articles/a{i}/index.html": f"v{i}" for i in range(3000)} | {"index.html": "h"}
    cache = BuildCache(tmp_path)
    ids = ("live-1", "staging-1")
    cache.trees.swap("front", "back", Tree("live-1", site), None,
                     cache.trees.folders("f", "b", ids))
    known = cache.trees.folders("front", "back", ids)
    assert known.front is not None and known.front.manifest == site and known.back is None
    (first_base,) = cache.db.execute("SELECT id FROM tree_bases").fetchone()

    edited = site | {"articles/a7/index.html": "v7-edited", "new.html": "n"}
    del edited["index.html"]
    cache.trees.swap("front", "back", Tree("live-2", edited), "staging-2", known,
                     {"articles/a7/index.html", "new.html", "index.html"})
    again = cache.trees.folders("front", "back", ("live-2", "staging-2"))
    assert again.front is not None and again.front.manifest == edited
    assert again.back == {"articles/a7/index.html": "v7", "new.html": None, "index.html": "h"}
    assert cache.db.execute("SELECT id FROM tree_bases").fetchall() == [(first_base,)]
    assert again.stored is not None and len(again.stored.deltas[0]) == 3
    assert cache.trees.folders("front", "back", ("live-2", "staging-other")).back is None
    assert cache.trees.folders("front", "back", ("live-other", "staging-2")).front is None

    told_too_little = edited | {"late.html": "l"}  # a path the build failed to name
    cache.trees.swap("front", "back", Tree("live-2b", told_too_little), "staging-2b", again, set())
    checked = cache.trees.folders("front", "back", ("live-2b", "staging-2b"))
    assert checked.front is not None and checked.front.manifest == told_too_little
    assert checked.back == {"late.html": None}

    everything = {path: "rewritten" for path in edited}  # a large change: a new base
    cache.trees.swap("front", "back", Tree("live-3", everything), "staging-3", again)
    last = cache.trees.folders("front", "back", ("live-3", "staging-3"))
    assert last.front is not None and last.front.manifest == everything
    assert last.stored is not None and last.stored.deltas == ({}, {}, {})
    assert last.back is not None and apply(dict(everything), last.back) == edited
    cache.close()


def test_a_library_installed_anew_has_another_stamp(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache is voided by another version of a library it depends on:
    the library's stamp changes when its module file is written anew (here
    with the same size: its time tells)."""
    module = tmp_path / "stamped_library.py"
    module.write_text("VERSION = '1.0'\n")
    os.utime(module, ns=(1_000_000_000, 1_000_000_000))
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    first = library_stamp("stamped_library")
    assert first == library_stamp("stamped_library")
    module.write_text("VERSION = '1.1'\n")
    assert library_stamp("stamped_library") != first
    assert library_stamp("no_such_library_here") == "no_such_library_here:none"
    specless = type(sys)("specless_library")
    specless.__spec__ = None
    monkeypatch.setitem(sys.modules, "specless_library", specless)
    assert library_stamp("specless_library") == "specless_library:none"


def test_a_build_with_nothing_to_do_does_not_read_package_metadata(tmp_path: Path) -> None:
    """Importing `importlib.metadata` (to ask the libraries' versions) took a
    tenth of a build with nothing to do; the libraries are stamped without it."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("---\ntitle: A\ndate: 2024-01-02\n---\n\nText.\n")
    (tmp_path / "config.yaml").write_text("title: T\nbase_url: http://example.org/\n")
    probe = ("import sys\nbefore = 'importlib.metadata' in sys.modules\n"
             "from sitegen.cli import main\n"
             "code = main(['-q', 'build', '--no-ingest'])\n"
             "print(code, before, 'importlib.metadata' in sys.modules)\n")
    first = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                           text=True, check=True)
    assert first.stdout.split()[0] == "0", first.stderr
    again = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                           text=True, check=True)
    code, before, after = again.stdout.split()
    if before == "True":
        pytest.skip("this Python imports importlib.metadata at start-up")
    assert (code, after) == ("0", "False")
