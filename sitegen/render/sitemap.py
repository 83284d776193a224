"""`sitemap.xml` and `robots.txt`: what search engines are told about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..urls import Urls
from .pages import Page


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str  # absolute
    lastmod: dt.date | None


def plan_sitemap(html_pages: Iterable[Page], urls: Urls) -> list[Page]:
    """The sitemap lists every HTML page except 404 and search.

    An article's `lastmod` is its date; a list page's is its newest entry's.
    """
    entries = []
    for page in html_pages:
        kind = page.context["page"].kind
        if kind in ("not-found", "search"):
            continue
        dates = [e.date for e in page.context.get("entries", ()) if e.date]
        if kind == "article":
            dates = [page.context["article"].date] if page.context["article"].date else []
        entries.append(SitemapEntry(page.context["page"].absolute_url, max(dates, default=None)))
    return [
        Page("sitemap.xml", "sitemap.xml", {"entries": tuple(entries)}),
        Page("robots.txt", "robots.txt", {"sitemap_url": urls.absolute("sitemap.xml")}),
    ]
