"""`sitegen init [DIR]`: start a new project that builds at once."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from ..config import Config
from ..console import Console
from ..errors import Diagnostics
from ..starter import start_project
from .options import command


def add(commands: argparse._SubParsersAction) -> None:
    sub = command(commands, "init", run, "start a new project in a folder",
                  "Write config.yaml (every setting explained), an example seed, content/, "
                  "layouts/ (with a README on overriding templates) and .gitignore. The "
                  "project builds at once.")
    sub.set_defaults(needs_config=False)
    sub.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="DIR",
                     help="where to start the project (default: here); made when missing")
    sub.add_argument("--force", action="store_true",
                     help="also in a folder that is not empty (no file is ever overwritten)")


def run(args: argparse.Namespace, config: Config | None, diag: Diagnostics,
        console: Console) -> int:
    started = start_project(args.folder, force=args.force)
    for path in started.created:
        console.detail(f"created {path}")
    for path in started.kept:
        console.info(f"kept {path} (already there)")
    where = "" if args.folder == Path(".") else f"cd {shlex.quote(str(args.folder))} && "
    console.summary(f"init: {len(started.created)} file(s) created in {args.folder}"
                 f"{f', {len(started.kept)} kept' if started.kept else ''}; "
                 f"next: {where}sitegen build && sitegen serve")
    return 0
