"""`sitegen check`: every link of the built site."""

from __future__ import annotations

import argparse

from ..check import check_site
from ..config import Config
from ..console import Console
from ..errors import Diagnostics, SiteErrors
from .options import base_url_option, command, paths


def add(commands: argparse._SubParsersAction) -> None:
    sub = command(commands, "check", run, "check every link of the built site",
                  "Walk the built site: every internal link, image and #fragment must "
                  "resolve under base_url; feed and sitemap URLs must be absolute and "
                  "right. Prints each broken link with its page; exit code 1 on any.")
    paths(sub, "site")
    base_url_option(sub)
    sub.add_argument("--external", action="store_true",
                     help="also check links to other sites (needs the network)")


def run(args: argparse.Namespace, config: Config, diag: Diagnostics, console: Console) -> int:
    check_links(config, console, external=args.external)
    return 0


def check_links(config: Config, console: Console, external: bool = False,
                force: bool = False) -> None:
    """Check the links of the site in `config.output_dir`; raise on broken
    ones (with `force`, only report them)."""
    site = config.output_dir
    errors = [problem.as_error(site)
              for problem in check_site(site, config.base_url, external=external)]
    pages = len({error.path for error in errors})
    summary = f"{len(errors)} broken link(s) on {pages} page(s)" if errors else \
        f"every link in {site} works"
    console.summary(f"check: {summary}{'; deploying anyway (--force)' if errors and force else ''}")
    if errors and not force:
        raise SiteErrors(errors)
    for error in errors:
        console.problem(error, "warning")
