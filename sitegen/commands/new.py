"""`sitegen new "Title"`: start a hand-written article."""

from __future__ import annotations

import argparse
import datetime as dt

from ..config import Config
from ..console import Console
from ..errors import Diagnostics
from .options import command, paths


def add(commands: argparse._SubParsersAction) -> None:
    sub = command(commands, "new", run, "start a new hand-written article",
                  "Create content/<slug>.md with its front matter filled in.")
    sub.add_argument("title", help="the article's title")
    sub.add_argument("--publish", action="store_true",
                     help="not a draft: show it on the next build")
    paths(sub, "content")


def run(args: argparse.Namespace, config: Config, diag: Diagnostics, console: Console) -> int:
    from ..new import new_article

    path = new_article(config.content_dir, args.title, dt.date.today(), draft=not args.publish)
    hint = "" if args.publish else " (a draft: build with --drafts to see it)"
    console.summary(f"created {path}{hint}")
    return 0
