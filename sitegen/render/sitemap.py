"""`sitemap.xml` and `robots.txt`: what search engines are told about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..urls import Urls
from .pages import Page
from .views import with_key


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # absolute
    lastmod: dt.date | None
    key: str = field(default="", compare=False)


def plan_sitemap(html_pages: Iterable[Page], urls: Urls) -> list[Page]:
    """The sitemap lists every HTML page except 404, search and offline, each with the
    newest date it shows as `lastmod` (an article's own date)."""
    entries = [with_key(SitemapEntry(info.absolute_url, info.updated))
               for info in (page.context["page"] for page in html_pages)
               if info.kind not in ("not-found", "search", "offline")]
    return [
        Page("sitemap.xml", "sitemap.xml", {"entries": tuple(entries)}),
        Page("robots.txt", "robots.txt", {"sitemap_url": urls.absolute("sitemap.xml")}),
    ]
