"""Atom feeds: one for the site, one per tag, one per author.

Entries are the newest `entries` dated articles with their full text.
Undated articles are left out: Atom requires an `updated` time for every
entry and we never invent one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..collect import Collection
from ..load import Article
from ..urls import Urls
from .pages import Page, Views
from .views import feed_title, with_key

EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class FeedInfo:
    title: str
    id: str  # the absolute URL of the page the feed follows
    self_url: str
    updated: dt.date
    key: str = field(default="", compare=False)


def plan_feeds(collection: Collection, v: Views, urls: Urls, site_title: str,
               entries: int) -> Iterator[Page]:
    yield _feed(collection.articles, "", site_title, v, urls, entries)
    for term in collection.tags:
        yield _feed(term.articles, urls.tag(term.slug), feed_title(site_title, term.name),
                    v, urls, entries)
    for term in collection.authors:
        yield _feed(term.articles, urls.author(term.slug), feed_title(site_title, term.name),
                    v, urls, entries)


def _feed(articles: tuple[Article, ...], listing: str, title: str, v: Views, urls: Urls,
          entries: int) -> Page:
    dated = [a for a in articles if a.date is not None][:entries]
    shown = tuple(v.articles[a.slug] for a in dated)
    updated = max((a.date for a in dated if a.date), default=EPOCH)
    relative = urls.feed(listing)
    info = with_key(FeedInfo(title, urls.absolute(listing), urls.absolute(relative), updated))
    return Page(relative, "feed.xml", {"feed": info, "entries": shown}, bodies=shown)
