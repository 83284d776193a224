"""`sitegen serve`: a preview of the site with live reload."""

from __future__ import annotations

import argparse

from ..config import Config
from ..console import Console
from ..errors import Diagnostics
from .options import command, paths, require_project


def add(commands: argparse._SubParsersAction) -> None:
    sub = command(commands, "serve", run, "preview the site with live reload",
                  "Build the site into a preview folder and serve it on 127.0.0.1; "
                  "pages reload when seeds, content, layouts or config change.")
    paths(sub, "seeds", "content")
    sub.add_argument("--drafts", action="store_true", help="include articles marked draft")
    sub.add_argument("--host", default="127.0.0.1",
                     help="address to listen on (default %(default)s)")
    sub.add_argument("--port", type=int, default=8000, help="port (default %(default)s)")
    sub.add_argument("--no-ingest", action="store_true", help="do not ingest seeds")
    sub.add_argument("--open", action="store_true", help="open the site in a web browser")
    sub.add_argument("--search", action=argparse.BooleanOptionalAction, default=True,
                     help="keep the search index up to date (default; after an edit only "
                          "its shard is indexed again); --no-search leaves it out")


def run(args: argparse.Namespace, config: Config, diag: Diagnostics, console: Console) -> int:
    from ..cli import load_settings  # (the command line imports this module)
    from ..serve import serve  # imports the web server only when needed

    require_project(config)
    for warning in diag.warnings:  # now, not when the preview stops
        console.problem(warning, "warning")
    diag.warnings.clear()
    return serve(lambda again: load_settings(args, again), config, console, host=args.host,
                 port=args.port, ingest=not args.no_ingest, open_browser=args.open,
                 search=args.search)
