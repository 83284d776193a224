"""Search in Chromium on a site whose index has several shards: one ranked
list across them, filters by tag and author, results with date, authors and
an excerpt marked where it is cut."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import search_index
from browser import static_server
from conftest import run_cli
from test_search import front_matter, sharded_project

SALMON = "articles/wild-salmon-have-been-recorded-spawning-in-the-upper-river-tamsin/"
SALMON_ONCE = "articles/port-averill-health-officials-have-advised-people/"
FERRY_TITLES = ("articles/the-averill-regional-transit-authority-has-approved-a-year-round-"
                "passenger-ferry/",
                "articles/three-months-after-the-averill-regional-transit-authority-launched-"
                "its-year/")
FERRY_ONCE = ("articles/ridership-on-the-averill-regional-transit-authority-network-has-"
              "finally-passed/")
HERRING = "articles/the-coastal-fisheries-council-voted-to-cut-the-winter-herring-quota/"
NOTED = "the-halvorsen-institute-for-marine-studies-will-build-a-research-station"


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with two articles per shard and a curator's note."""
    root = sharded_project(tmp_path_factory.mktemp("sharded") / "project", 2)
    article = root / "content" / f"{NOTED}.md"
    article.write_text(article.read_text().replace(
        "title: ", "note: Kept for the lighthouse keepers' testimony.\ntitle: ", 1))
    run_cli("build", "--no-ingest", cwd=root, check=True)
    return root / "site"


@pytest.fixture(scope="module")
def sharded_url(sharded_site: Path) -> Iterator[str]:
    with static_server(sharded_site) as url:
        yield url


def _shard_of(site: Path, article: str) -> str:
    """The shard folder whose index holds `article`."""
    url = f"/{article}"
    for entry in sorted(site.glob("pagefind/*/pagefind-entry.json")):
        fragments = entry.parent / "fragment"
        if any(url.encode() in _gunzip(f) for f in fragments.iterdir()):
            return entry.parent.name
    raise AssertionError(f"{article} is in no shard")


