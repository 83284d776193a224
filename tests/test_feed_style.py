"""Feeds open as a readable page in a browser (an XSLT stylesheet), saying
how to subscribe, and stay plain Atom for feed readers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import feedparser
from lxml import etree

STYLE = '<?xml-stylesheet type="text/xsl" href="/static/feed.xsl"?>'


def test_every_feed_names_the_stylesheet_and_stays_valid_atom(sample_site: Path) -> None:
    site = sample_site / "site"
    feeds = sorted(site.rglob("feed.xml"))
    assert len(feeds) > 20 and (site / "static/feed.xsl").is_file()
    for path in feeds:
        assert path.read_text(encoding="utf-8").split("\n")[1] == STYLE, path
        assert not feedparser.parse(path.read_bytes()).bozo, path


def test_the_stylesheet_turns_a_feed_into_a_page_with_how_to_subscribe(
        sample_site: Path) -> None:
    site = sample_site / "site"
    transform = etree.XSLT(etree.parse(str(site / "static/feed.xsl")))
    feed = site / "lists/fish-river-and-island/feed.xml"
    page = str(transform(etree.parse(str(feed))))
    assert "<h1>The Harbour Reader: Fish, river and island</h1>" in page
    assert "copy its address into a feed reader" in page
    assert "https://example.org/lists/fish-river-and-island/feed.xml" in page
    entries = feedparser.parse(feed.read_bytes()).entries
    assert len(entries) == 5
    for entry in entries:
        assert f'href="{entry.link}"' in page
    assert 'href="/static/style.css"' in page


def test_the_feed_link_opens_a_readable_page_in_chromium(page: Any, site_url: str) -> None:
    page.goto(site_url + "feed.xml")
    assert page.locator("h1").inner_text() == "The Harbour Reader"
    assert page.get_by_text("This is a web feed.").is_visible()
    assert page.locator("article.entry").count() >= 10
