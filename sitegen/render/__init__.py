"""Stage 4, render: the `Collection` → the site's files, as (path, bytes).

`plan` decides which pages exist (pure); `render_outputs` renders them
through Jinja2 one at a time, so a large site streams to disk instead of
sitting in memory.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..collect import Collection
from ..config import Config
from ..load import Article, read_body
from ..urls import Urls
from . import markdown, templates
from .feeds import plan_feeds
from .pages import Page, Views, make_views, plan_html, site_view
from .sitemap import plan_sitemap
from .views import ArticleView

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Plan:
    """Everything the site will contain, before anything is rendered."""

    site: object
    articles: dict[str, Article]  # by slug
    views: Views
    pages: tuple[Page, ...]
    static: tuple[tuple[str, Path], ...]  # (output path, source file)


def plan(collection: Collection, config: Config) -> Plan:
    urls = Urls(config.base_url)
    convert = markdown.converter()
    prepare = markdown.hide_emails if config.hide_emails else markdown.link_emails

    def bio_html(bio: str) -> str:
        return convert(prepare(bio)) if bio else ""

    def bio_text(bio: str) -> str:
        return " ".join(html.unescape(_TAG.sub("", bio_html(bio))).split())

    site = site_view(config.title, config.description, config.language, urls, config.search)
    v = make_views(collection, urls, bio_html, bio_text)
    html_pages = list(plan_html(collection, site, v, urls, config.per_page))
    pages = (*html_pages, *plan_feeds(collection, v, urls, config.title, config.feed_entries),
             *plan_sitemap(html_pages, urls))
    articles = {a.slug: a for a in collection.articles}
    return Plan(site, articles, v, pages, static_files(config.layouts_dir))


def static_files(layouts_dir: Path) -> tuple[tuple[str, Path], ...]:
    """Theme assets, with same-named files in `layouts/static/` taking precedence."""
    found: dict[str, Path] = {}
    for folder in (templates.BUILTIN_STATIC, layouts_dir / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    found[f"static/{path.relative_to(folder).as_posix()}"] = path
    return tuple(sorted(found.items()))


def render_outputs(site_plan: Plan, config: Config,
                   pages: tuple[Page, ...] | None = None) -> Iterator[tuple[str, bytes]]:
    """Render `pages` (default: all) and read the static files, one at a time."""
    env = templates.environment(config.layouts_dir, site_plan.site)
    body_html = body_converter(site_plan)
    for page in site_plan.pages if pages is None else pages:
        yield page.path, render_page(env, page, body_html)
    for path, source in site_plan.static:
        yield path, source.read_bytes()


def body_converter(site_plan: Plan) -> Callable[[ArticleView], str]:
    """Article → body HTML. Bodies shown on several pages (feeds) are kept
    after their first conversion; the others are not held in memory."""
    convert = markdown.converter()
    shown = Counter(view.slug for page in site_plan.pages for view in page.bodies)
    kept: dict[str, str] = {}

    def body_html(view: ArticleView) -> str:
        if view.slug in kept:
            return kept[view.slug]
        result = convert(read_body(site_plan.articles[view.slug]))
        if shown[view.slug] > 1:
            kept[view.slug] = result
        return result

    return body_html


def render_page(env: jinja2.Environment, page: Page,
                body_html: Callable[[ArticleView], str]) -> bytes:
    bodies = {view.slug: Markup(body_html(view)) for view in page.bodies}
    try:
        template = env.get_template(page.template)
        return template.render(page.context, bodies=bodies).encode("utf-8")
    except jinja2.TemplateError as exc:
        raise templates.template_error(exc, page.template) from None
