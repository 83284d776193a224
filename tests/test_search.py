"""The search index is part of the build: what articles mark, in shards that
are indexed again only when their articles change, and optional."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import search_index
import yaml
from conftest import copy_project, run_cli
from helpers import build_in_process, html_pages, read_page
from test_incremental import (
    add_article,
    add_note,
    delete_article,
    edit_authors,
    edit_body,
    edit_config,
    edit_date,
    edit_tags,
    edit_template,
    edit_title,
)

from sitegen.errors import SiteError
from sitegen.search import PageDigests, bundle, cbor, extract, indexer, pagefind, runtime, words
from sitegen.search.shards import Shard, plan_shards, shard_count, shard_layout, shard_of

SALMON = "wild-salmon-have-been-recorded-spawning-in-the-upper-river-tamsin"


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text().split("---")[1])


def _gunzip(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")


def _fragments(site: Path) -> dict[str, dict]:
    """Every page record in the site's index, by URL."""
    records = {}
    for path in site.glob("pagefind/*/fragment/*.pf_fragment"):
        record = json.loads(_gunzip(path))
        records[record["url"]] = record
    return records


def test_every_article_page_is_indexed_once(sample_site: Path) -> None:
    site = sample_site / "site"
    shards = json.loads((site / "pagefind/shards.json").read_text())["shards"]
    counts = [json.loads((site / "pagefind" / s / "pagefind-entry.json").read_text())
              ["languages"]["en"]["page_count"] for s in shards]
    articles = {f"/articles/{p.parent.name}/" for p in (site / "articles").glob("*/index.html")}
    assert sum(counts) == len(articles) == 14
    assert set(_fragments(site)) == articles


def test_title_note_and_text_are_marked_for_the_index(sample_site: Path) -> None:
    site = sample_site / "site"
    for path in html_pages(site):
        marked = [e.get("class") for t, e in read_page(path).elements
                  if "data-pagefind-body" in e]
        if path.parent.parent.name != "articles":
            assert marked == [], path
        else:
            assert marked in ([None, "body"], [None, "note", "body"]), path


