"""Browsing by time: `/archive/` (the years, with counts) and
`/archive/<year>/` (that year's articles by month, newest first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..collect import Collection, by_year
from ..urls import Urls, output_path
from . import views
from .pages import Page, SiteView, Views


def plan_archives(collection: Collection, site: SiteView, v: Views, urls: Urls) -> Iterator[Page]:
    years = by_year(collection.articles)
    undated = sum(1 for a in collection.articles if a.date is None)
    index = tuple({"year": year, "url": urls.path(urls.archive(year)), "count": len(items)}
                  for year, items in years.items())
    yield Page(output_path(urls.archive()), "archive.html", {
        "page": views.page_info("Archive", "Every article of the collection, year by year.",
                                urls.archive(), urls, kind="archive", feed=urls.feed(),
                                feed_title=site.title,
                                updated=views.newest([a.date for a in collection.articles])),
        "years": index,
        "undated": undated,
    })
    for position, (year, items) in enumerate(years.items()):
        yield Page(output_path(urls.archive(year)), "year.html", {
            "page": views.page_info(f"Articles from {year}",
                                    f"The articles of {year} in the collection, by month.",
                                    urls.archive(year), urls, kind="year", feed=urls.feed(),
                                    feed_title=site.title,
                                    updated=views.newest([a.date for a in items])),
            "year": year,
            "months": _months(items, v),
            "newer": index[position - 1] if position > 0 else None,
            "older": index[position + 1] if position + 1 < len(index) else None,
        })


def _months(items: tuple, v: Views) -> tuple[dict, ...]:
    """The year's articles grouped by month (newest month first), as plain data."""
    months: dict[int, list] = {}
    for article in items:
        months.setdefault(article.date.month, []).append(v.articles[article.slug])
    return tuple({"name": f"{dt.date(2000, month, 1):%B}", "id": f"{dt.date(2000, month, 1):%B}"
                  .lower(), "entries": tuple(entries)} for month, entries in months.items())
