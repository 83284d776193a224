"""Atom feeds: one for the site, one per tag, one per author.

Entries are the newest `entries` dated articles with their full text.
Undated articles are left out: Atom requires an `updated` time for every
entry and we never invent one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from ..collect import Collection
from ..load import Article
from ..urls import Urls
from .pages import FEED_STYLE, Page, Views
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
    yield Page(urls.static(FEED_STYLE), FEED_STYLE, {})  # every feed's look in a browser
    yield feed_page(collection.articles[:entries], "", site_title, v, urls)
    for term in collection.tags:
        yield feed_page(term.articles[:entries], urls.tag(term.slug),
                        feed_title(site_title, term.name), v, urls)
    for term in collection.authors:
        yield feed_page(term.articles[:entries], urls.author(term.slug),
                        feed_title(site_title, term.name), v, urls)


def feed_page(articles: Sequence[Article], listing: str, title: str, v: Views, urls: Urls,
              notes: dict[str, Markup] | None = None) -> Page:
    """The feed of the dated ones of `articles`, in their order, beside site-relative
    `listing`; `notes` (slug → HTML) are a reading list's notes for its entries."""
    dated = [a for a in articles if a.date is not None]
    shown = tuple(v.articles[a.slug] for a in dated)
    updated = max((a.date for a in dated if a.date), default=EPOCH)
    relative = urls.feed(listing)
    info = with_key(FeedInfo(title, urls.absolute(listing), urls.absolute(relative), updated))
    return Page(relative, "feed.xml", {"feed": info, "entries": shown, "notes": notes or {}},
                bodies=shown)
