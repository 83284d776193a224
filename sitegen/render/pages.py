"""Which pages the site has: each a template, a context and an output path.

Planning is pure: it turns the `Collection` into `Page`s without rendering
or writing anything, so tests can inspect the site's shape directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..collect import Collection, Term, paginate
from ..search import BUNDLE_FOLDER
from ..slugs import slugify
from ..urls import Urls, output_path
from . import views
from .refs import ArticleRef, ref
from .views import AuthorCard, AuthorView, Link, ListView, TermView

MANIFEST, WORKER = "manifest.webmanifest", "sw.js"  # at the top: a worker's scope is its folder
FEED_STYLE = "feed.xsl"  # rendered (it links the stylesheet and home page), served from static/


@dataclass(frozen=True)
class Page:
    path: str  # file path inside the output folder
    template: str
    context: dict[str, Any]  # articles in it are `ArticleRef`s until rendering
    bodies: tuple[ArticleRef, ...] = ()  # articles whose full text the page shows


@dataclass(frozen=True)
class SiteView:
    """What every template knows about the site (the `site` global)."""

    title: str
    description: str
    language: str
    base_url: str
    home_url: str
    tags_url: str
    authors_url: str
    archive_url: str
    lists_url: str
    search_url: str | None  # None when the site is built without search
    feed_url: str
    feed_absolute_url: str
    css_url: str
    icon_url: str
    feed_style_url: str  # the XSLT stylesheet that shows feeds as pages in a browser
    manifest_url: str  # the web app manifest
    worker_url: str  # the service worker that keeps opened pages for offline reading
    nav: tuple[Link, ...]  # the site's sections, for the header


@dataclass(frozen=True)
class Views:
    """Each tag and author turned into its view once, for every page, and
    each article into its reference."""

    tags: dict[str, TermView]
    authors: dict[str, AuthorView]
    articles: dict[str, ArticleRef]
    cards: dict[str, AuthorCard]  # the authors as article pages show them
    lists: dict[str, ListView] = field(default_factory=dict)
    # article slug → its place in each reading list (see `readinglists.places`)
    places: dict[str, tuple[dict[str, Any], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Listing:
    """One paginated list of articles: the front page, a tag's or an author's."""

    title: str
    description: str
    kind: str
    url_of: Callable[[int], str]  # page number → site-relative path
    feed: str  # site-relative path of its Atom feed
    feed_title: str
    extra: dict[str, Any]  # more context for the template (`tag` or `author`)


def site_view(title: str, description: str, language: str, urls: Urls,
              search: bool = True) -> SiteView:
    home, tags, authors = urls.path(urls.home()), urls.path(urls.tags()), urls.path(urls.authors())
    archive, lists = urls.path(urls.archive()), urls.path(urls.lists())
    search_url = urls.path(urls.search()) if search else None
    sections = [("Articles", home), ("Lists", lists), ("Archive", archive), ("Tags", tags),
                ("Authors", authors), ("Search", search_url), ("Feed", urls.path(urls.feed()))]
    return SiteView(
        title=title, description=description, language=language, base_url=urls.base_url,
        home_url=home, tags_url=tags, authors_url=authors, archive_url=archive, lists_url=lists,
        search_url=search_url,
        feed_url=urls.path(urls.feed()), feed_absolute_url=urls.absolute(urls.feed()),
        css_url=urls.path(urls.static("style.css")),
        icon_url=urls.path(urls.static("favicon.svg")),
        feed_style_url=urls.path(urls.static(FEED_STYLE)),
        manifest_url=urls.path(MANIFEST), worker_url=urls.path(WORKER),
        nav=tuple(Link(name, url) for name, url in sections if url),
    )


def make_views(collection: Collection, urls: Urls,
               bio_html: Callable[[str], str], bio_text: Callable[[str], str]) -> Views:
    """Views for every tag and author; `bio_*` turn a bio's Markdown into HTML/text."""
    authors = {}
    for term in collection.authors:
        profile = collection.profiles.get(term.slug)
        bio = profile.bio if profile else ""
        authors[term.slug] = views.author_view(term, profile, bio_html(bio), bio_text(bio), urls)
    return Views(tags={t.slug: views.term_view(t, urls) for t in collection.tags},
                 authors=authors, articles={a.slug: ref(a) for a in collection.articles},
                 cards={slug: views.author_card(view) for slug, view in authors.items()})


