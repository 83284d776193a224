"""Articles in page contexts are references, resolved to views at render time.

A planned page names the articles it shows by `ArticleRef` (their slug),
not by their full views. That keeps the plan small, and lets the engine
fingerprint a page by its *shape* (everything but the articles) plus the
digests of the articles it shows, and re-render a page from its stored
shape when only article text (or a title) changed. The `Resolver` swaps
the references for `ArticleView`s just before the template runs (and
fills an article page's `PageInfo` from its article, `views.ArticleMeta`),
so templates still see plain data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..load import Article
from ..urls import Urls
from .views import ArticleView, Link, PageInfo, article_info, article_view


@dataclass(frozen=True)
class ArticleRef:
    slug: str


def ref(article: Article) -> ArticleRef:
    return ArticleRef(article.slug)


class Resolver:
    """Turns references into views, building each article's view once."""

    def __init__(self, articles: dict[str, Article], urls: Urls, content_dir: Path,
                 raw_html: bool = False, views: dict[str, ArticleView] | None = None) -> None:
        """`views`: of articles made earlier, by slug (for those only listed,
        `articles` need not have them)."""
        self.articles, self.urls, self.content_dir = articles, urls, content_dir
        self.raw_html = raw_html  # the setting: bodies keep their raw HTML
        self.views: dict[str, ArticleView] = dict(views or {})
        self.links: dict[tuple[str, str], Link] = {}
        self.folders: dict[str, str] = {}  # of article files → below content/ (`folder`)

    def view(self, slug: str) -> ArticleView:
        if slug not in self.views:
            self.views[slug] = article_view(self.articles[slug], self.urls, self.links)
        return self.views[slug]

    def folder(self, slug: str) -> str:
        """The folder of the article's file below content/ (posix, "" at the
        top): relative links in its body start there."""
        folder = os.path.dirname(self.articles[slug].path)
        if folder not in self.folders:  # (few folders hold the articles; relpath is slow)
            below = os.path.relpath(folder, self.content_dir)
            self.folders[folder] = "" if below == "." else Path(below).as_posix()
        return self.folders[folder]

    def __call__(self, value: Any) -> Any:
        """`value` with every reference in it (in tuples and dicts, at any
        depth) resolved. (By exact type: it runs on every value of every
        page's context, and views, the most common, are none of these.)"""
        kind = type(value)
        if kind is ArticleRef:
            return self.view(value.slug)
        if kind is PageInfo and value.article is not None:
            return article_info(value, self.articles[value.article.slug], self.urls)
        if kind is tuple:
            return tuple([self(v) for v in value])
        if kind is dict:
            return {k: self(v) for k, v in value.items()}
        return value
