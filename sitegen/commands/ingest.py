"""`sitegen ingest`: seeds/ → content/ only."""

from __future__ import annotations

import argparse

from .. import pipeline
from ..config import Config
from ..console import Console
from ..errors import Diagnostics
from ..lock import one_at_a_time
from .options import NO_WAIT, command, paths, require_project, switches


def add(commands: argparse._SubParsersAction) -> None:
    sub = command(commands, "ingest", run, "convert seeds/ into content/ files",
                  "Read every seed file and write its Markdown content file and author "
                  "profiles. Files edited by hand are kept.")
    paths(sub, "seeds", "content")
    sub.add_argument("--force", action="store_true",
                     help="re-create files edited by hand (the edited file is saved in "
                          "content/.backup/ first)")
    sub.add_argument("--dry-run", action="store_true",
                     help="show what would change; write nothing")
    sub.add_argument("--keep-going", action="store_true",
                     help="exit 0 even when some seeds could not be ingested")
    switches(sub, NO_WAIT)


def run(args: argparse.Namespace, config: Config, diag: Diagnostics, console: Console) -> int:
    require_project(config)
    with one_at_a_time(config, "ingest", console, wait=not args.no_wait):
        report = pipeline.ingest(config, diag, console, force=args.force, dry_run=args.dry_run)
    console.summary(f"ingest{' (dry run)' if args.dry_run else ''}: {report.summary()}")
    if not args.keep_going:
        diag.raise_errors()
    return errors_as_warnings(diag, console)


def errors_as_warnings(diag: Diagnostics, console: Console) -> int:
    """With --keep-going: report the errors, but go on."""
    for error in diag.errors:
        console.problem(error)
    diag.errors.clear()
    return 0
