"""Which pages the site has: each a template, a context and an output path.

Planning is pure: it turns the `Collection` into `Page`s without rendering
or writing anything, so tests can inspect the site's shape directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..collect import Collection, Term, paginate
from ..slugs import slugify
from ..urls import Urls, output_path
from . import views
from .refs import ArticleRef, ref
from .views import AuthorView, TermView


@dataclass(frozen=True, slots=True)
class Page:
    path: str  # file path inside the output folder
    template: str
    context: dict[str, Any]  # articles in it are `ArticleRef`s until rendering
    bodies: tuple[ArticleRef, ...] = ()  # articles whose full text the page shows


@dataclass(frozen=True, slots=True)
class SiteView:
    """What every template knows about the site (the `site` global)."""

    title: str
    description: str
    language: str
    base_url: str
    home_url: str
    tags_url: str
    authors_url: str
    search_url: str
    feed_url: str
    feed_absolute_url: str
    css_url: str


@dataclass(frozen=True)
class Views:
    """Each tag and author turned into its view once, for every page."""

    tags: dict[str, TermView]
    authors: dict[str, AuthorView]


def site_view(title: str, description: str, language: str, urls: Urls) -> SiteView:
    return SiteView(
        title=title, description=description, language=language, base_url=urls.base_url,
        home_url=urls.path(urls.home()), tags_url=urls.path(urls.tags()),
        authors_url=urls.path(urls.authors()), search_url=urls.path("search/"),
        feed_url=urls.path(urls.feed()), feed_absolute_url=urls.absolute(urls.feed()),
        css_url=urls.path(urls.static("style.css")),
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
                 authors=authors)


def plan_html(collection: Collection, site: SiteView, v: Views, urls: Urls,
              per_page: int) -> Iterator[Page]:
    """Every HTML page of the site, in a stable order."""
    yield from _listing(collection.articles, v, urls, per_page, urls.home, urls.feed(),
                        site.title, site.description, "home", {})
    for position in range(len(collection.articles)):
        yield _article_page(collection, position, v, urls)
    yield _tags_index(collection, v, urls)
    for term in collection.tags:
        tag = v.tags[term.slug]
        yield from _listing(term.articles, v, urls, per_page, _paged(urls.tag, term.slug),
                            urls.feed(urls.tag(term.slug)), f"Tag: {term.name}",
                            f"Articles tagged {term.name}", "tag", {"tag": tag})
    yield _authors_index(collection, v, urls)
    for term in collection.authors:
        author = v.authors[term.slug]
        yield from _listing(term.articles, v, urls, per_page, _paged(urls.author, term.slug),
                            urls.feed(urls.author(term.slug)), term.name,
                            author.bio_text or f"Articles by {term.name}", "author",
                            {"author": author})
    yield _simple("404.html", "404.html", "Page not found", "The page was not found.", "404.html",
                  "not-found", urls)
    yield _simple("search/index.html", "search.html", "Search", "Search the collection.",
                  "search/", "search", urls)


def _paged(url_of: Callable[[str, int], str], slug: str) -> Callable[[int], str]:
    return lambda n: url_of(slug, n)


def _listing(articles: tuple, v: Views, urls: Urls, per_page: int,
             url_of: Callable[[int], str], feed: str, title: str, description: str,
             kind: str, extra: dict[str, Any]) -> Iterator[Page]:
    for pager in paginate(articles, per_page):
        relative = url_of(pager.number)
        heading = title if pager.number == 1 else f"{title} (page {pager.number})"
        yield Page(output_path(relative), "list.html", {
            "page": views.page_info(heading, description, relative, feed, kind, urls),
            "entries": tuple(ref(a) for a in pager.items),
            "pager": views.pager_view(pager.number, pager.count, url_of(1), urls),
            **extra,
        })


def _article_page(collection: Collection, position: int, v: Views, urls: Urls) -> Page:
    article = collection.articles[position]
    relative = urls.article(article.slug)
    newer = collection.articles[position - 1] if position > 0 else None
    older = collection.articles[position + 1] if position + 1 < len(collection.articles) else None
    author_slugs = dict.fromkeys(slugify(name) for name in article.authors)
    return Page(output_path(relative), "article.html", {
        "page": views.page_info(article.title, article.summary, relative, urls.feed(),
                                "article", urls),
        "article": ref(article),
        "authors": tuple(v.authors[slug] for slug in author_slugs),
        "related": tuple(ref(r) for r in collection.related[article.slug]),
        "newer": ref(newer) if newer else None,
        "older": ref(older) if older else None,
    }, bodies=(ref(article),))


def _tags_index(collection: Collection, v: Views, urls: Urls) -> Page:
    ordered = sorted(collection.tags, key=lambda t: (-len(t.articles), t.name.casefold()))
    return Page(output_path(urls.tags()), "tags.html", {
        "page": views.page_info("Tags", "Every tag in the collection, most used first.",
                                urls.tags(), urls.feed(), "tags", urls),
        "tags": tuple(v.tags[t.slug] for t in ordered),
    })


def _authors_index(collection: Collection, v: Views, urls: Urls) -> Page:
    ordered: list[Term] = sorted(collection.authors,
                                 key=lambda t: (-len(t.articles), t.name.casefold()))
    return Page(output_path(urls.authors()), "authors.html", {
        "page": views.page_info("Authors", "Everyone whose writing is in the collection.",
                                urls.authors(), urls.feed(), "authors", urls),
        "authors": tuple(v.authors[t.slug] for t in ordered),
    })


def _simple(path: str, template: str, title: str, description: str, relative: str,
            kind: str, urls: Urls) -> Page:
    return Page(path, template, {
        "page": views.page_info(title, description, relative, urls.feed(), kind, urls),
    })
