"""The engine's policy: what a build may skip, and what it keeps for the next one.

`pipeline.build` tells the story of a build. Once it knows there is
something to do at all (`inputs.last_build`), it asks the engine at each
step: which files need parsing (`load`), must the site be planned or do
the stored recipes hold (`plan`), which outputs changed (`fingerprints`),
which of them must be rendered (`render`), and how the new site goes live
(`publish`).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import jinja2

from ..assets import Asset
from ..config import Config
from ..console import Console
from ..digest import digest
from ..errors import Diagnostics, SiteError
from ..folders import identity
from ..load import Content
from ..marker import marker_text
from ..render import Plan, templates
from ..render.pages import Page
from ..render.refs import Resolver
from ..urls import Urls, output_path
from . import fingerprint, frozen, loading, reads
from .bodies import BodyFile, convert_ahead
from .cache import BuildCache, bundle_pages
from .catalog import StoredCatalogs
from .inputs import Inputs
from .outputs import Outputs
from .parallel import start_aside
from .recipes import Recipes
from .rendering import render_into

T = TypeVar("T")


@dataclass
class Pages:
    """The site's pages for this build: recipes of all, objects of some."""

    recipes: Recipes
    counts: dict[str, int]  # articles, tags, authors
    planned: dict[str, Page]  # path → page, when planned in this build
    keep: dict[str, str]  # pages to store for later builds: path → shape digest
    key: str  # the structure key the recipes are planned for
    fresh: bool  # planned in this build: the recipes are to be stored
    read: frozenset[str]  # the article fields planning read (see `reads.py`)
    earlier: fingerprint.Earlier | None = None  # when planned anew: the recipes stored before
    rendered: set[str] = field(default_factory=set)


