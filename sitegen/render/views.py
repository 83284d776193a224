"""The plain data that templates receive: links already built, text ready.

(Plain dataclasses, not slotted: the cache pickles thousands of them, and
slotted ones pickle several times slower.)

Every view but `ArticleView` carries a `key`, a digest of everything it
shows, so that a page's fingerprint is a cheap function of the views on
it: when no view on a page changed, the page did not change. (Pages refer
to articles by `refs.ArticleRef`; their views are made at render time.)
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import orjson
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..collect import Term
from ..digest import digest
from ..load import Article, AuthorProfile
from ..slugs import slugify
from ..urls import Urls
from .markdown import note_converter

NO_MARKUP = Markup("")


@dataclass(frozen=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True)
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
    note_html: Markup  # the note's inline Markdown as HTML; empty without a note
    reading_minutes: int
    language: str | None = None  # the article's, when not the site's
    # front-matter fields without an attribute of their own (`Article.extra`)
    fields: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def date_iso(self) -> str:
        return self.date.isoformat() if self.date else ""

    @property
    def date_text(self) -> str:
        return day_text(self.date) if self.date else ""


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class AuthorCard:
    """An author as an article page shows them: without their count of
    articles, which would change every page they wrote whenever they write
    another; `more` says only whether there is another to link to."""

    name: str
    url: str
    absolute_url: str
    bio_html: Markup
    more: bool  # they have written other articles
    key: str = field(default="", compare=False)


@dataclass(frozen=True)
class TermView:
    name: str
    slug: str
    url: str
    feed_url: str
    count: int
    key: str = field(default="", compare=False)


@dataclass(frozen=True)
class ListView:
    """A reading list: its links, the curator's words, how many articles."""

    slug: str
    title: str
    url: str
    absolute_url: str
    feed_url: str
    epub_url: str
    summary: str
    intro_html: Markup
    count: int
    key: str = field(default="", compare=False)


@dataclass(frozen=True)
class ArticleMeta:
    """What an article page's `PageInfo` needs besides its article to show
    the article's title, description and structured data. They are filled
    in from the article when the page is rendered (`refs.Resolver`), so
    that planning reads nothing of an article but its place in the site,
    and an edited title keeps the stored plan (`incremental/reads.py`)."""

    slug: str
    authors: tuple[AuthorCard, ...]
    site_title: str
    language: str  # the site's
    key: str = field(default="", compare=False)


@dataclass(frozen=True)
class PageInfo:
    """What every HTML page knows about itself: title, links, feed, metadata."""

    title: str
    description: str
    url: str
    absolute_url: str
    feed_url: str
    feed_title: str
    kind: str
    section: str  # the link of the site's section the page belongs to (nav), or ""
    updated: dt.date | None  # the newest date the page shows (sitemap `lastmod`)
    structured_data: Markup  # JSON-LD, escaped for a <script> element; empty for none
    # an article's page, while planned: title, description and structured
    # data are still to be taken from the article
    article: ArticleMeta | None = None
    key: str = field(default="", compare=False)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class SearchView:
    """Where the search page finds its script and the Pagefind index."""

    script_url: str
    bundle_url: str  # the folder holding pagefind.js
    base_path: str  # prefixed to result links, so search works under a sub-path
    empty: bool  # nothing published yet: no index, and the page says so
    key: str = field(default="", compare=False)


# The nav section of each kind of page: its link is marked as the current one.
SECTIONS: dict[str, Callable[[], str]] = {
    "home": Urls.home, "article": Urls.home, "tag": Urls.tags, "tags": Urls.tags,
    "author": Urls.authors, "authors": Urls.authors, "search": Urls.search,
    "archive": Urls.archive, "year": Urls.archive, "lists": Urls.lists, "list": Urls.lists,
}


def with_key(view: Any) -> Any:
    """`view` with its `key` set from all its other fields."""
    parts = [type(view).__name__]
    parts += [v if type(v) is str else _key_part(v) for v in _fields_of(type(view))(view)]
    object.__setattr__(view, "key", digest("\x1f".join(parts)))
    return view


