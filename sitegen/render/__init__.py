"""Stage 4, render: the `Collection` → the site's files.

`plan` decides which pages exist (pure); `recipe` and `page_fingerprint`
give every output a digest of its inputs; `render_into` renders only the
pages whose fingerprint changed, spread over the CPU cores, straight into
the staging folder, so a large site streams to disk instead of sitting in
memory. Between builds the cache keeps each page's recipe and context, so
a build in which no article changed its title, date, tags or authors does
not plan anything at all.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..assets import Asset, relink
from ..cache import BuildCache, PageBundle, bundle_pages
from ..collect import Collection
from ..config import Config
from ..errors import SiteError
from ..incremental.crashpoint import crash_point
from ..load import Article, Content, read_body
from ..parallel import MIN_PARALLEL, map_chunks
from ..urls import Urls
from . import markdown, templates
from .archives import plan_archives
from .bodies import BodyFile
from .epub import EPUB_TEMPLATE, render_epub
from .feeds import plan_feeds
from .fingerprint import Recipe, file_fingerprint, page_fingerprint, recipe, template_digests
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


def structure_key(content: Content, config: Config) -> str:
    """A digest of everything planning reads: the settings, every article's
    front matter (all but its body; its summary even when made from the
    body), the author profiles and the reading lists. When it is
    unchanged, the pages planned last time are still right, and a build in
    which only article bodies changed needs no planning."""
    parts = [config.digest(), *sorted(a.front_digest for a in content.articles)]
    parts += sorted(repr((p.slug, p.name, p.source, p.bio)) for p in content.profiles)
    parts += sorted(f"list:{reading_list.digest}" for reading_list in content.lists)
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def static_files(layouts_dir: Path) -> tuple[tuple[str, Path], ...]:
    """Theme assets, with same-named files in `layouts/static/` taking precedence."""
    found: dict[str, Path] = {}
    for folder in (templates.BUILTIN_STATIC, layouts_dir / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    found[f"static/{path.relative_to(folder).as_posix()}"] = path
    return tuple(sorted(found.items()))


def fingerprints(recipes: Sequence[Recipe], static: Sequence[tuple[str, Path]],
                 articles: Sequence[Article], config: Config,
                 env: jinja2.Environment, assets: Sequence[Asset] = ()) -> dict[str, str]:
    """Output path → fingerprint, for every file of the site.

    Two outputs for one path are an error naming both.
    """
    digest_of = template_digests(env)
    site_digest = f"{config.digest()}:{env.globals['site']!r}"
    digests = {a.slug: a.digest for a in articles}
    result: dict[str, str] = {}
    owners: dict[str, str] = {}
    try:
        for item in recipes:
            _claim(owners, item.path, f"the {item.template} page")
            result[item.path] = page_fingerprint(item, site_digest, digest_of, digests)
    except jinja2.TemplateNotFound as exc:
        raise SiteError(f"template not found: {exc.name}", config.layouts_dir) from None
    for path, source in static:
        _claim(owners, path, str(source))
        result[path] = file_fingerprint(source.read_bytes())
    for asset in assets:
        _claim(owners, asset.path, str(asset.source))
        result[asset.path] = asset.fingerprint
    return result


def _claim(owners: dict[str, str], path: str, owner: str) -> None:
    """Record `owner` as the source of output `path`; a second one is an error naming both."""
    if path in owners:
        raise SiteError(f"two outputs would be written to {path}: {owners[path]} and {owner}")
    owners[path] = owner


def recipes_of(pages: Sequence[Page]) -> list[Recipe]:
    return [recipe(page) for page in pages]


def render_into(pages: Sequence[Page], resolve: Resolver, env: jinja2.Environment,
                cache: BuildCache, place: Callable[[str, bytes], bool],
                advance: Callable[[int], None], parallel: bool = True,
                keep: dict[str, str] | None = None, ready: BodyFile | None = None) -> int:
    """Render `pages` and `place` each (path, bytes); return how many files
    were written (`place` returns False when it kept the previous file).

    The bodies come from `ready` (converted ahead) when given. Else pages
    showing one article's body (its own page) go first, so the bodies that
    feeds repeat are converted once and taken from the cache after.
    The pages at the paths in `keep` (path → shape digest) are stored in the
    cache for later builds; the workers pickle them on the way.
    """
    if ready is not None:
        cache.add_bodies(ready.by_python_markdown())
        # lists and feeds first: they are the slowest pages, and the last
        # chunks (which one worker may finish alone) had better be quick ones
        groups = [sorted(range(len(pages)), key=lambda i: len(pages[i].bodies) == 1)]
    else:
        groups = [[i for i, page in enumerate(pages) if len(page.bodies) <= 1],
                  [i for i, page in enumerate(pages) if len(page.bodies) > 1]]
    written = 0
    for group in groups:
        if ready is not None:
            known: Mapping[str, str] = ready
        else:
            known = cache.bodies(sorted({resolve.view(r.slug).body_digest
                                         for i in group for r in pages[i].bodies}))
        job = _Job(pages, resolve, env, place, known, keep or {})
        work = sum(max(1, len(pages[i].bodies)) for i in group)  # a feed's bodies weigh most
        for count, wrote, new_bodies, kept in map_chunks(_render_chunk, job, group,
                                                         parallel and work >= MIN_PARALLEL,
                                                         min_items=0):
            crash_point("render:chunk")
            cache.add_bodies(new_bodies)
            cache.add_pages(kept)
            written += wrote
            advance(count)
    cache.prune_bodies({a.body_digest for a in resolve.articles.values()})
    return written


@dataclass(frozen=True)
class _Job:
    pages: Sequence[Page]
    resolve: Resolver
    env: jinja2.Environment
    place: Callable[[str, bytes], bool]
    known: Mapping[str, str]  # body digest → HTML
    keep: dict[str, str]  # path → shape digest of the pages to store


def _render_chunk(job: _Job, numbers: Sequence[int]) -> tuple[int, int, dict[str, str],
                                                              list[PageBundle]]:
    """Render and place the pages with these `numbers` (in a worker process,
    which has the pages from the fork: only numbers travel); return how many
    pages, how many files written, the bodies Python-Markdown converted, and
    the pages to keep, pickled."""
    new: dict[str, str] = {}
    kept = []
    written = 0
    for number in numbers:
        page = job.pages[number]
        bodies = {}
        for reference in page.bodies:
            view = job.resolve.view(reference.slug)
            body = job.known.get(view.body_digest) or new.get(view.body_digest)
            if body is None:
                body, slow = markdown.body_html(read_body(job.resolve.articles[reference.slug]),
                                                job.resolve.raw_html)
                if slow:
                    new[view.body_digest] = body
            folder = job.resolve.folder(reference.slug)
            bodies[reference.slug] = Markup(relink(body, folder, job.resolve.urls))
        context = job.resolve(page.context)
        written += job.place(page.path, render_page(job.env, page.template, context, bodies))
        if page.path in job.keep:
            kept.append(page)
    return len(numbers), written, new, bundle_pages(kept, job.keep)


def render_page(env: jinja2.Environment, name: str, context: dict,
                bodies: dict[str, Markup]) -> bytes:
    try:
        if name == EPUB_TEMPLATE:  # a book of several documents, not one template's text
            return render_epub(env, context, bodies)
        return env.get_template(name).render(context, bodies=bodies).encode("utf-8")
    except jinja2.TemplateError as exc:
        raise templates.template_error(exc, name) from None
    except Exception as exc:  # `{{ 1/0 }}`, a filter given the wrong type: the template's line
        located = templates.template_error(exc, name)
        if located.line is None:  # not raised by a template line: a bug of ours
            raise
        raise located from None
