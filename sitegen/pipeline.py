"""The whole build, one stage after another: ingest → load → collect → render → write.

Each stage is a function of its input; this module only calls them in
order, stops when one reports errors, and times the run.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from .assets import content_assets
from .cache import BuildCache, bundle_pages, environment_key
from .collect import collect
from .config import Config
from .confine import refuse_linked_folder, refuse_links_outside
from .console import Console
from .errors import Diagnostics
from .load import Content, content_files, load_content
from .marker import marker_text
from .render import (
    fingerprints,
    plan,
    recipes_of,
    render_into,
    site_of,
    static_files,
    structure_key,
    templates,
)
from .render.bodies import BodyFile, convert_ahead
from .render.fingerprint import Recipe
from .render.pages import Page
from .render.refs import Resolver
from .search import search_outputs
from .urls import Urls, output_path
from .write import Staging, WriteReport, identity

if TYPE_CHECKING:
    from .ingest import IngestReport


@dataclass(frozen=True)
class BuildResult:
    articles: int
    tags: int
    authors: int
    written: WriteReport
    seconds: float
    phases: dict[str, float]

    def timings(self) -> str:
        return "  ".join(f"{name} {seconds:.2f}s" for name, seconds in self.phases.items())

    def summary(self, config: Config) -> str:
        w = self.written
        return (f"built {self.articles} articles, {self.tags} tags, {self.authors} authors: "
                f"{w.total} files in {config.output_dir} ({w.written} written, "
                f"{w.unchanged} unchanged, {w.removed} removed) in {self.seconds:.2f} s")


def ingest(config: Config, diag: Diagnostics, console: Console, *, force: bool = False,
           dry_run: bool = False) -> IngestReport:
    from .ingest import run_ingest  # only here: `build --no-ingest` starts faster without it

    for setting in ("seeds_dir", "content_dir"):
        refuse_linked_folder(getattr(config, setting), setting)
    rules = replace(config.ingest, language=config.language)
    report = run_ingest(config.seeds_dir, config.content_dir, rules, diag,
                        force=force, dry_run=dry_run, cache_dir=config.cache_dir, root=config.root,
                        track=lambda seeds: console.track("ingest", seeds))
    for action, path in (*report.articles, *report.profiles):
        console.detail(f"{'would be ' if dry_run else ''}{action.value}: {path}")
    for path in report.orphaned:
        console.detail(f"no seed any more (content kept): {path}")
    return report


def build(config: Config, diag: Diagnostics, console: Console, cache: BuildCache,
          parallel: bool = True, force: bool = False) -> BuildResult:
    """Render `config.content_dir` into `config.output_dir`; raises on errors.
    (`force`: replace the output folder even when sitegen did not write it.)

    Only pages whose inputs changed since the last build are rendered; when
    nothing changed, nothing is written at all. When no article changed
    anything that decides which pages exist (see `structure_key`), the
    pages planned by the previous build are reused instead of planned again.
    """
    clock = _Clock()
    for setting in ("content_dir", "layouts_dir"):
        refuse_linked_folder(getattr(config, setting), setting)
    files = content_files(config.content_dir) if config.content_dir.is_dir() else []
    assets = content_assets(config.content_dir, config.root)
    inputs = _inputs_digest(config, [*files, *((str(a.source), a.stamp) for a in assets)])
    last = cache.last_build()
    if last and last["inputs"] == inputs and last["site"] == identity(config.output_dir):
        diag.warnings.extend(last["warnings"])  # nothing changed: the same warnings hold
        return BuildResult(**last["counts"], written=WriteReport(0, last["files"], 0),
                           seconds=clock.total(), phases={"check": clock.total()})
    content = load_content(config.content_dir, config.root, diag, cache, files, parallel,
                           config.ingest.max_tags, config.raw_html)
    diag.raise_errors()
    clock.lap("load")
    staging = Staging(config.output_dir, cache, marker_text(config.base_url, config.title),
                      keep_pair=cache.persistent, force=force)
    ahead = _start_aside(content, config, staging) if parallel else None
    pages = _plan_pages(content, config, cache)
    clock.lap("plan")
    refuse_links_outside(config.layouts_dir, config.root)
    env = templates.environment(config.layouts_dir, site_of(config), _compiled(config, cache))
    static = static_files(config.layouts_dir)
    new = fingerprints(pages.recipes, static, content.articles, config, env, assets)
    index = search_outputs(new, staging.front, config.output_dir, config.search_shard_size) \
        if config.search else None
    if index is not None:
        new.update(index.reused)
    clock.lap("fingerprint")
    written = removed = 0
    indexed: dict[str, str] = {}  # search index files made in this build
    placed: list[bool] = []  # for each: was it written (or linked, unchanged)?
    changed = not staging.unchanged(new)
    todo = staging.sync(new) if changed else []
    if changed:
        clock.lap("sync")
        copied = (*static, *((asset.path, asset.source) for asset in assets))
        written = _render(todo, pages, copied, content, config, env, cache, staging, console,
                          parallel, ahead() if ahead else None)
        clock.lap("render")
    _store_plan(pages, set(todo), cache)
    if changed:

        def reindex(folder: Path) -> dict[str, str]:
            indexed.update(index.build(folder, lambda p, data: placed.append(staging.put(p, data))))
            return indexed

        removed = staging.publish(new, reindex if index and not index.complete else None)
        clock.lap("publish")
    files = len(new) + len(indexed)
    cache.store_last_build({"inputs": inputs, "site": identity(config.output_dir),
                            "counts": pages.counts, "files": files, "warnings": diag.warnings})
    written += sum(placed)
    return BuildResult(**pages.counts, written=WriteReport(written, files - written, removed),
                       seconds=clock.total(), phases=clock.laps)


@dataclass
class _Pages:
    """The site's pages for this build: recipes of all, objects of some."""

    recipes: list[Recipe]
    counts: dict[str, int]  # articles, tags, authors
    planned: dict[str, Page]  # path → page, when planned in this build
    keep: dict[str, str]  # pages to store for later builds: path → shape digest
    structure: str | None = None  # when planned in this build: the key to store the recipes by