@functools.cache
def _fields_of(kind: type) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the values of all fields of a `kind` but `key`, in order."""
    names = [f.name for f in fields(kind) if f.name != "key"]
    get = operator.attrgetter(*names)
    return get if len(names) > 1 else lambda view: (get(view),)


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

    It has no `key`: pages refer to articles by `ArticleRef`, and the
    article's `view_digest` stands for the view (see `incremental.fingerprint`).
    Nothing in it comes from the body but the reading time.
    """
    relative = urls.article(article.slug)
    return ArticleView(
        slug=article.slug, title=article.title, url=urls.path(relative),
        absolute_url=urls.absolute(relative), date=article.date, summary=article.summary,
        authors=tuple(_link(links, "author", n, urls) for n in article.authors),
        tags=tuple(_link(links, "tag", n, urls) for n in article.tags),
        source=article.source, original_url=article.url, note=article.note,
        note_html=note_html(article.note or "", urls),
        reading_minutes=article.reading_minutes, language=article.language,
        fields=dict(article.extra),
    )


_note_converter = functools.cache(note_converter)  # one parser per base path, made on need


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
        absolute_url=urls.absolute(relative), feed_url=urls.path(urls.feed(relative)),
        count=len(term.articles), source=profile.source if profile else None,
        bio_html=Markup(bio_html), bio_excerpt=excerpt(bio_text),
    ))


def author_card(author: AuthorView) -> AuthorCard:
    return with_key(AuthorCard(author.name, author.url, author.absolute_url, author.bio_html,
                               author.count > 1))


def list_view(slug: str, title: str, summary: str, intro_html: str, count: int,
              urls: Urls) -> ListView:
    relative = urls.reading_list(slug)
    return with_key(ListView(slug, title, urls.path(relative), urls.absolute(relative),
                             urls.path(urls.feed(relative)), urls.path(urls.ebook(slug)),
                             summary, Markup(intro_html), count))


def note_html(note: str, urls: Urls) -> Markup:
    """A curator's note (inline Markdown) as HTML; empty for no note."""
    return Markup(_note_converter(urls.base_path)(note)) if note else NO_MARKUP


def search_view(urls: Urls, bundle_folder: str, *, empty: bool) -> SearchView:
    return with_key(SearchView(urls.path(urls.static("search.js")),
                               urls.path(f"{bundle_folder}/"), urls.base_path, empty))


def page_info(title: str, description: str, relative: str, urls: Urls, *, kind: str,
              feed: str, feed_title: str, updated: dt.date | None = None,
              article: ArticleMeta | None = None) -> PageInfo:
    """`relative` and `feed` are site-relative paths of the page and its Atom feed."""
    section = urls.path(SECTIONS[kind]()) if kind in SECTIONS else ""
    return with_key(PageInfo(title, description, urls.path(relative), urls.absolute(relative),
                             urls.path(feed), feed_title, kind, section, updated, NO_MARKUP,
                             with_key(article) if article else None))


def article_info(info: PageInfo, article: Article, urls: Urls) -> PageInfo:
    """An article page's `info` with the article's title, description and
    structured data (see `ArticleMeta`)."""
    meta = info.article
    if meta is None:
        return info
    data = article_structured_data(article, meta.authors, urls, meta.site_title, meta.language)
    return replace(info, title=article.title, description=article.summary,
                   structured_data=data, article=None)


def feed_title(site_title: str, listing: str = "") -> str:
    """The title of the site's feed, or of the feed of one tag or author."""
    return f"{site_title}: {listing}" if listing else site_title


@functools.cache
def day_text(day: dt.date) -> str:
    """`3 March 2025`. (Cached: every list card shows a date, and `strftime`
    took a few percent of rendering.)"""
    return f"{day.day} {day:%B %Y}"


def newest(dates: Sequence[dt.date | None]) -> dt.date | None:
    return max((d for d in dates if d), default=None)


def article_structured_data(article: Article, authors: Sequence[AuthorCard], urls: Urls,
                            site_title: str, language: str) -> Markup:
    """Schema.org `Article` JSON-LD, safe inside `<script>`: `<`, `>`, `&` and `'` are
    written as `\\u` escapes, so text such as `</script>` cannot end the element."""
    url = urls.absolute(urls.article(article.slug))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": article.language or language,
        "author": [{"@type": "Person", "name": a.name, "url": a.absolute_url} for a in authors],
        "keywords": list(article.tags),
        "isPartOf": {"@type": "WebSite", "name": site_title, "url": urls.base_url},
    }
    if article.date:
        data["datePublished"] = article.date.isoformat()
    return htmlsafe_json_dumps(data, dumps=_json)


def _json(data: dict[str, Any]) -> str:
    """`data` as compact JSON. (With orjson: with the standard library's
    encoder, this data took 2% of a cold build's CPU time.)"""
    return orjson.dumps(data).decode()


def excerpt(text: str, limit: int = 200) -> str:
    """`text` cut at a word boundary to at most about `limit` characters."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


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