class Engine:
    def __init__(self, config: Config, cache: BuildCache, stored: StoredCatalogs,
                 parallel: bool = True, force: bool = False) -> None:
        """`stored`: the cache's catalog of the content files as the last
        build left it (`catalog.stored_catalog`); `parallel`: use worker
        processes (not in a process with other threads); `force`: replace
        an output folder sitegen did not write."""
        self.config, self.cache, self.parallel, self.force = config, cache, parallel, force
        self.stored = stored
        self.outputs: Outputs | None = None
        self.basis: fingerprint.Basis | None = None  # of this build's page fingerprints
        self.articles: frozenset[str] | None = None  # the articles it changed (None: unknown)
        self._compiling: Callable[[], bool] | None = None
        self._ahead: Callable[[], BodyFile | None] | None = None
        self._whole: Content | None = None  # every article, once some step needed them

    def load(self, inputs: Inputs, diag: Diagnostics) -> loading.Loaded:
        config = self.config
        return loading.load((config.content_dir, config.root), inputs.files, diag, self.cache,
                            self.parallel, config.ingest.max_tags, config.raw_html,
                            self.stored)

    def content(self, loaded: loading.Loaded) -> Content:
        """The whole content: every article (loaded now when `loaded` has only some)."""
        if loaded.complete:
            return loaded.content
        if self._whole is None:
            config = self.config
            self._whole = loading.whole((config.content_dir, config.root), loaded.catalog,
                                        self.cache, Diagnostics(), config.ingest.max_tags,
                                        config.raw_html)  # its problems are reported already
        return self._whole

    def take_outputs(self) -> None:
        """Take hold of the output folders; when the staging folder must be
        made anew from the live site, start doing so in a child process."""
        config = self.config
        self.outputs = Outputs(config.output_dir, self.cache,
                               marker_text(config.base_url, config.title), self.force,
                               self.parallel)
        if self.parallel:
            self.outputs.link_live_early()

    def start(self, loaded: loading.Loaded) -> None:
        """On a cold build (every page will be rendered), start the work that
        needs no plan in child processes, on the core that would idle while
        this one plans: making the article folders, converting the bodies,
        compiling the templates (into the lasting cache, where each render
        worker finds them instead of compiling them all again)."""
        if not self.parallel or not self._outputs.staging.cold:
            return
        drafts = self.config.include_drafts
        shown = [a for a in self.content(loaded).articles if drafts or not a.draft]
        urls = Urls(self.config.base_url)
        self._outputs.make_folders_early([os.path.dirname(output_path(urls.article(a.slug)))
                                         for a in shown])
        self._ahead = convert_ahead(shown, self.config.raw_html)
        compiled = self.template_cache()
        if compiled is not None:
            self._compiling = start_aside(self._compile_templates, [compiled])

    def _compile_templates(self, folders: list[Path]) -> None:
        """Compile every template (not the files of `layouts/static/`) into
        the cache `folders[0]` (in a child process; a template that does
        not compile is left for the render to report)."""
        env = templates.environment(self.config.layouts_dir, None, folders[0])
        for name in env.list_templates(filter_func=lambda name: not name.startswith("static/")):
            with contextlib.suppress(Exception):
                env.get_template(name)

    def plan(self, loaded: loading.Loaded, make_plan: Callable[[], Plan]) -> Pages:
        """The stored recipes when nothing planning reads changed (of the
        articles, the fields it read last time: `reads.py`); else
        `make_plan()`. On a cold build, the pages' folders are then made in
        a child process while this one fingerprints the pages."""
        stored_reads = self.cache.plan_reads()  # (none read: a site without articles)
        read = reads.ALL if stored_reads is None else stored_reads
        structure = fingerprint.structure_key(loaded.catalog, loaded.content, self.config, read)
        stored = self.cache.last_recipes()
        if stored is not None and stored[0] == structure:
            _, recipes, counts = stored
            pages = Pages(recipes, counts, {}, {}, structure, False, read)
        else:
            self.content(loaded)  # (loaded first: what loading reads is no planner's)
            with frozen.lasting():  # the pages and recipes last as long as the build
                with reads.fields_read() as found:
                    site_plan = make_plan()
                recipes = fingerprint.recipes_of(site_plan.pages)
            read = frozenset(found)
            structure = fingerprint.structure_key(loaded.catalog, loaded.content, self.config,
                                                  read)
            known_shapes = self.cache.page_shapes()
            keep = {r.path: r.shape for r in recipes if known_shapes.get(r.path) != r.shape} \
                if self.cache.persistent else {}  # a cache that ends with this build needs none
            earlier = fingerprint.Earlier(stored[0], stored[1], functools.partial(
                self.cache.showing, stored[0])) if stored is not None else None
            pages = Pages(recipes, site_plan.counts, {p.path: p for p in site_plan.pages},
                          keep, structure, True, read, earlier)
        if self.parallel and self._outputs.staging.cold:  # (the set alone cost 0.2 s at 100,000)
            self._outputs.make_folders_early({os.path.dirname(p) for p in pages.recipes.paths})
        return pages

    def template_cache(self) -> Path | None:
        """Where compiled templates are kept between builds (with a lasting cache)."""
        if not self.cache.persistent:
            return None
        folder = self.config.cache_dir / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def fingerprints(self, pages: Pages, static: Sequence[tuple[str, Path]],
                     loaded: loading.Loaded, env: jinja2.Environment,
                     assets: Sequence[Asset]) -> fingerprint.Fingerprints:
        """The fingerprint of every file of the site (those of the live site
        kept where they still hold; see `fingerprint.Basis`)."""
        outputs = self._outputs
        previous = (outputs.basis, outputs.staging.front) if outputs.basis else None
        known = self.cache.template_references()
        found: fingerprint.References = {}
        stored = None if pages.fresh else \
            functools.partial(self.cache.showing, pages.key)  # the index of the stored recipes
        digests = (loaded.catalog.views, loaded.catalog.texts)
        result = fingerprint.fingerprints(pages.recipes, static, digests, self.config,
                                          env, assets, pages.key, previous, (known, found),
                                          stored, pages.earlier)
        self.basis, self.articles = result.basis, result.articles
        if found != known:
            self.cache.store_template_references(found)
        return result

    def remembered(self, pages: Pages, name: str) -> Callable[[str, Callable[[], T]], T]:
        """`remember(key, make)`: `make()`, or the value it gave in an earlier
        build, for something made from the site's output paths and `key`
        (kept with the structure key and the paths that are no page)."""
        basis = self.basis

        def remember(key: str, make: Callable[[], T]) -> T:
            full = digest(repr((pages.key, basis.files if basis else None, key)))
            value = self.cache.derived(name, full)
            if value is None:
                value = make()
                self.cache.store_derived(name, full, value)
            return value

        return remember

    @property
    def live(self) -> dict[str, str]:
        """The live site's files and their fingerprints (empty when unknown)."""
        return self._outputs.staging.front

    @property
    def staging_dir(self) -> Path:
        return self._outputs.staging.dir

    def place(self, path: str, data: bytes) -> bool:
        """Put a file into the staging folder; True when its bytes were written."""
        return self._outputs.staging.put(path, data)

    def keep_live(self, path: str) -> bool:
        """Link the live site's file at `path` into the staging folder; False
        when it cannot be linked (it is gone, or links do not work there)."""
        return self._outputs.staging.keep_live(path)

    def unchanged(self, new: dict[str, str], changed: Iterable[str] | None = None) -> bool:
        """True when the live site already is exactly `new` (`changed`: the
        paths whose fingerprint may differ from the live site's; None: any)."""
        return self._outputs.staging.unchanged(new, changed)

    def render(self, new: dict[str, str], pages: Pages, make_plan: Callable[[], Plan],
               copied: Sequence[tuple[str, Path]], loaded: loading.Loaded,
               env: jinja2.Environment, console: Console,
               changed: Iterable[str] | None = None) -> int:
        """Make the staging folder `new`: link what the live site has, render
        the pages and copy the files that changed (`changed`: the paths whose
        fingerprint may differ from the live site's; None: any). How many
        files were written."""
        todo = self._outputs.sync(new, changed)
        wanted = pages.rendered = set(todo)
        objects = self._pages(pages, todo, make_plan)
        resolve = self._resolver(loaded, pages)
        ready = self._ahead() if self._ahead else None
        if self._compiling is not None:
            self._compiling()
        with console.progress("render", len(todo)) as bar:
            written = render_into(objects, resolve, env, self.cache, self.place, bar.advance,
                                  self.parallel, pages.keep, ready)
            for path, source in copied:
                if path in wanted:
                    written += self.place(path, source.read_bytes())
                    bar.advance()
        catalog = loaded.catalog
        self.cache.prune("bodies", catalog.articles,
                         lambda: {a.body_digest for a in self.content(loaded).articles})
        self.cache.prune("views", catalog.articles,
                         lambda: {self._view_key(d) for d in catalog.views.values()})
        return written

    def _resolver(self, loaded: loading.Loaded, pages: Pages) -> Resolver:
        """A resolver for (at least) every article the pages to render show:
        the articles they show the text of, and the views of those they only
        list, from the cache where it has them (the year's archive page
        lists a tenth of the collection: loading their parses was a third
        of a title edit at 100,000 articles)."""
        config = self.config
        urls = Urls(config.base_url)
        if loaded.complete or self._whole is not None:
            articles = {a.slug: a for a in self.content(loaded).articles}
            return Resolver(articles, urls, config.content_dir, config.raw_html)
        rendered = pages.recipes.at(pages.rendered)
        bodies = {slug for item in rendered for slug in item.bodies}
        listed = {slug for item in rendered for slug in item.members} - bodies
        keys = {slug: self._view_key(loaded.catalog.views[slug]) for slug in listed}
        found = self.cache.views(sorted(set(keys.values())))
        views = {slug: found[key] for slug, key in keys.items() if key in found}
        articles = loading.articles((config.content_dir, config.root), self.cache,
                                    loaded.catalog, bodies | (listed - views.keys()),
                                    config.raw_html)
        resolve = Resolver(articles, urls, config.content_dir, config.raw_html, views)
        made = {slug: resolve.view(slug) for slug in listed - views.keys()}
        if made:
            self.cache.add_views({keys[slug]: view for slug, view in made.items()})
        return resolve

    def _view_key(self, view_digest: str) -> str:
        """An article's view is made from its front matter and reading time
        (`view_digest`) and the base URL."""
        return digest(f"{view_digest}\0{self.config.base_url}")

    def _pages(self, pages: Pages, todo: list[str], make_plan: Callable[[], Plan]) -> list[Page]:
        """The page objects at the paths of `todo`: planned in this build,
        or stored by an earlier one for the same shape, or planned now."""
        shapes = {r.path: r.shape for r in pages.recipes.at(pages.rendered)}
        objects = [pages.planned[p] for p in todo if p in shapes] if pages.planned else \
            self.cache.pages(shapes)
        if len(objects) < len(shapes):  # the cache lacks some: plan them again, and keep them
            missing = shapes.keys() - {page.path for page in objects}
            pages.planned = {page.path: page for page in make_plan().pages}
            objects = [pages.planned[p] for p in todo if p in shapes]
            if self.cache.persistent:
                pages.keep.update((path, shapes[path]) for path in missing)
        return objects

    def settle(self) -> None:
        """Wait for the work started aside in the staging folder (at the end
        of a build, failed or not)."""
        if self.outputs is not None:
            self.outputs.settle()

    def publish(self, new: dict[str, str], changed: Iterable[str] | None = None) -> int:
        """Swap the new site in (`changed`: the paths whose fingerprint may
        differ from the live site's; None: any); how many old files went away."""
        return self._outputs.publish(new, self.basis, changed, self.articles)

    def remember(self, pages: Pages, inputs: Inputs, loaded: loading.Loaded, files: int,
                 warnings: list[SiteError]) -> None:
        """Keep what the next build may reuse: the planned pages not stored
        while rendering, then the recipes that name them, then the record
        of this build (see the package docstring on the order)."""
        leftover = pages.keep.keys() - pages.rendered  # a new shape, the same fingerprint
        self.cache.add_pages(bundle_pages([pages.planned[p] for p in sorted(leftover)],
                                          pages.keep))
        if pages.fresh:
            self.cache.store_recipes(pages.key, pages.counts, pages.recipes, pages.read)
        self.cache.store_last_build({
            "inputs": inputs.digest, "content": loaded.catalog.token,
            "site": identity(self.config.output_dir),
            "counts": pages.counts, "files": files, "warnings": warnings})

    @property
    def _outputs(self) -> Outputs:
        if self.outputs is None:
            raise RuntimeError("Engine.start() first")
        return self.outputs
