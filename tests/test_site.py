"""End to end: the sample seeds become a complete site whose links all work."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
from conftest import copy_project, run_cli
from helpers import html_pages, read_page

from sitegen.check import check_site


def _resolve(site: Path, base_path: str, page: Path, link: str) -> Path | None:
    """The file a link on `page` leads to, or None for links to other hosts."""
    page_url = "http://host" + base_path + page.relative_to(site).as_posix()
    target = urlsplit(urljoin(page_url, link))
    if target.netloc != "host":
        return None
    assert target.path.startswith(base_path), f"{page}: {link} leaves {base_path}"
    inside = unquote(target.path[len(base_path):])
    return site / (inside + "index.html" if inside.endswith("/") or not inside else inside)


def test_sample_site_has_every_kind_of_page(sample_site: Path) -> None:
    site = sample_site / "site"
    for path in ["index.html", "page/2/index.html", "tags/index.html", "authors/index.html",
                 "feed.xml", "sitemap.xml", "robots.txt", "404.html", "search/index.html",
                 "static/style.css"]:
        assert (site / path).is_file(), path
    assert len(list((site / "articles").glob("*/index.html"))) == 14


def test_every_internal_link_resolves(sample_site: Path) -> None:
    site = sample_site / "site"
    checked = 0
    for page in html_pages(site):
        for link in read_page(page).links:
            target = _resolve(site, "/", page, link.split("#")[0])
            if target is not None:
                assert target.is_file(), f"{page.relative_to(site)} links to missing {link}"
                checked += 1
    assert checked > 500


def test_tag_and_author_pages_group_several_articles(sample_site: Path) -> None:
    site = sample_site / "site"
    tag_counts = {p.parent.name: len(read_page(p).find_all("article", class_="entry"))
                  for p in (site / "tags").glob("*/index.html")}
    assert sum(1 for n in tag_counts.values() if n >= 3) >= 4, tag_counts
    author_pages = sorted((site / "authors").glob("*/index.html"))
    assert len(author_pages) == 5
    for page in author_pages:
        parsed = read_page(page)
        assert len(parsed.find_all("article", class_="entry")) >= 3, page
        profile = (sample_site / "content/authors" / f"{page.parent.name}.md").read_text()
        first_sentence = profile.split("---\n\n", 1)[1].split(". ")[0]
        assert first_sentence in parsed.text, f"{page}: bio missing"


def test_front_page_is_paginated_newest_first(sample_site: Path) -> None:
    site = sample_site / "site"
    first = read_page(site / "index.html")
    second = read_page(site / "page/2/index.html")
    dates = [e["datetime"] for e in first.find_all("time")] + \
            [e["datetime"] for e in second.find_all("time")]
    assert len(first.find_all("article", class_="entry")) == 10
    assert len(second.find_all("article", class_="entry")) == 4
    assert dates == sorted(dates, reverse=True)
    assert first.find_all("link", rel="next")[0]["href"] == "/page/2/"
    assert second.find_all("a", rel="prev")[0]["href"] == "/"


def test_seed_text_with_markup_characters_shows_literally(sample_site: Path) -> None:
    page = read_page(next((sample_site / "site/articles").glob("*journey-planner*/index.html")))
    assert "<script>alert(1)</script>" in page.text
    assert "*SUSPENDED*" in page.text
    assert "stop_name_placeholder" in page.text
    assert "#1 priority" in page.text
    assert not [tag for tag, _ in page.elements if tag in ("em", "strong", "ol")]
    # JSON-LD and the offline worker's registration, nothing from the seed
    assert page.find_all("script") == [{"type": "application/ld+json"}, {}]


def test_feeds_parse_without_errors(sample_site: Path) -> None:
    site = sample_site / "site"
    feeds = [site / "feed.xml", *site.glob("tags/*/feed.xml"), *site.glob("authors/*/feed.xml")]
    assert len(feeds) > 10
    for feed_path in feeds:
        feed = feedparser.parse(feed_path.read_bytes())
        assert not feed.bozo, (feed_path, feed.get("bozo_exception"))
        assert feed.entries
        for entry in feed.entries:
            assert entry.id and entry.title and entry.link and entry.updated and entry.author


def test_builds_are_reproducible(tmp_path: Path) -> None:
    first = copy_project(tmp_path / "one")
    second = copy_project(tmp_path / "two")
    run_cli("build", cwd=first, check=True)
    run_cli("build", cwd=second, check=True)
    comparison = filecmp.dircmp(first / "site", second / "site")
    assert _all_same(comparison)


def _all_same(comparison: filecmp.dircmp) -> bool:
    mismatched = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files,
                                  shallow=False)[1]
    return (not comparison.left_only and not comparison.right_only and not mismatched
            and all(_all_same(sub) for sub in comparison.subdirs.values()))


def test_sub_path_site_links_stay_under_the_sub_path(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "x"
    run_cli("build", "--out", str(out), "--base-url", "https://example.org/reading/",
            cwd=project, check=True)
    links = 0
    for page in html_pages(out):
        for link in read_page(page).links:
            if link.startswith("/"):
                assert link.startswith("/reading/"), f"{page}: {link}"
                links += 1
    assert links > 500
    assert check_site(out, "https://example.org/reading/") == []
    assert "https://example.org/reading/articles/" in (out / "sitemap.xml").read_text()


def test_link_check_finds_a_planted_broken_link(sample_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(sample_site / "site", site)
    page = site / "tags/index.html"
    page.write_text(page.read_text().replace("</main>", '<a href="/nowhere/">x</a></main>'))
    problems = check_site(site, "https://example.org/")
    assert [(p.page, p.link) for p in problems] == [("tags/index.html", "/nowhere/")]


@pytest.mark.parametrize("command", ["init", "build", "ingest", "serve", "check", "deploy", "new"])
def test_every_command_has_help(command: str, tmp_path: Path) -> None:
    result = run_cli(command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "usage: build.py " + command in result.stdout