def _gunzip(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def _results(page: Any, url: str) -> list[str]:
    """The result links (site paths) shown for the search page at `url`."""
    page.goto(url)
    page.wait_for_function("document.getElementById('search-status').textContent !== ''")
    return page.locator("#search-results h2 a").evaluate_all("links => links.map(a => a.href)")


def test_the_index_has_several_shards(sharded_site: Path) -> None:
    shards = json.loads((sharded_site / "pagefind/shards.json").read_text())["shards"]
    assert len(shards) >= 4
    assert _shard_of(sharded_site, SALMON) != _shard_of(sharded_site, SALMON_ONCE)
    assert _shard_of(sharded_site, FERRY_TITLES[0]) != _shard_of(sharded_site, FERRY_TITLES[1])


def test_one_ranked_list_across_shards(page: Any, sharded_url: str) -> None:
    salmon = _results(page, sharded_url + "search/?q=salmon")
    assert salmon[0] == sharded_url + SALMON  # in the title, and five times in the text
    assert set(salmon[1:]) == {sharded_url + SALMON_ONCE, sharded_url + HERRING}  # once each
    ferry = _results(page, sharded_url + "search/?q=ferry")
    assert {*ferry[:2]} == {sharded_url + a for a in FERRY_TITLES}
    assert ferry[-1] == sharded_url + FERRY_ONCE


def test_tag_filter_keeps_only_articles_with_the_tag(page: Any, sharded_url: str) -> None:
    everything = _results(page, sharded_url + "search/?q=council")
    tagged = _results(page, sharded_url + "search/?q=council&tag=Greywater+Island")
    assert 0 < len(tagged) < len(everything)
    for link in tagged:
        page.goto(link)
        assert "Greywater Island" in page.locator("ul.tags").inner_text()


def test_author_filter_alone_lists_the_authors_articles(page: Any, sharded_url: str,
                                                        sharded_site: Path) -> None:
    found = _results(page, sharded_url + "search/?author=Oisín+Callaghan")
    page_links = (sharded_site / "authors/oisin-callaghan/index.html").read_text()
    assert len(found) == 3
    for link in found:
        assert link.removeprefix(sharded_url) in page_links
    assert page.locator("#search-status").inner_text() == "3 articles by Oisín Callaghan."


def test_choosing_filters_in_the_menus_narrows_the_results(page: Any, sharded_url: str,
                                                           sharded_site: Path) -> None:
    before = _results(page, sharded_url + "search/?q=ferry")
    page.get_by_label("Author").select_option("Priya Nandakumar")
    shown = "document.querySelectorAll('#search-results li').length"
    page.wait_for_function(f"{shown} < {len(before)}")
    assert "author=Priya+Nandakumar" in page.url
    tags = page.get_by_label("Tag").locator("option").all_inner_texts()
    content = sharded_site.parent / "content"
    tagged = [a for a in content.glob("*.md") if "River Tamsin" in front_matter(a)["tags"]]
    assert f"River Tamsin ({len(tagged)})" in tags and tags[0] == "Any tag"


def test_results_show_date_authors_and_a_cut_excerpt(page: Any, sharded_url: str) -> None:
    _results(page, sharded_url + "search/?q=salmon")
    first = page.locator("#search-results li").first
    meta = first.locator(".meta").inner_text()
    assert meta.startswith("9 August 2024 · ") and "by Marisol T. Echeverría" in meta
    excerpt = first.locator(".excerpt").inner_text()
    assert excerpt.endswith("…") and "salmon" in excerpt.lower()
    assert first.locator(".excerpt mark").count() >= 1


def test_the_title_and_the_curators_note_are_searchable(page: Any, sharded_url: str) -> None:
    assert _results(page, sharded_url + "search/?q=lighthouse") == [
        f"{sharded_url}articles/{NOTED}/"]
    assert _results(page, sharded_url + "search/?q=spawning")[0] == sharded_url + SALMON


# The same queries on our index and on the one the Pagefind program makes
# of the same pages, in the same browser runtime.

QUERIES = ["salmon", "ferry", "council", "herring quota", "port averill", "transit authority",
           "lighthouse", "cafe", "café", "echeverria", "120-seat", "seat", "200,000", "confident",
           "council’s", "averill's", "fish", "budget 2026", "tamsin gate", "oisín", "the",
           "flood barrier", "sailings", "ridership"]


@pytest.fixture(scope="module")
def twin_urls(tmp_path_factory: pytest.TempPathFactory, sample_site: Path) -> Iterator[
        tuple[str, str]]:
    """The sample site served twice: with our index, and with Pagefind's of
    the same pages in its place."""
    ours = sample_site / "site"
    theirs = tmp_path_factory.mktemp("pagefind-made") / "site"
    shutil.copytree(ours, theirs)
    shutil.rmtree(theirs / "pagefind")
    pages = [(p.relative_to(ours).as_posix(), p.read_bytes())
             for p in sorted(ours.glob("articles/*/index.html"))]
    for path, data in search_index.pagefind_bundle(pages).items():
        target = theirs / "pagefind" / "1-0" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (theirs / "pagefind/shards.json").write_bytes((ours / "pagefind/shards.json").read_bytes())
    with static_server(ours) as our_url, static_server(theirs) as their_url:
        yield our_url, their_url


def test_queries_find_what_pagefinds_own_index_finds(page: Any,
                                                     twin_urls: tuple[str, str]) -> None:
    """The same articles for every query, in the same order but for two.
    There Pagefind counts a title twice: `Averill’s` gives its index an
    extra word `averill’` (which no query can type), and a query for
    `averill` matches it besides `averil`, doubling the title's boost, so
    `Port Averill’s council…` comes first for it."""
    our_url, their_url = twin_urls
    for query in QUERIES:
        ours = [u.removeprefix(our_url) for u in _results(page, f"{our_url}search/?q={query}")]
        theirs = [u.removeprefix(their_url)
                  for u in _results(page, f"{their_url}search/?q={query}")]
        assert set(ours) == set(theirs), query
        if query in ("port averill", "averill's"):
            assert theirs[0] == "articles/port-averills-council-has-approved-a-budget-for-2026/"
        else:
            assert ours == theirs, query