def plan_html(collection: Collection, site: SiteView, v: Views, urls: Urls,
              per_page: int) -> Iterator[Page]:
    """Every HTML page of the site, in a stable order."""
    latest = views.newest([a.date for a in collection.articles])
    home = Listing(site.title, site.description, "home", urls.home, urls.feed(), site.title, {})
    yield from _listing(collection.articles, home, v, urls, per_page)
    for position in range(len(collection.articles)):
        yield _article_page(collection, position, site, v, urls)
    yield _tags_index(collection, site, v, urls, latest)
    for term in collection.tags:
        tag = Listing(f"Tag: {term.name}", f"Articles tagged {term.name}.", "tag",
                      _paged(urls.tag, term.slug), urls.feed(urls.tag(term.slug)),
                      views.feed_title(site.title, term.name), {"tag": v.tags[term.slug]})
        yield from _listing(term.articles, tag, v, urls, per_page)
    yield _authors_index(collection, site, v, urls, latest)
    for term in collection.authors:
        author = v.authors[term.slug]
        byline = Listing(term.name, author.bio_excerpt or f"Articles by {term.name}.", "author",
                         _paged(urls.author, term.slug), urls.feed(urls.author(term.slug)),
                         views.feed_title(site.title, term.name), {"author": author})
        yield from _listing(term.articles, byline, v, urls, per_page)
    yield _simple("404.html", "404.html", "Page not found", "The page was not found.",
                  "404.html", "not-found", site, urls)
    if site.search_url:
        yield _simple(output_path(urls.search()), "search.html", "Search",
                      "Search the articles of the collection.", urls.search(), "search", site,
                      urls, {"search": views.search_view(urls, BUNDLE_FOLDER,
                                                      empty=not collection.articles)})


def _paged(url_of: Callable[[str, int], str], slug: str) -> Callable[[int], str]:
    return lambda n: url_of(slug, n)


def _listing(articles: tuple, listing: Listing, v: Views, urls: Urls,
             per_page: int) -> Iterator[Page]:
    for pager in paginate(articles, per_page):
        relative = listing.url_of(pager.number)
        heading = listing.title if pager.number == 1 else f"{listing.title} (page {pager.number})"
        yield Page(output_path(relative), "list.html", {
            "page": views.page_info(
                heading, listing.description, relative, urls, kind=listing.kind,
                feed=listing.feed, feed_title=listing.feed_title,
                updated=views.newest([a.date for a in pager.items])),
            "entries": tuple(v.articles[a.slug] for a in pager.items),
            "pager": views.pager_view(pager.number, pager.count, listing.url_of(1), urls),
            **listing.extra,
        })


def _article_page(collection: Collection, position: int, site: SiteView, v: Views,
                  urls: Urls) -> Page:
    article = collection.articles[position]
    relative = urls.article(article.slug)
    newer = collection.articles[position - 1] if position > 0 else None
    older = collection.articles[position + 1] if position + 1 < len(collection.articles) else None
    authors = tuple(v.cards[slug] for slug in dict.fromkeys(map(slugify, article.authors)))
    meta = views.ArticleMeta(article.slug, authors, site.title, site.language)
    return Page(output_path(relative), "article.html", {
        "page": views.page_info("", "", relative, urls, kind="article", feed=urls.feed(),
                                feed_title=site.title, updated=article.date, article=meta),
        "article": v.articles[article.slug],
        "authors": authors,
        "related": tuple(v.articles[r.slug] for r in collection.related[article.slug]),
        "newer": v.articles[newer.slug] if newer else None,
        "older": v.articles[older.slug] if older else None,
        "lists": v.places.get(article.slug, ()),
    }, bodies=(v.articles[article.slug],))


def _tags_index(collection: Collection, site: SiteView, v: Views, urls: Urls,
                latest: dt.date | None) -> Page:
    return Page(output_path(urls.tags()), "tags.html", {
        "page": views.page_info("Tags", "Every tag in the collection, most used first.",
                                urls.tags(), urls, kind="tags", feed=urls.feed(),
                                feed_title=site.title, updated=latest),
        "tags": tuple(v.tags[t.slug] for t in _most_used_first(collection.tags)),
    })


def _authors_index(collection: Collection, site: SiteView, v: Views, urls: Urls,
                   latest: dt.date | None) -> Page:
    return Page(output_path(urls.authors()), "authors.html", {
        "page": views.page_info("Authors", "Everyone whose writing is in the collection.",
                                urls.authors(), urls, kind="authors", feed=urls.feed(),
                                feed_title=site.title, updated=latest),
        "authors": tuple(v.authors[t.slug] for t in _most_used_first(collection.authors)),
    })


def _most_used_first(terms: tuple[Term, ...]) -> list[Term]:
    return sorted(terms, key=lambda t: (-len(t.articles), t.name.casefold()))


def _simple(path: str, template: str, title: str, description: str, relative: str,
            kind: str, site: SiteView, urls: Urls, extra: dict[str, Any] | None = None) -> Page:
    return Page(path, template, {
        "page": views.page_info(title, description, relative, urls, kind=kind,
                                feed=urls.feed(), feed_title=site.title),
        **(extra or {}),
    })
