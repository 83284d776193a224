"""Stage 3, collect: loaded content → the `Collection`, pure data, no I/O.

Articles are ordered newest first (undated ones last); tags and authors
gather the articles that name them; related articles are those sharing the
most tags and authors (`related.py`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from .load import Article, AuthorProfile, Content
from .readinglists import ReadingList
from .slugs import slugify

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Term:
    """A tag or an author: a name and the articles under it, newest first."""

    name: str
    slug: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Collection:
    articles: tuple[Article, ...]
    tags: tuple[Term, ...]  # alphabetical
    authors: tuple[Term, ...]  # alphabetical
    profiles: dict[str, AuthorProfile]  # by author slug
    related: dict[str, tuple[Article, ...]]  # by article slug
    lists: tuple[Shelf, ...] = ()  # reading lists, by title


@dataclass(frozen=True)
class Shelf:
    """A reading list with its articles, in the curator's order, each with its note."""

    source: ReadingList
    items: tuple[tuple[Article, str], ...]


@dataclass(frozen=True, slots=True)
class Pager:
    """One page of a paginated list."""

    number: int
    count: int  # how many pages the list has
    items: tuple


def collect(content: Content, include_drafts: bool = False) -> Collection:
    from .related import related_articles  # (with numpy: only the builds that plan need it)

    articles = tuple(sorted((a for a in content.articles if include_drafts or not a.draft),
                            key=article_order))
    tags = group_terms(articles, lambda a: a.tags)
    authors = group_terms(articles, lambda a: a.authors)
    profiles = {p.slug: p for p in content.profiles}
    return Collection(articles, tags, authors, profiles, related_articles(articles, tags, authors),
                      shelves(content.lists, articles, include_drafts))


def shelves(lists: Sequence[ReadingList], articles: Sequence[Article],
            include_drafts: bool) -> tuple[Shelf, ...]:
    """The shown reading lists with their shown articles (a draft article
    leaves the list while drafts are hidden; an article listed twice counts
    where it first appears)."""
    by_slug = {a.slug: a for a in articles}
    found = []
    for source in lists:
        if source.draft and not include_drafts:
            continue
        items: dict[str, tuple[Article, str]] = {}
        for item in source.items:
            if item.slug in by_slug and item.slug not in items:
                items[item.slug] = (by_slug[item.slug], item.note)
        found.append(Shelf(source, tuple(items.values())))
    return tuple(sorted(found, key=lambda s: (s.source.title.casefold(), s.source.slug)))


def article_order(article: Article) -> tuple:
    """Newest first; undated articles last; then by slug (not by title: then
    a new title would move no article, and keep the stored plan; see
    `incremental/reads.py`)."""
    day = -article.date.toordinal() if article.date else 0
    return (article.date is None, day, article.slug)


def group_terms(articles: Sequence[Article], names_of) -> tuple[Term, ...]:
    """Group articles by the slug of each name; spelling variants merge.

    The name shown is the spelling used most often (the first seen on a tie).
    """
    members: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for name in names_of(article):
            slug = slugify(name)
            if not members[slug] or members[slug][-1] is not article:
                members[slug].append(article)
            spellings[slug][name] += 1
    terms = [Term(spellings[slug].most_common(1)[0][0], slug, tuple(items))
             for slug, items in members.items()]
    return tuple(sorted(terms, key=lambda t: (t.name.casefold(), t.slug)))


def by_year(articles: Sequence[Article]) -> dict[int, tuple[Article, ...]]:
    """The dated articles by year, newest year first (each keeps the order
    of `articles`); undated articles are in no year."""
    years: dict[int, list[Article]] = defaultdict(list)
    for article in articles:
        if article.date:
            years[article.date.year].append(article)
    return {year: tuple(years[year]) for year in sorted(years, reverse=True)}


def paginate(items: Sequence[T], per_page: int) -> list[Pager]:
    """Split `items` into pages of `per_page`; an empty list is one empty page."""
    count = max(1, -(-len(items) // per_page))
    return [Pager(n + 1, count, tuple(items[n * per_page:(n + 1) * per_page]))
            for n in range(count)]
