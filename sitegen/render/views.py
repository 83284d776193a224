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


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


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
    """Page navigation of a list whose first page is at `first_url`."""

    number: int
    count: int
    first_url: str
    key: str = field(default="", compare=False)

    def url(self, number: int) -> str:
        return Urls.paged(self.first_url, number)

    @property
    def newer_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def older_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None

    @property
    def pages(self) -> tuple[Link | None, ...]:
        """Nearby page numbers with their URLs; None marks a gap."""
        return tuple(Link(str(n), self.url(n)) if n else None
                     for n in page_window(self.number, self.count))


def with_key(view: Any) -> Any:
    """`view` with its `key` set from all its other fields."""
    parts = [type(view).__name__]
    parts += [_key_part(getattr(view, name)) for name in view.__slots__ if name != "key"]
    object.__setattr__(view, "key", digest("\x1f".join(parts)))
    return view


def _key_part(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "\x00"
    if isinstance(value, Link):
        return f"{value.name}\x1d{value.url}"
    if isinstance(value, tuple):
        return "(" + "\x1e".join(_key_part(v) for v in value) + ")"
    return getattr(value, "key", None) or str(value)


def article_view(article: Article, urls: Urls, links: dict[tuple[str, str], Link]) -> ArticleView:
    """The article's view; `links` memoises tag and author links across articles.

    It has no `key`: pages refer to articles by `ArticleRef`, whose digest
    stands for the view (see refs.py).
    """
    relative = urls.article(article.slug)
    return ArticleView(
        slug=article.slug, title=article.title, url=urls.path(relative),
        absolute_url=urls.absolute(relative), date=article.date, summary=article.summary,
        authors=tuple(_link(links, "author", n, urls) for n in article.authors),
        tags=tuple(_link(links, "tag", n, urls) for n in article.tags),
        source=article.source, original_url=article.url, note=article.note,
        reading_minutes=article.reading_minutes, body_digest=article.body_digest,
    )


def _link(links: dict[tuple[str, str], Link], kind: str, name: str, urls: Urls) -> Link:
    link = links.get((kind, name))
    if link is None:
        url_of = urls.author if kind == "author" else urls.tag
        link = links[(kind, name)] = Link(name, urls.path(url_of(slugify(name))))
    return link


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


def pager_view(number: int, count: int, first: str, urls: Urls) -> PagerView:
    """Page navigation of the list whose first page is site-relative `first`."""
    return with_key(PagerView(number, count, urls.path(first)))


def page_window(number: int, count: int, reach: int = 2) -> list[int]:
    """Page numbers to offer: first, last, and `reach` around `number`; 0 is a gap."""
    shown = sorted({1, count, *range(max(1, number - reach), min(count, number + reach) + 1)})
    window: list[int] = []
    for n in shown:
        if window and n - window[-1] > 1:
            window.append(0)
        window.append(n)
    return window
