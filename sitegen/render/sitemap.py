"""`sitemap.xml` and `robots.txt`: what search engines are told about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..load import Article
from ..urls import Urls
from .pages import Page
from .views import with_key


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str  # absolute
    lastmod: dt.date | None
    key: str = field(default="", compare=False)


def plan_sitemap(html_pages: Iterable[Page], articles: dict[str, Article],
                 urls: Urls) -> list[Page]:
    """The sitemap lists every HTML page except 404 and search.

    An article's `lastmod` is its date; a list page's is its newest entry's.
    """
    entries = []
    for page in html_pages:
        kind = page.context["page"].kind
        if kind in ("not-found", "search"):
            continue
        shown = page.context.get("entries", ())
        if kind == "article":
            shown = (page.context["article"],)
        dates = [articles[r.slug].date for r in shown if articles[r.slug].date]
        entries.append(with_key(SitemapEntry(page.context["page"].absolute_url,
                                             max(dates, default=None))))
    return [
        Page("sitemap.xml", "sitemap.xml", {"entries": tuple(entries)}),
        Page("robots.txt", "robots.txt", {"sitemap_url": urls.absolute("sitemap.xml")}),
    ]
