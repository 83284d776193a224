"""`sitemap.xml` and `robots.txt`: what search engines are told about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..digest import digest
from ..urls import Urls
from .pages import Page


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # absolute
    lastmod: dt.date | None


@dataclass(frozen=True)
class SitemapEntries:
    """The sitemap's entries (`SitemapEntry` each, when iterated), kept as
    plain pairs of strings under one key: at 100,000 articles there are
    172,000 of them, and a view with a key of its own each took half a
    second to make and half a second to keep in the build cache."""

    pairs: tuple[tuple[str, str], ...]  # the address, and the ISO date or ""
    key: str

    def __iter__(self) -> Iterator[SitemapEntry]:
        return (SitemapEntry(url, dt.date.fromisoformat(day) if day else None)
                for url, day in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


def plan_sitemap(html_pages: Iterable[Page], urls: Urls) -> list[Page]:
    """The sitemap lists every HTML page except 404, search and offline, each with the
    newest date it shows as `lastmod` (an article's own date)."""
    pairs = tuple((info.absolute_url, info.updated.isoformat() if info.updated else "")
                  for info in (page.context["page"] for page in html_pages)
                  if info.kind not in ("not-found", "search", "offline"))
    entries = SitemapEntries(pairs, digest("\n".join(f"{url}\x1f{day}" for url, day in pairs)))
    return [
        Page("sitemap.xml", "sitemap.xml", {"entries": entries}),
        Page("robots.txt", "robots.txt", {"sitemap_url": urls.absolute("sitemap.xml")}),
    ]
