"""What machines read: head metadata, JSON-LD, feeds and the sitemap."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
from conftest import copy_project, run_cli
from helpers import Page, html_pages, read_page

BASE = "https://example.org/"  # the sample config's base_url
ATOM = "{http://www.w3.org/2005/Atom}"


def _own_url(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    return BASE + relative.removesuffix("index.html")


def _meta(page: Page, **attrs: str) -> str:
    [found] = page.find_all("meta", **attrs)
    return found["content"] or ""


def test_every_page_has_title_description_canonical_and_social_tags(sample_site: Path) -> None:
    site = sample_site / "site"
    for path in html_pages(site):
        page = read_page(path)
        own = _own_url(site, path)
        assert page.find_all("html")[0]["lang"] == "en", path
        assert page.title.strip(), path
        assert _meta(page, name="description").strip(), path
        assert page.find_all("link", rel="canonical") == [{"rel": "canonical", "href": own}]
        assert _meta(page, property="og:url") == own
        assert _meta(page, property="og:title") in page.title
        assert _meta(page, property="og:description") == _meta(page, name="description")
        assert _meta(page, name="twitter:card") == "summary"
        assert _meta(page, property="og:type") == (
            "article" if "/articles/" in own else "website"), path


def test_article_meta_description_is_its_summary(sample_site: Path) -> None:
    page = read_page(sample_site / "site/articles/dominic-achterberg-has-resigned-as-chair-of-"
                     "the-coastal-fisheries-council/index.html")
    description = _meta(page, name="description")
    assert description.startswith("In a short letter to council members")  # not the title again
    assert description in page.text


def test_article_json_ld_names_headline_authors_and_date(sample_site: Path) -> None:
    for path in (sample_site / "site/articles").glob("*/index.html"):
        page = read_page(path)
        [text] = page.json_ld
        data = json.loads(text)
        assert data["@type"] == "Article"
        assert data["headline"] in page.title
        assert data["datePublished"] == page.find_all("time")[0]["datetime"]
        assert data["url"] == _own_url(sample_site / "site", path)
        byline = {a["href"] for a in page.find_all("a") if "/authors/" in (a["href"] or "")}
        assert {a["url"].removeprefix(BASE[:-1]) for a in data["author"]} <= byline
        assert all(a["name"] and a["@type"] == "Person" for a in data["author"])


HOSTILE_TITLE = 'Ferries </script><script>alert("x")</script> & <!-- more'


def test_json_ld_keeps_hostile_text_inside_its_script(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    run_cli("ingest", cwd=project, check=True)
    (project / "content/hostile.md").write_text(
        f"---\ntitle: '{HOSTILE_TITLE}'\ndate: 2026-01-02\nauthors: [A </script> B]\n"
        "summary: 'Ends </script> here'\n---\n\nBody.\n", encoding="utf-8")
    run_cli("build", "--no-ingest", cwd=project, check=True)
    html = (project / "site/articles/hostile/index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert len(page.find_all("script", type="application/ld+json")) == 1
    data = json.loads(page.json_ld[0])
    assert (data["headline"], data["description"]) == (HOSTILE_TITLE, "Ends </script> here")
    assert data["author"][0]["name"] == "A </script> B"
    assert "</script><script>" not in html


def test_pages_link_the_atom_feed_they_belong_to(sample_site: Path) -> None:
    site = sample_site / "site"
    cases = {"index.html": "feed.xml", "tags/river-tamsin/index.html": "tags/river-tamsin/feed.xml",
             "authors/oisin-callaghan/index.html": "authors/oisin-callaghan/feed.xml",
             "articles/dominic-achterberg-has-resigned-as-chair-of-the-coastal-fisheries-council/"
             "index.html": "feed.xml"}
    for page_path, feed_path in cases.items():
        [link] = read_page(site / page_path).find_all("link", rel="alternate")
        assert (link["type"], link["href"]) == ("application/atom+xml", "/" + feed_path)
        feed_title = ET.parse(site / feed_path).getroot().find(f"{ATOM}title")
        assert feed_title is not None and link["title"] == feed_title.text


def test_feed_entries_carry_full_content_and_summary(sample_site: Path) -> None:
    feed = feedparser.parse((sample_site / "site/authors/oisin-callaghan/feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "The Harbour Reader: Oisín Callaghan"
    assert feed.feed.id == BASE + "authors/oisin-callaghan/"
    for entry in feed.entries:
        page = read_page(sample_site / "site" / entry.link.removeprefix(BASE) / "index.html")
        assert entry.id == entry.link
        assert "Oisín Callaghan" in [a.name for a in entry.authors]
        assert entry.summary == _meta(page, name="description")
        body = Page(entry.content[0].value).text
        assert len(body) > 500 and body in page.text


def test_sitemap_lists_every_page_but_search_and_404_with_lastmod(sample_site: Path) -> None:
    site = sample_site / "site"
    urls = ET.parse(site / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    listed = {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in urls}
    expected = {_own_url(site, p) for p in html_pages(site)} - {
        BASE + "404.html", BASE + "search/", BASE + "offline/"}
    assert set(listed) == expected
    assert all(lastmod and len(lastmod) == 10 for lastmod in listed.values()), listed
    article = BASE + "articles/dominic-achterberg-has-resigned-as-chair-of-the-coastal-" \
                     "fisheries-council/"
    assert listed[article] == "2025-10-02"
    assert listed[BASE] == max(listed.values())


def test_the_sitemaps_fingerprint_changes_with_any_one_entry() -> None:
    """The sitemap's entries are one view with one key (a view each, for
    the 172,000 pages of 100,000 articles, took most of a second to make
    and as long to keep): the key must still change when any one page's
    address or date does, or the sitemap would not be rendered again."""
    import datetime as dt

    from sitegen.incremental.fingerprint import shape
    from sitegen.render.pages import Page as Planned
    from sitegen.render.sitemap import plan_sitemap
    from sitegen.render.views import page_info
    from sitegen.urls import Urls

    urls = Urls(BASE)

    def sitemap(pages: list[tuple[str, dt.date | None]]) -> Planned:
        planned = [Planned(f"{relative}index.html", "list.html", {"page": page_info(
            "T", "D", relative, urls, kind="tag", feed="feed.xml", feed_title="F",
            updated=day)}) for relative, day in pages]
        return plan_sitemap(planned, urls)[0]

    pages: list[tuple[str, dt.date | None]] = [
        (f"tags/t{n}/", dt.date(2025, 1, n)) for n in range(1, 5)]
    first = sitemap(pages)
    assert [(e.url, e.lastmod) for e in first.context["entries"]] == [
        (BASE + relative, day) for relative, day in pages]
    variants = [[*pages[:2], ("tags/other/", pages[2][1]), *pages[3:]],
                [*pages[:3], (pages[3][0], dt.date(2024, 1, 4))],
                [(pages[0][0], None), *pages[1:]], pages[1:]]
    shapes = {shape(sitemap(variant).context, []) for variant in [pages, *variants]}
    assert len(shapes) == 5
