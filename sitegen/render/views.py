"""The plain data that templates receive: links already built, text ready.

Every view carries a `key`, a digest of everything it shows, so that a
page's fingerprint is a cheap function of the views on it: when no view on
a page changed, the page did not change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..collect import Term
from ..load import Article, AuthorProfile
from ..slugs import slugify
from ..urls import Urls

NO_MARKUP = Markup("")


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
    absolute_url: str
    feed_url: str
    count: int
    source: str | None
    bio_html: Markup
    bio_excerpt: str  # plain text, for the author index and meta descriptions
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
    """What every HTML page knows about itself: title, links, feed, metadata."""

    title: str
    description: str
    url: str
    absolute_url: str
    feed_url: str
    feed_title: str
    kind: str
    updated: dt.date | None  # the newest date the page shows (sitemap `lastmod`)
    structured_data: Markup  # JSON-LD, escaped for a <script> element; empty for none
    key: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class PagerView:
    number: int
    count: int
    newer_url: str | None
    older_url: str | None
    pages: tuple[Link | None, ...]  # nearby page numbers; None marks a gap
    key: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class SearchView:
    """Where the search page finds its script and the Pagefind index."""

    script_url: str
    bundle_url: str  # the folder holding pagefind.js
    base_path: str  # prefixed to result links, so search works under a sub-path
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
        absolute_url=urls.absolute(relative), feed_url=urls.path(urls.feed(relative)),
        count=len(term.articles), source=profile.source if profile else None,
        bio_html=Markup(bio_html), bio_excerpt=excerpt(bio_text),
    ))


def search_view(urls: Urls, bundle_folder: str) -> SearchView:
    return with_key(SearchView(urls.path(urls.static("search.js")),
                               urls.path(f"{bundle_folder}/"), urls.base_path))


def page_info(title: str, description: str, relative: str, urls: Urls, *, kind: str,
              feed: str, feed_title: str, updated: dt.date | None = None,
              structured_data: Markup = NO_MARKUP) -> PageInfo:
    """`relative` and `feed` are site-relative paths of the page and its Atom feed."""
    return with_key(PageInfo(title, description, urls.path(relative), urls.absolute(relative),
                             urls.path(feed), feed_title, kind, updated, structured_data))


def feed_title(site_title: str, listing: str = "") -> str:
    """The title of the site's feed, or of the feed of one tag or author."""
    return f"{site_title}: {listing}" if listing else site_title


def newest(dates: Sequence[dt.date | None]) -> dt.date | None:
    return max((d for d in dates if d), default=None)


def article_structured_data(article: ArticleView, authors: Sequence[AuthorView],
                            site_title: str, site_url: str, language: str) -> Markup:
    """Schema.org `Article` JSON-LD, safe inside `<script>`: `<`, `>`, `&` and `'` are
    written as `\\u` escapes, so text such as `</script>` cannot end the element."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "url": article.absolute_url,
        "mainEntityOfPage": article.absolute_url,
        "inLanguage": language,
        "author": [{"@type": "Person", "name": a.name, "url": a.absolute_url} for a in authors],
        "keywords": [tag.name for tag in article.tags],
        "isPartOf": {"@type": "WebSite", "name": site_title, "url": site_url},
    }
    if article.date:
        data["datePublished"] = article.date_iso
    return htmlsafe_json_dumps(data, ensure_ascii=False)


def excerpt(text: str, limit: int = 200) -> str:
    """`text` cut at a word boundary to at most about `limit` characters."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def pager_view(number: int, count: int, url_of: Callable[[int], str],
               urls: Urls) -> PagerView:
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
