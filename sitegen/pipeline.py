"""The whole build, one stage after another: ingest → load → collect → render → write.

Each stage is a function of its input; this module only calls them in
order, stops when one reports errors, and times the run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .collect import collect
from .config import Config
from .console import Console
from .errors import Diagnostics
from .ingest import IngestReport, run_ingest
from .load import load_content
from .render import plan, render_outputs
from .write import WriteReport, write_site


@dataclass(frozen=True)
class BuildResult:
    articles: int
    tags: int
    authors: int
    written: WriteReport
    seconds: float

    def summary(self, config: Config) -> str:
        w = self.written
        return (f"built {self.articles} articles, {self.tags} tags, {self.authors} authors: "
                f"{w.total} files in {config.output_dir} ({w.written} written, "
                f"{w.unchanged} unchanged, {w.removed} removed) in {self.seconds:.2f} s")


def ingest(config: Config, diag: Diagnostics, console: Console, *, force: bool = False,
           dry_run: bool = False) -> IngestReport:
    report = run_ingest(config.seeds_dir, config.content_dir, config.ingest, diag,
                        force=force, dry_run=dry_run, cache_dir=config.cache_dir,
                        track=lambda seeds: console.progress("ingest", len(seeds), seeds))
    for action, path in (*report.articles, *report.profiles):
        console.detail(f"{'would be ' if dry_run else ''}{action.value}: {path}")
    for path in report.orphaned:
        console.detail(f"no seed any more (content kept): {path}")
    return report


def build(config: Config, diag: Diagnostics, console: Console) -> BuildResult:
    """Render `config.content_dir` into `config.output_dir`; raises on errors."""
    started = time.monotonic()
    content = load_content(config.content_dir, config.root, diag)
    diag.raise_errors()
    collection = collect(content, config.include_drafts)
    site_plan = plan(collection, config)
    total = len(site_plan.pages) + len(site_plan.static)
    outputs = console.progress("render", total, render_outputs(site_plan, config))
    written = write_site(config.output_dir, outputs)
    return BuildResult(len(collection.articles), len(collection.tags), len(collection.authors),
                       written, time.monotonic() - started)

