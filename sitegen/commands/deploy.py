"""`sitegen deploy`: build, check, then publish the site to a target."""

from __future__ import annotations

import argparse
from urllib.parse import urlsplit

from ..config import Config
from ..console import Console
from ..deploy import KINDS, choose_target, deploy
from ..errors import Diagnostics, SiteError
from ..lock import one_at_a_time
from .build import build_site
from .check import check_links
from .options import NO_WAIT, command, paths, site_options, switches


def add(commands: argparse._SubParsersAction) -> None:
    sub = command(commands, "deploy", run, "build, check and publish the site",
                  "Build the site (or take the one in --out), check its links, then "
                  "publish it to a target of the `deploy:` section of config.yaml, or "
                  "to one given here.")
    sub.add_argument("--to", metavar="NAME",
                     help=f"a target named in config.yaml, or {'|'.join(KINDS)} with "
                          "--repo/--dest/--bucket (default: the only target configured)")
    sub.add_argument("--repo", metavar="PATH_OR_URL",
                     help="github-pages: the git repository to push to")
    sub.add_argument("--branch", help="github-pages: the branch (default gh-pages)")
    sub.add_argument("--cname", metavar="DOMAIN",
                     help="github-pages: the custom domain, written to CNAME")
    sub.add_argument("--dest", metavar="PATH",
                     help="directory: the folder to mirror into; rsync: a folder or "
                          "[user@]host:path")
    sub.add_argument("--bucket", help="s3: the bucket (credentials: the AWS environment "
                                      "variables or profile)")
    sub.add_argument("--prefix", metavar="FOLDER",
                     help="s3: the site's folder in the bucket (default: the whole bucket)")
    paths(sub, "site")
    site_options(sub)
    switches(sub, ("--no-ingest", "build content/ as it is, without ingesting the seeds"),
             ("--force", "publish even when the site has broken links or a localhost "
                         "base_url, and into a folder, branch or bucket prefix that sitegen "
                         "did not write (replacing what it holds)"),
             ("--dry-run", "build and check, then say what would be published; publish nothing"),
             NO_WAIT)


def run(args: argparse.Namespace, config: Config, diag: Diagnostics, console: Console) -> int:
    target = choose_target(config.deploy, args.to, repo=args.repo, branch=args.branch,
                           cname=args.cname, dest=args.dest, bucket=args.bucket,
                           prefix=args.prefix)
    _refuse_local_address(config, console, force=args.force)
    with one_at_a_time(config, "deploy", console, wait=not args.no_wait):
        if args.output_dir is None:
            build_site(config, diag, console, ingest=not args.no_ingest)
        check_links(config, console, force=args.force)
        outcome = deploy(config.output_dir, target, dry_run=args.dry_run, force=args.force)
    for line in outcome.details:
        console.detail(line)
    console.summary(f"deploy{' (dry run)' if args.dry_run else ''} to {target.name}: "
                 f"{outcome.summary}")
    return 0


def _refuse_local_address(config: Config, console: Console, force: bool) -> None:
    """A site built for localhost (the default `base_url`) links every page,
    feed and canonical URL to the reader's own computer: refuse to publish
    it unless forced."""
    host = (urlsplit(config.base_url).hostname or "").lower()
    local = host in ("", "localhost", "0.0.0.0", "::1", "::") or host.endswith(".localhost") \
        or host.startswith("127.")
    if not local:
        return
    problem = (f"base_url is {config.base_url}: every link, feed and canonical URL of the "
               "published site would point at the reader's own computer")
    if not force:
        raise SiteError(f"{problem}; set `base_url` to the site's public address (or give "
                        "--base-url URL), or publish anyway with --force", config.source)
    console.problem(SiteError(f"{problem}; publishing anyway (--force)", config.source),
                    "warning")
