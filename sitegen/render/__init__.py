"""Stage 4, render: the `Collection` → the site's pages, and a page → its bytes.

`plan` decides which pages exist (pure): each `Page` is a template and a
context of plain views, with articles by reference (`refs.ArticleRef`).
`render_page` turns one page into bytes, its references resolved to views
and each shown body (HTML converted from the article's Markdown) relinked.
Which pages need rendering, and where the bytes go, is the engine's
business (`sitegen.incremental`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..assets import relink
from ..collect import Collection
from ..config import Config
from ..urls import Urls
from . import markdown, templates
from .archives import plan_archives
from .epub import EPUB_TEMPLATE, render_epub
from .feeds import plan_feeds
from .offline import offline_page, plan_worker
from .pages import Page, SiteView, make_views, plan_html, site_view
from .readinglists import plan_list_files, plan_lists, with_lists
from .refs import Resolver
from .sitemap import plan_sitemap

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Plan:
    """Every page of the site, before anything is rendered."""

    pages: tuple[Page, ...]
    counts: dict[str, int]  # articles, tags, authors


def site_of(config: Config) -> SiteView:
    return site_view(config.title, config.description, config.language, Urls(config.base_url),
                     config.search)


def plan(collection: Collection, config: Config) -> Plan:
    urls = Urls(config.base_url)
    convert = markdown.converter(config.raw_html)
    prepare = markdown.hide_emails if config.hide_emails else markdown.link_emails

    def bio_html(bio: str) -> str:
        return convert(prepare(bio)) if bio else ""

    def bio_text(bio: str) -> str:
        return " ".join(html.unescape(_TAG.sub("", bio_html(bio))).split())

    v = with_lists(make_views(collection, urls, bio_html, bio_text), collection, urls, convert)
    site = site_of(config)
    html_pages = [*plan_html(collection, site, v, urls, config.per_page),
                  *plan_archives(collection, site, v, urls), *plan_lists(collection, site, v, urls),
                  offline_page(site, urls)]
    pages = (*html_pages, *plan_feeds(collection, v, urls, config.title, config.feed_entries),
             *plan_list_files(collection, v, urls, config.title),
             *plan_worker(site, urls), *plan_sitemap(html_pages, urls))
    counts = {"articles": len(collection.articles), "tags": len(collection.tags),
              "authors": len(collection.authors)}
    return Plan(pages, counts)


def static_files(layouts_dir: Path) -> tuple[tuple[str, Path], ...]:
    """Theme assets, with same-named files in `layouts/static/` taking precedence."""
    found: dict[str, Path] = {}
    for folder in (templates.BUILTIN_STATIC, layouts_dir / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    found[f"static/{path.relative_to(folder).as_posix()}"] = path
    return tuple(sorted(found.items()))


def render_page(env: jinja2.Environment, page: Page, resolve: Resolver,
                body_html: Callable[[str], str]) -> bytes:
    """The bytes of `page`; `body_html(slug)` gives the HTML of an article's body."""
    bodies = {ref.slug: Markup(relink(body_html(ref.slug), resolve.folder(ref.slug),
                                      resolve.urls)) for ref in page.bodies}
    context = resolve(page.context)
    try:
        if page.template == EPUB_TEMPLATE:  # a book of several documents, not one template's text
            return render_epub(env, context, bodies)
        return env.get_template(page.template).render(context, bodies=bodies).encode("utf-8")
    except jinja2.TemplateError as exc:
        raise templates.template_error(exc, page.template) from None
    except Exception as exc:  # `{{ 1/0 }}`, a filter given the wrong type: the template's line
        located = templates.template_error(exc, page.template)
        if located.line is None:  # not raised by a template line: a bug of ours
            raise
        raise located from None