def test_records_carry_title_date_authors_tags_and_note(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    run_cli("ingest", cwd=project, check=True)
    path = project / "content" / f"{SALMON}.md"
    path.write_text(path.read_text().replace("title: ", "note: Why it <matters>.\ntitle: ", 1))
    run_cli("build", "--no-ingest", cwd=project, check=True)
    record = _fragments(project / "site")[f"/articles/{path.stem}/"]
    front = front_matter(path)
    assert record["meta"] == {"title": front["title"], "date": "9 August 2024",
                              "authors": ", ".join(front["authors"])}
    assert record["filters"] == {"author": front["authors"], "tag": front["tags"]}
    text = record["content"]
    assert text.startswith(f"{front['title']}. Why it <matters>. ")
    assert "Curator" not in text and "min read" not in text


def test_search_false_builds_without_index_page_or_link(project: Path) -> None:
    config = project / "config.yaml"
    config.write_text(config.read_text().replace("search: true", "search: false"))
    run_cli("build", cwd=project, check=True)
    site = project / "site"
    assert not (site / "pagefind").exists()
    assert not (site / "search").exists()
    for path in html_pages(site):
        assert "/search/" not in read_page(path).links, path


def test_missing_pagefind_is_an_error_that_says_how_to_fix_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        monkeypatch.setitem(sys.modules, package, None)  # as if not installed
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.setenv("PATH", "")
    pagefind.executable.cache_clear()
    try:
        with pytest.raises(SiteError, match=r"pip install 'pagefind\[extended\]'.*search: false"):
            pagefind.executable()
    finally:
        pagefind.executable.cache_clear()


def test_an_error_of_the_indexer_is_an_error_that_says_what_it_said() -> None:
    with pytest.raises(SiteError, match="building the search index failed: Invalid index"):
        pagefind.converse([{"type": "GetFiles", "index_id": 7}])


# Our index, in Pagefind's format, says what Pagefind's own says.

def _sample_pages(site: Path) -> list[tuple[str, bytes]]:
    return [(p.relative_to(site).as_posix(), p.read_bytes())
            for p in sorted(site.glob("articles/*/index.html"))]


def _shard(site: Path) -> dict[str, bytes]:
    return search_index.bundle_files(site / "pagefind" / "1-0")


def _reachable(piece: str) -> bool:
    """A piece of text both indexers read alike: Pagefind keeps punctuation
    other than ASCII inside compound parts (`council’s`), which we do not."""
    return all(c.isalnum() or c.isascii() for c in piece)


def _highest(locs: list[tuple[int, int]]) -> dict[int, int]:
    """Position → the highest weight a word has there."""
    found: dict[int, int] = {}
    for weight, position in locs:
        found[position] = max(weight, found.get(position, 0))
    return found


def _assert_same_index(site: Path, shard: str = "1-0") -> int:
    """Our index of the site's article pages says what the Pagefind program's
    says: the same records and filters, and every word a query can reach at
    the same positions with the same weights. How many positions compared."""
    ours = search_index.bundle_files(site / "pagefind" / shard)
    theirs = search_index.pagefind_bundle(_sample_pages(site))
    assert search_index.fragments(ours) == search_index.fragments(theirs)
    assert search_index.filters(ours) == search_index.filters(theirs)
    content = {url: r["content"].split() for url, r in search_index.fragments(ours).items()}
    our_words, their_words = search_index.words(ours), search_index.words(theirs)
    assert set(our_words) == {w for w in their_words if _reachable(w)}
    compared = 0
    for word, pages in our_words.items():
        assert pages.keys() == their_words[word].keys(), word
        for url, (locs, metas) in pages.items():
            mine, theirs_at = _highest(locs), _highest(their_words[word][url][0])
            assert metas == their_words[word][url][1], (word, url)
            for position in mine.keys() | theirs_at.keys():
                if _reachable(content[url][position]):
                    assert mine.get(position) == theirs_at.get(position), (word, url, position)
                    compared += 1
    return compared


def test_records_filters_and_words_are_those_pagefind_writes(sample_site: Path) -> None:
    assert _assert_same_index(sample_site / "site") > 4000


TRICKY = """---
title: "Café society: the 120-seat “ferry” & its <critics>"
date: 2024-05-02
authors: [Ana de la Cruz, José Núñez-Ortega]
tags: [Ferries, Port Averill]
language: es
note: "Kept for the *café* photo & the ThreeAntelopes trick."
---
## Primera parte

El café “Ferry” abrió en 2024.<br>Línea dos &amp; tres, e-mail: x@y.org.

![The ferry at the quay](images/ferry.png)

- uno
- dos, tres

1. first
2. second

> quoted text

<div data-pagefind-ignore>hidden zebra words</div>

<p data-pagefind-weight="3">weighted words</p>

<h3 id="anchor-x">Anchor <em>heading</em></h3>

| a | b |
|---|---|
| c | d |

`code here` and **bold** and 200,000 and £2.1m and COVID19.
"""


def test_headings_lists_images_ignores_weights_and_anchors_are_read_as_pagefind_reads_them(
        tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with (project / "config.yaml").open("a") as config:
        config.write("raw_html: true\n")
    (project / "content/images").mkdir(parents=True)
    (project / "content/images/ferry.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (project / "content/cafe-society.md").write_text(TRICKY, encoding="utf-8")
    run_cli("build", cwd=project, check=True)
    site = project / "site"
    record = _fragments(site)["/articles/cafe-society/"]
    assert record["filters"]["language"] == ["es"]
    assert record["meta"]["image"] == "/images/ferry.png" and record["anchors"]
    assert "zebra" not in record["content"]
    assert _assert_same_index(site) > 100


def test_the_same_pages_give_the_same_index_whatever_came_before(sample_site: Path) -> None:
    site = sample_site / "site"
    pages = [p for p, _ in _sample_pages(site)]

    def index(vocabulary: words.Vocabulary, order: list[str]) -> dict[str, bytes]:
        found = {page: words.page_words("/" + page.removesuffix("index.html"),
                                        extract.read_page((site / page).read_text()), vocabulary)
                 for page in order}
        return bundle.bundle([found[p] for p in pages], "en", vocabulary, "en")

    first = index(words.Vocabulary("en"), pages)
    assert index(words.Vocabulary("en"), pages[::-1]) == first
    assert first == {p: d for p, d in _shard(site).items() if p in first}
    for path, data in first.items():
        if path.endswith((".pf_meta", ".pf_filter", ".pf_index")):
            plain = cbor.unpack(data)
            assert cbor.encode(cbor.decode(plain)) == plain, path


def test_words_are_stemmed_and_split_as_a_search_looks_them_up() -> None:
    english = words.Vocabulary("en")

    def indexed(piece: str) -> tuple[tuple[str, str], list[tuple[str, str]]]:
        whole, parts = english.analyse(piece)
        return words.SLOTS.keys[whole], [words.SLOTS.keys[p] for p in parts]

    assert indexed("Averill’s") == (("averil", ""), [])
    assert indexed("arranged,") == (("arrang", ""), [])
    assert indexed("“companies") == (("compani", ""), [])  # no part `“compani`
    assert indexed("120-seat") == (("120seat", ""), [("120", ""), ("seat", "")])
    assert indexed("200,000") == (("200000", ""), [("200", ""), ("000", "")])
    assert indexed("ThreeAntelopes") == (("threeantelop", ""), [("three", ""), ("antelop", "")])
    assert indexed("Café") == (("cafe", "café"), [])
    unstemmed = words.Vocabulary("xx")  # a language Snowball has no stemmer for
    assert words.SLOTS.keys[unstemmed.analyse("Running")[0]] == ("running", "")


def test_a_pagefind_of_another_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime, "FORMAT_VERSION", "0.9.0")
    with pytest.raises(SiteError, match=r"search needs Pagefind 0\.9\.0.*installed Pagefind is "
                                        r"1\.5\.2"):
        runtime.start_runtime("en", None)()


# Shards: which article goes where, and what a build must index again.

def test_shard_count_is_the_smallest_power_of_two_within_the_shard_size() -> None:
    assert [shard_count(n, 100) for n in (0, 1, 100, 101, 200, 201, 10_000)] == \
        [1, 1, 1, 2, 2, 4, 128]


def test_adding_articles_moves_no_other_article_between_shards() -> None:
    slugs = [f"article-{i}" for i in range(1000)]
    before = {s: shard_of(s, 16) for s in slugs}
    assert len(set(before.values())) == 16
    assert before == {s: shard_of(s, 16) for s in slugs}  # stable: not Python's salted hash


def _pages(slugs: list[str], stamp: str = "x") -> dict[str, str]:
    return {f"articles/{s}/index.html": stamp for s in slugs} | {"index.html": "y"}


def test_only_the_shard_of_a_changed_page_is_a_candidate() -> None:
    slugs = [f"a{i}" for i in range(40)]
    first = plan_shards(_pages(slugs), {}, 10, "v1")
    assert len(first.shards) == 4 and first.candidates == first.shards and first.reused == {}
    live = {f"{s.folder}pagefind-entry.json": s.key([b"x"]) for s in first.shards}
    live |= _pages(slugs) | {"pagefind/shards.json": first.listing_key}
    changed = _pages(slugs) | {"articles/a7/index.html": "edited"}
    second = plan_shards(changed, live, 10, "v1")
    assert [s.name for s in second.candidates] == [f"4-{shard_of('a7', 4)}"]
    assert "pagefind/shards.json" in second.reused
    assert len(second.reused) == 4  # the other three shards' files, and the listing
    told = plan_shards(changed, live, 10, "v1", changed={"articles/a7/index.html", "x.css"},
                       layout=shard_layout(changed, 10, "v1"))
    assert told == second  # told what changed, the plan is the same
    newer = plan_shards(_pages(slugs), live, 10, "v2")  # another Pagefind: all shards again
    assert [s.name for s in newer.candidates] == [s.name for s in first.shards]


# Incremental builds of a sharded index equal a clean build, byte for byte.

Edit = Callable[[Path], None]
SEARCH_EDITS = [edit_body, edit_title, edit_date, edit_tags, edit_authors, add_note,
                delete_article, add_article, edit_template, edit_config]


def sharded_project(root: Path, shard_size: int) -> Path:
    """The sample project in `root`, ingested, with `shard_size` articles per shard."""
    copy_project(root)
    with (root / "config.yaml").open("a") as config:
        config.write(f"search_shard_size: {shard_size}\n")
    run_cli("ingest", cwd=root, check=True)
    return root


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = sharded_project(tmp_path_factory.mktemp("sharded") / "project", 3)
    run_cli("build", "--no-ingest", cwd=root, check=True)
    return root


def _built_copy(sharded: Path, tmp_path: Path) -> Path:
    """A copy of the sharded project whose cache matches its site."""
    project = tmp_path / "project"
    shutil.copytree(sharded, project, symlinks=True)
    shutil.rmtree(project / ".site.staging", ignore_errors=True)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    return project


def _index_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted((site / "pagefind").rglob("*")) if p.is_file()}


def _clean_index(project: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    run_cli("build", "--no-ingest", "--no-cache", "--out", str(out), cwd=project, check=True)
    return _index_files(out)


@pytest.mark.parametrize("edit", SEARCH_EDITS, ids=lambda e: e.__name__)
def test_incremental_index_equals_a_clean_builds(sharded: Path, tmp_path: Path,
                                                 edit: Edit) -> None:
    project = _built_copy(sharded, tmp_path)
    edit(project)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    assert _index_files(project / "site") == _clean_index(project, tmp_path / "clean")


def test_a_text_edit_indexes_only_its_shard_again(sharded: Path, tmp_path: Path) -> None:
    project = _built_copy(sharded, tmp_path)
    site = project / "site"
    before = {p: p.stat().st_ino for p in (site / "pagefind").rglob("*") if p.is_file()}
    edit_body(project)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    after = {p: p.stat().st_ino for p in (site / "pagefind").rglob("*") if p.is_file()}
    changed = {p.relative_to(site / "pagefind").parts[0] for p in after
               if before.get(p) != after[p]} | \
        {p.relative_to(site / "pagefind").parts[0] for p in before.keys() - after.keys()}
    slug = sorted((project / "content").glob("*.md"))[0].stem
    assert changed == {f"8-{shard_of(slug, 8)}"}


def _one_shard(sample_site: Path, site: Path) -> Shard:
    """The sample site's article pages copied to `site`, as one shard."""
    shutil.copytree(sample_site / "site" / "articles", site / "articles")
    pages = {p.relative_to(site).as_posix(): "x" for p in site.glob("articles/*/index.html")}
    [shard] = plan_shards(pages, {}, 256, "test").shards
    return shard


def test_a_shard_whose_pages_changed_only_outside_the_index_keeps_its_key(
        sample_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shard = _one_shard(sample_site, site)
    key, digests, _ = indexer.read_shard(site, shard, "en")
    page = site / shard.pages[0]
    assert "Related articles" in page.read_text()
    page.write_text(page.read_text().replace("Related articles", "See also"))  # not indexed
    assert indexer.read_shard(site, shard, "en")[:2] == (key, digests)
    page.write_text(page.read_text().replace("</h1>", " again</h1>", 1))  # the title
    assert indexer.read_shard(site, shard, "en")[0] != key


def test_a_candidate_shard_reads_only_its_pages_whose_digest_is_unknown(
        sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    shard = _one_shard(sample_site, site)
    key, digests, _ = indexer.read_shard(site, shard, "en")
    read: list[str] = []
    monkeypatch.setattr(indexer, "read_page", lambda text: read.append(text) or
                        extract.read_page(text))
    known = dict(zip(shard.pages[1:], digests[1:], strict=True))  # all but the first page
    again, again_digests, found = indexer.read_shard(site, shard, "en", known)
    assert (again, again_digests, list(found)) == (key, digests, [shard.pages[0]])
    assert len(read) == 1
    files = indexer.shard_files(site, shard, "en", "en", found)
    assert len(read) == len(shard.pages)  # indexing reads the others
    assert files == indexer.shard_files(site, shard, "en", "en", {})


def test_a_kept_shard_links_the_live_files_or_is_indexed_again_when_one_is_gone(
        sample_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shard = _one_shard(sample_site, site)
    key, _, _ = indexer.read_shard(site, shard, "en")
    live_files = [f"{shard.folder}pagefind-entry.json", f"{shard.folder}index/en_1.pf_index"]
    linked: list[str] = []
    placed: dict[str, bytes] = {}

    def keep(path: str) -> bool:
        linked.append(path)
        return path in live_files[:1]  # the second one is gone

    context = indexer.Context(site, "en", runtime.Runtime("en", {}),
                              lambda path, data: placed.setdefault(path, data) is data, keep)
    kept = dataclasses.replace(shard, live_key=key)
    assert indexer.settle(context, (kept, [], {}))[:3] == (key, [], 0)  # nothing to link
    result = indexer.settle(context, (kept, live_files, {}))
    assert linked == live_files and result[0] == key
    assert result[1] == sorted(placed) and f"{shard.folder}pagefind-entry.json" in placed
    assert result[2] == len(placed)


class _Memory(dict):
    """Values kept between builds, as the build cache keeps them."""

    def derived(self, name: str, key: str) -> object:
        stored = self.get(name)
        return stored[1] if stored is not None and stored[0] == key else None

    def store_derived(self, name: str, key: str, value: object) -> None:
        self[name] = (key, value)


def test_page_digests_are_kept_by_shard_number_and_used_only_for_the_same_page() -> None:
    a, b = "articles/a/index.html", "articles/b/index.html"
    memory = _Memory()
    shard = Shard("4-1", "m", (a, b), None)
    PageDigests(memory, "v1", {a: "fa", b: "fb"}).keep(shard, [b"A", b"B"])
    later = PageDigests(memory, "v1", {a: "fa", b: "fb2"})
    assert later.known(shard) == {a: b"A"}  # b's page changed
    bigger = Shard("8-1", "n", (a,), None)  # a layout of more shards
    assert later.known(bigger) == {a: b"A"}
    later.keep(bigger, [b"A"])
    assert list(memory) == ["search-pages-1"]  # it took the place of the smaller layout's
    assert PageDigests(memory, "v2", {a: "fa"}).known(bigger) == {}  # another indexer


def _article_pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in site.glob("articles/*/index.html")}


def test_pages_changed_outside_the_index_are_read_alone(sharded: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """An article added changes the pages of its neighbours in time and of
    the articles it is now related to, in several shards, but not what the
    index takes from them: the build reads those pages and the pages of the
    new article's shard, not every page of those shards."""
    project = _built_copy(sharded, tmp_path)
    read: list[str] = []
    monkeypatch.setattr(indexer, "read_page", lambda text: read.append(text) or
                        extract.read_page(text))
    before = _article_pages(project / "site")
    add_article(project)
    build_in_process(project)
    after = _article_pages(project / "site")
    changed = [p for p in after if before.get(p) != after[p]]
    own = [p for p in after if shard_of(p.split("/")[1], 8) == shard_of("an-added-article", 8)]
    touched = {shard_of(p.split("/")[1], 8) for p in changed}
    in_touched = [p for p in after if shard_of(p.split("/")[1], 8) in touched]
    assert len(touched) > 2
    assert len(read) <= len(set(changed) | set(own)) < len(in_touched)
    assert _index_files(project / "site") == _clean_index(project, tmp_path / "clean")


def test_a_site_in_another_language_is_stemmed_and_searched_in_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "config.yaml"
    config.write_text(re.sub(r"(?m)^language: .*$", "", config.read_text()) + "language: pt-BR\n")
    run_cli("build", cwd=project, check=True)
    site = project / "site"
    entry = json.loads((site / "pagefind/1-0/pagefind-entry.json").read_text())
    assert entry["languages"]["pt-br"]["wasm"] == "pt-br"
    assert (site / "pagefind/1-0/wasm.pt-br.pagefind").is_file()
    our_words = search_index.words(search_index.bundle_files(site / "pagefind/1-0"))
    assert {"recorded", "hect", "quot"} <= our_words.keys()  # Portuguese stems, not English
    assert not {"hectar", "arrang"} & our_words.keys()
    assert _assert_same_index(site) > 4000
