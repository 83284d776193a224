"""The whole build, one stage after another: ingest → load → collect → render → write.

Each stage is a function of its input; this module only calls them in
order, stops when one reports errors, and times the run.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .cache import BuildCache, environment_key
from .collect import collect
from .config import Config
from .confine import refuse_links_outside
from .console import Console
from .errors import Diagnostics
from .ingest import IngestReport, run_ingest
from .load import Content, content_files, load_content
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
from .render.fingerprint import Recipe
from .render.pages import Page
from .render.refs import Resolver
from .search import search_outputs
from .urls import Urls
from .write import Staging, WriteReport, identity


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
    report = run_ingest(config.seeds_dir, config.content_dir, config.ingest, diag,
                        force=force, dry_run=dry_run, cache_dir=config.cache_dir, root=config.root,
                        track=lambda seeds: console.track("ingest", seeds))
    for action, path in (*report.articles, *report.profiles):
        console.detail(f"{'would be ' if dry_run else ''}{action.value}: {path}")
    for path in report.orphaned:
        console.detail(f"no seed any more (content kept): {path}")
    return report


def build(config: Config, diag: Diagnostics, console: Console, cache: BuildCache,
          parallel: bool = True) -> BuildResult:
    """Render `config.content_dir` into `config.output_dir`; raises on errors.

    Only pages whose inputs changed since the last build are rendered; when
    nothing changed, nothing is written at all. When no article changed
    anything that decides which pages exist (see `structure_key`), the
    pages planned by the previous build are reused instead of planned again.
    """
    clock = _Clock()
    files = content_files(config.content_dir) if config.content_dir.is_dir() else []
    inputs = _inputs_digest(config, files)
    last = cache.last_build()
    if last and last["inputs"] == inputs and last["site"] == identity(config.output_dir):
        diag.warnings.extend(last["warnings"])  # nothing changed: the same warnings hold
        return BuildResult(**last["counts"], written=WriteReport(0, last["files"], 0),
                           seconds=clock.total(), phases={"check": clock.total()})
    content = load_content(config.content_dir, config.root, diag, cache, files, parallel)
    diag.raise_errors()
    clock.lap("load")
    structure = structure_key(content, config)
    stored = cache.recipes(structure)
    planned: dict[str, Page] = {}
    if stored is None:
        site_plan = plan(collect(content, config.include_drafts), config)
        recipes = recipes_of(site_plan.pages)
        cache.store_pages(structure, site_plan.counts, recipes, list(site_plan.pages))
        planned = {page.path: page for page in site_plan.pages}
        counts = site_plan.counts
        clock.lap("plan")
    else:
        recipes, counts = [Recipe(*r) for r in stored[0]], stored[1]
    refuse_links_outside(config.layouts_dir, config.root)
    env = templates.environment(config.layouts_dir, site_of(config))
    static = static_files(config.layouts_dir)
    new = fingerprints(recipes, static, content.articles, config, env)
    staging = Staging(config.output_dir, cache, keep_pair=cache.persistent)
    index = search_outputs(new, staging.front) if config.search else None
    if index is not None:
        new.update(index.reused)
    clock.lap("fingerprint")
    written = removed = 0
    if not staging.unchanged(new):
        todo = staging.sync(new)
        clock.lap("sync")
        written = _render(todo, planned, static, content, config, env, cache, staging, console,
                          parallel)
        clock.lap("render")
        reindex = index is not None and not index.reused
        removed = staging.publish(new, (lambda d: index.build(d, staging.put)) if reindex else None)
        clock.lap("publish")
    cache.store_last_build({"inputs": inputs, "site": identity(config.output_dir),
                            "counts": counts, "files": len(new), "warnings": diag.warnings})
    return BuildResult(**counts, written=WriteReport(written, len(new) - written, removed),
                       seconds=clock.total(), phases=clock.laps)


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
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _render(todo: list[str], planned: dict[str, Page], static: Sequence[tuple[str, Path]],
            content: Content, config: Config, env: jinja2.Environment, cache: BuildCache,
            staging: Staging, console: Console, parallel: bool) -> int:
    """Render the pages and copy the static files named in `todo`."""
    wanted = set(todo)
    pages = [planned[path] for path in todo if path in planned] if planned else cache.pages(todo)
    resolve = Resolver({a.slug: a for a in content.articles}, Urls(config.base_url))
    with console.progress("render", len(todo)) as bar:
        written = render_into(pages, resolve, env, cache, staging.put, bar.advance, parallel)
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
