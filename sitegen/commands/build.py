"""`sitegen build` (the default command): ingest, then render the site."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import pipeline
from ..config import Config
from ..console import Console
from ..errors import Diagnostics
from ..folders import discard_staging
from ..lock import one_at_a_time
from .ingest import errors_as_warnings
from .options import NO_WAIT, command, paths, require_project, site_options, switches


def add(commands: argparse._SubParsersAction) -> None:
    sub = command(commands, "build", run, "ingest, then render the site (default)",
                  "Ingest the seeds, then render content/ through the layouts into the "
                  "output folder. The previous site stays in place until the new one is "
                  "complete.")
    paths(sub, "seeds", "content", "out")
    site_options(sub)
    sub.add_argument("--cache-dir", dest="cache_dir", type=Path, metavar="DIR",
                     help="folder for the build cache (overrides config.yaml)")
    switches(sub, ("--no-ingest", "render content/ as it is"),
             ("--no-cache", "build everything from scratch; neither read nor write the cache"),
             ("--keep-going", "build even when some seeds could not be ingested"),
             ("--force", "replace the output folder even when sitegen did not write it "
                         "(it has no .sitegen-site file): what it holds is deleted"),
             NO_WAIT)


def run(args: argparse.Namespace, config: Config, diag: Diagnostics, console: Console) -> int:
    require_project(config)
    with one_at_a_time(config, "build", console, wait=not args.no_wait):
        build_site(config, diag, console, ingest=not args.no_ingest,
                   keep_going=args.keep_going, use_cache=not args.no_cache, force=args.force)
    return 0


def build_site(config: Config, diag: Diagnostics, console: Console, *, ingest: bool = True,
               keep_going: bool = False, use_cache: bool = True, force: bool = False) -> None:
    """Ingest (unless not wanted), then build; raises on errors. (`force`:
    replace the output folder even when sitegen did not write it.)"""
    if ingest:
        report = pipeline.ingest(config, diag, console)
        console.info(f"ingest: {report.summary()}")
        if not keep_going:
            diag.raise_errors()
        errors_as_warnings(diag, console)
    cache = pipeline.open_cache(config, enabled=use_cache)
    try:
        result = pipeline.build(config, diag, console, cache, force=force)
    except BaseException:
        discard_staging(config.output_dir)
        raise
    finally:
        cache.close()
    console.detail(f"time: {result.timings()}")
    console.summary(result.summary(config))
    diag.raise_errors()
