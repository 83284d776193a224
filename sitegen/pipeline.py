"""The whole build, one stage after another: ingest → load → collect → render → write.

Each stage is a function of plain data; this module calls them in order,
stops when one reports errors, and times the run. How a build avoids
repeating work (which files to parse again, which pages to render) is the
incremental engine's (`sitegen.incremental`): `build` asks it at each step.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .config import Config
from .confine import refuse_linked_folder, refuse_links_outside
from .console import Console
from .errors import Diagnostics
from .incremental.cache import BuildCache
from .incremental.catalog import stored_catalog
from .incremental.inputs import Inputs, last_build, read_inputs
from .write import WriteReport

if TYPE_CHECKING:
    from .incremental.engine import Engine
    from .ingest import IngestReport
    from .render import Plan
    from .search import SearchIndex


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

    The story of a build: load the content, collect and plan the pages,
    render what changed into the staging folder, index it for search, and
    publish it. At each step the engine (`sitegen.incremental`) decides what
    can be skipped: everything when no input changed (`incremental/inputs.py`),
    the planning when the stored plan still holds, every page whose
    fingerprint is unchanged.
    """
    clock = _Clock()
    for setting in ("content_dir", "layouts_dir"):
        refuse_linked_folder(getattr(config, setting), setting)
    inputs = read_inputs(config)
    stored = stored_catalog(cache)
    last = last_build(config, cache, inputs, stored[1])
    if last is not None:  # nothing changed: the site and its warnings stand
        diag.warnings.extend(last["warnings"])
        return BuildResult(**last["counts"], written=WriteReport(0, last["files"], 0),
                           seconds=clock.total(), phases={"check": clock.total()})
    from .incremental.engine import Engine  # only now (see `incremental/inputs.py`)

    engine = Engine(config, cache, stored, parallel, force)
    try:
        return _build(config, diag, console, engine, inputs, clock)
    finally:  # a failed build leaves no child process writing into the staging folder
        engine.settle()


def _build(config: Config, diag: Diagnostics, console: Console, engine: Engine, inputs: Inputs,
           clock: _Clock) -> BuildResult:
    # (imported here, with the engine: a build with nothing to do needs none of them)
    from .collect import collect
    from .render import plan, site_of, static_files, templates
    from .search import search_outputs

    engine.take_outputs()
    loaded = engine.load(inputs, diag)
    diag.raise_errors()
    clock.lap("load")

    def make_plan() -> Plan:
        return plan(collect(engine.content(loaded), config.include_drafts), config)

    engine.start(loaded)
    pages = engine.plan(loaded, make_plan)
    clock.lap("plan")

    refuse_links_outside(config.layouts_dir, config.root)
    env = templates.environment(config.layouts_dir, site_of(config), engine.template_cache())
    static = static_files(config.layouts_dir)
    prints = engine.fingerprints(pages, static, loaded, env, inputs.assets)
    new, changed = prints.files, prints.changed
    index = search_outputs(new, engine.live, config.search_shard_size,
                           config.language, config.cache_dir if engine.cache.persistent else None,
                           changed, engine.remembered(pages, "shard-layout"), engine.cache) \
        if config.search else None
    if index is not None:
        new.update(index.reused)
        changed = changed | index.dropped if changed is not None else None
    clock.lap("fingerprint")

    written = removed = 0
    indexed: dict[str, str] = {}
    if not engine.unchanged(new, changed):
        copied = (*static, *((asset.path, asset.source) for asset in inputs.assets))
        written = engine.render(new, pages, make_plan, copied, loaded, env, console, changed)
        clock.lap("render")
        if index is not None and not index.complete:
            indexed, placed = _index(index, engine)
            written += placed
            clock.lap("index")
        removed = engine.publish({**new, **indexed},
                                 {*changed, *indexed} if changed is not None else None)
        clock.lap("publish")
    files = len(new) + len(indexed)
    engine.remember(pages, inputs, loaded, files, diag.warnings)
    return BuildResult(**pages.counts, written=WriteReport(written, files - written, removed),
                       seconds=clock.total(), phases=clock.laps)


def _index(index: SearchIndex, engine: Engine) -> tuple[dict[str, str], int]:
    """Index the staged site for search (the index is read from the finished pages);
    the index files placed, with their fingerprints, and how many were written."""
    return index.build(engine.staging_dir, engine.place, engine.keep_live, engine.parallel)


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
