"""The plain data that templates receive: links already built, text ready.

Every view carries a `key`, a digest of everything it shows, so that a
page's fingerprint is a cheap function of the views on it: when no view on
a page changed, the page did not change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..collect import Term
from ..load import Article, AuthorProfile
from ..slugs import slugify
from ..urls import Urls


def digest(*parts: Any) -> str:
    """A short stable digest of `repr(parts)`."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


@dataclass(frozen=True, slots=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    slug: str
    title: str
    url: str
    absolute_url: str
    date: dt.date | None
    summary: str
    authors: tuple[Link, ...]
    tags: tuple[Link, ...]
    source: str | None
    original_url: str | None
    note: str | None
    reading_minutes: int
    body_digest: str
    key: str = field(default="", compare=False)

    @property
    def date_iso(self) -> str:
        return self.date.isoformat() if self.date else ""

    @property
    def date_text(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}" if self.date else ""


@dataclass(frozen=True, slots=True)
class AuthorView:
    name: str
    slug: str
    url: str
    feed_url: str
    count: int
    source: str | None
    bio_html: Markup
    bio_text: str  # plain text, for excerpts and meta descriptions
    key: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class TermView:
    name: str
    slug: str
    url: str
    feed_url: str
    count: int
    key: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What every HTML page knows about itself (title, links, feed)."""

    title: str
    description: str
    url: str
    absolute_url: str
    feed_url: str
    kind: str
    key: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class PagerView:
    number: int
    count: int
    newer_url: str | None
    older_url: str | None
    pages: tuple[Link | None, ...]  # nearby page numbers; None marks a gap
    key: str = field(default="", compare=False)


def with_key(view: Any) -> Any:
    """`view` with its `key` set from all its other fields."""
    values = tuple(getattr(view, name) for name in view.__slots__ if name != "key")
    object.__setattr__(view, "key", digest(type(view).__name__, values))
    return view


def article_view(article: Article, urls: Urls) -> ArticleView:
    relative = urls.article(article.slug)
    return with_key(ArticleView(
        slug=article.slug, title=article.title, url=urls.path(relative),
        absolute_url=urls.absolute(relative), date=article.date, summary=article.summary,
        authors=tuple(Link(n, urls.path(urls.author(slugify(n)))) for n in article.authors),
        tags=tuple(Link(n, urls.path(urls.tag(slugify(n)))) for n in article.tags),
        source=article.source, original_url=article.url, note=article.note,
        reading_minutes=article.reading_minutes, body_digest=article.body_digest,
    ))


def term_view(term: Term, urls: Urls) -> TermView:
    relative = urls.tag(term.slug)
    return with_key(TermView(term.name, term.slug, urls.path(relative),
                             urls.path(urls.feed(relative)), len(term.articles)))


def author_view(term: Term, profile: AuthorProfile | None, bio_html: str, bio_text: str,
                urls: Urls) -> AuthorView:
    relative = urls.author(term.slug)
    return with_key(AuthorView(
        name=term.name, slug=term.slug, url=urls.path(relative),
        feed_url=urls.path(urls.feed(relative)), count=len(term.articles),
        source=profile.source if profile else None,
        bio_html=Markup(bio_html), bio_text=bio_text,
    ))


def page_info(title: str, description: str, relative: str, feed: str, kind: str,
              urls: Urls) -> PageInfo:
    return with_key(PageInfo(title, description, urls.path(relative), urls.absolute(relative),
                             urls.path(feed), kind))


def pager_view(number: int, count: int, url_of, urls: Urls) -> PagerView:
    """Page navigation; `url_of(n)` is the site-relative path of page n."""
    return with_key(PagerView(
        number=number, count=count,
        newer_url=urls.path(url_of(number - 1)) if number > 1 else None,
        older_url=urls.path(url_of(number + 1)) if number < count else None,
        pages=tuple(Link(str(n), urls.path(url_of(n))) if n else None
                    for n in page_window(number, count)),
    ))


def page_window(number: int, count: int, reach: int = 2) -> list[int]:
    """Page numbers to offer: first, last, and `reach` around `number`; 0 is a gap."""
    shown = sorted({1, count, *range(max(1, number - reach), min(count, number + reach) + 1)})
    window: list[int] = []
    for n in shown:
        if window and n - window[-1] > 1:
            window.append(0)
        window.append(n)
    return window