def _plan_pages(content: Content, config: Config, cache: BuildCache) -> _Pages:
    """The stored recipes when the structure did not change; else a new plan."""
    structure = structure_key(content, config)
    stored = cache.recipes(structure)
    if stored is not None:
        return _Pages([Recipe(*r) for r in stored[0]], stored[1], {}, {})
    site_plan = plan(collect(content, config.include_drafts), config)
    recipes = recipes_of(site_plan.pages)
    known_shapes = cache.page_shapes()
    keep = {r.path: r.shape for r in recipes if known_shapes.get(r.path) != r.shape} \
        if cache.persistent else {}  # a cache that ends with this build needs none
    return _Pages(recipes, site_plan.counts, {page.path: page for page in site_plan.pages}, keep,
                  structure)


def _store_plan(pages: _Pages, rendered: set[str], cache: BuildCache) -> None:
    """Store the planned pages not stored while rendering, then the recipes
    that name them: pages before the recipes that vouch for them."""
    leftover = pages.keep.keys() - rendered  # a changed shape, yet the same fingerprint as before
    cache.add_pages(bundle_pages([pages.planned[p] for p in sorted(leftover)], pages.keep))
    if pages.structure is not None:
        cache.store_recipes(pages.structure, pages.counts, pages.recipes)


def _start_aside(content: Content, config: Config,
                 staging: Staging) -> Callable[[], BodyFile | None] | None:
    """On a cold build (every page will be rendered), start the work that
    needs no plan in child processes, on the core that would idle while
    this one plans: making the article folders, converting the bodies.
    Returns the function that gives the converted bodies."""
    if not staging.cold:
        return None
    shown = [a for a in content.articles if config.include_drafts or not a.draft]
    urls = Urls(config.base_url)
    staging.make_folders_early([os.path.dirname(output_path(urls.article(a.slug)))
                                for a in shown])
    return convert_ahead(shown, config.raw_html)


def _compiled(config: Config, cache: BuildCache) -> Path | None:
    """Where compiled templates are kept between builds (with a lasting cache)."""
    if not cache.persistent:
        return None
    folder = config.cache_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _inputs_digest(config: Config, files: list[tuple[str, str]]) -> str:
    """A digest of every input's file stamps and the settings: when it is the
    same as after the last build, and the site is the one that build made,
    there is nothing to do."""
    parts = [config.digest(), environment_key(), *(f"{p}={s}" for p, s in files)]
    for folder in (config.layouts_dir, templates.THEME_DIR):
        for root, _, names in os.walk(folder):
            for name in names:
                st = os.stat(os.path.join(root, name))
                parts.append(f"{root}/{name}={st.st_mtime_ns}:{st.st_size}:{st.st_ino}")
    # (a file name that is not UTF-8 is refused when loaded; here it must not stop the digest)
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"),
                           digest_size=16).hexdigest()


def _render(todo: list[str], pages: _Pages, static: Sequence[tuple[str, Path]],
            content: Content, config: Config, env: jinja2.Environment, cache: BuildCache,
            staging: Staging, console: Console, parallel: bool, ready: BodyFile | None) -> int:
    """Render the pages and copy the static files named in `todo`; store
    the planned pages named in `pages.keep` for later builds."""
    wanted = set(todo)
    shapes = {recipe.path: recipe.shape for recipe in pages.recipes if recipe.path in wanted}
    objects = [pages.planned[p] for p in todo if p in shapes] if pages.planned else \
        cache.pages(shapes)
    if len(objects) < len(shapes):  # the cache lacks some: plan them again, and keep them
        missing = shapes.keys() - {page.path for page in objects}
        pages.planned = {page.path: page
                         for page in plan(collect(content, config.include_drafts), config).pages}
        objects = [pages.planned[p] for p in todo if p in shapes]
        if cache.persistent:
            pages.keep.update((path, shapes[path]) for path in missing)
    resolve = Resolver({a.slug: a for a in content.articles}, Urls(config.base_url),
                       config.content_dir, config.raw_html)
    with console.progress("render", len(todo)) as bar:
        written = render_into(objects, resolve, env, cache, staging.put, bar.advance, parallel,
                              pages.keep, ready)
        for path, source in static:
            if path in wanted:
                written += staging.put(path, source.read_bytes())
                bar.advance()
    return written


class _Clock:
    """Wall time per phase, for `--verbose` and the benchmark."""

    def __init__(self) -> None:
        self.started = self.last = time.monotonic()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.laps[name] = now - self.last
        self.last = now

    def total(self) -> float:
        return time.monotonic() - self.started


def open_cache(config: Config, enabled: bool = True) -> BuildCache:
    """The build cache in `config.cache_dir`, or a throw-away one."""
    return BuildCache(config.cache_dir if enabled else None)
