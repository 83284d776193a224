#!/usr/bin/env python3
"""Command line of the reading-collection site generator.

    python build.py [build]      ingest seeds/, then render the site into site/
    python build.py ingest       seeds/ → content/ only
    python build.py serve        preview with live reload
    python build.py check        check every link of the built site
    python build.py deploy       build, check, then publish the site
    python build.py new "Title"  start a hand-written article

Every command takes --help. The engine is the `sitegen` package; this file
only reads the arguments and calls it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
from pathlib import Path

from sitegen import pipeline
from sitegen.check import check_site
from sitegen.config import CONFIG_NAME, Config, load_config, with_overrides
from sitegen.console import Console
from sitegen.deploy import KINDS, choose_target, deploy
from sitegen.errors import Diagnostics, SiteError, SiteErrors


def main(argv: list[str] | None = None) -> int:
    # A build keeps most of what it makes until it ends; with the default
    # thresholds the cycle collector ran so often that planning took 10% longer.
    gc.set_threshold(50_000, 20, 10)
    parser = _parser()
    args = parser.parse_args(_default_command(sys.argv[1:] if argv is None else argv))
    console = Console(verbosity=0 if args.quiet else 2 if args.verbose else 1)
    diag = Diagnostics(strict=getattr(args, "strict", False))
    try:
        config = _config(args, diag)
        diag.raise_errors()  # with --strict, a warning about the settings stops any command
        code = args.run(args, config, diag, console)
        diag.raise_errors()  # … and so does a warning met on the way
        return code
    except (SiteError, SiteErrors) as exc:
        _report(diag, console, exc)
        return 1
    except KeyboardInterrupt:
        console.info("interrupted")
        return 130
    finally:
        for warning in diag.warnings:
            console.problem(warning, "warning")
        diag.warnings.clear()


def cmd_ingest(args: argparse.Namespace, config: Config, diag: Diagnostics,
               console: Console) -> int:
    report = pipeline.ingest(config, diag, console, force=args.force, dry_run=args.dry_run)
    console.info(f"ingest{' (dry run)' if args.dry_run else ''}: {report.summary()}")
    if not args.keep_going:
        diag.raise_errors()
    return _errors_as_warnings(diag, console)


def cmd_build(args: argparse.Namespace, config: Config, diag: Diagnostics,
              console: Console) -> int:
    _build(config, diag, console, ingest=not args.no_ingest, keep_going=args.keep_going,
           use_cache=not args.no_cache)
    return 0


def _build(config: Config, diag: Diagnostics, console: Console, *, ingest: bool = True,
           keep_going: bool = False, use_cache: bool = True) -> None:
    """Ingest (unless not wanted), then build; raises on errors."""
    if ingest:
        report = pipeline.ingest(config, diag, console)
        console.info(f"ingest: {report.summary()}")
        if not keep_going:
            diag.raise_errors()
        _errors_as_warnings(diag, console)
    cache = pipeline.open_cache(config, enabled=use_cache)
    try:
        result = pipeline.build(config, diag, console, cache)
    finally:
        cache.close()
    console.detail(f"time: {result.timings()}")
    console.info(result.summary(config))
    diag.raise_errors()


def cmd_check(args: argparse.Namespace, config: Config, diag: Diagnostics,
              console: Console) -> int:
    _check(config, console, external=args.external)
    return 0


def _check(config: Config, console: Console, external: bool = False,
           force: bool = False) -> None:
    """Check the links of the site in `config.output_dir`; raise on broken
    ones (with `force`, only report them)."""
    site = config.output_dir
    errors = [problem.as_error(site)
              for problem in check_site(site, config.base_url, external=external)]
    pages = len({error.path for error in errors})
    summary = f"{len(errors)} broken link(s) on {pages} page(s)" if errors else \
        f"every link in {site} works"
    console.info(f"check: {summary}{'; deploying anyway (--force)' if errors and force else ''}")
    if errors and not force:
        raise SiteErrors(errors)
    for error in errors:
        console.problem(error, "warning")


def cmd_deploy(args: argparse.Namespace, config: Config, diag: Diagnostics,
               console: Console) -> int:
    target = choose_target(config.deploy, args.to, repo=args.repo, branch=args.branch,
                           cname=args.cname, dest=args.dest)
    if args.output_dir is None:
        _build(config, diag, console, ingest=not args.no_ingest)
    _check(config, console, force=args.force)
    outcome = deploy(config.output_dir, target, dry_run=args.dry_run)
    for line in outcome.details:
        console.detail(line)
    console.info(f"deploy{' (dry run)' if args.dry_run else ''} to {target.name}: "
                 f"{outcome.summary}")
    return 0


def cmd_serve(args: argparse.Namespace, config: Config, diag: Diagnostics,
              console: Console) -> int:
    from sitegen.serve import serve  # imports the web server only when needed

    return serve(config, console, host=args.host, port=args.port, ingest=not args.no_ingest,
                 open_browser=args.open, search=args.search)


def cmd_new(args: argparse.Namespace, config: Config, diag: Diagnostics,
            console: Console) -> int:
    from sitegen.new import new_article
    path = new_article(config.content_dir, args.title, dt.date.today(), draft=not args.publish)
    hint = "" if args.publish else " (a draft: build with --drafts to see it)"
    console.info(f"created {path}{hint}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Turn raw article text into a browsable reading site.",
        epilog="Run `build.py COMMAND --help` for a command's options. "
               "Without a command, `build` runs.")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    ingest = _command(commands, "ingest", cmd_ingest, "convert seeds/ into content/ files",
                      "Read every seed file and write its Markdown content file and author "
                      "profiles. Files edited by hand are kept.")
    _paths(ingest, "seeds", "content")
    ingest.add_argument("--force", action="store_true",
                        help="re-create files edited by hand (the edited file is saved in "
                             "content/.backup/ first)")
    ingest.add_argument("--dry-run", action="store_true",
                        help="show what would change; write nothing")
    ingest.add_argument("--keep-going", action="store_true",
                        help="exit 0 even when some seeds could not be ingested")

    build = _command(commands, "build", cmd_build, "ingest, then render the site (default)",
                     "Ingest the seeds, then render content/ through the layouts into the "
                     "output folder. The previous site stays in place until the new one is "
                     "complete.")
    _paths(build, "seeds", "content", "out")
    _site_options(build)
    build.add_argument("--no-ingest", action="store_true", help="render content/ as it is")
    build.add_argument("--cache-dir", dest="cache_dir", type=Path, metavar="DIR",
                       help="folder for the build cache (overrides config.yaml)")
    build.add_argument("--no-cache", action="store_true",
                       help="build everything from scratch; neither read nor write the cache")
    build.add_argument("--keep-going", action="store_true",
                       help="build even when some seeds could not be ingested")

    serve = _command(commands, "serve", cmd_serve, "preview the site with live reload",
                     "Build the site into a preview folder and serve it on 127.0.0.1; "
                     "pages reload when seeds, content, layouts or config change.")
    _paths(serve, "seeds", "content")
    serve.add_argument("--drafts", action="store_true", help="include articles marked draft")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default %(default)s)")
    serve.add_argument("--port", type=int, default=8000, help="port (default %(default)s)")
    serve.add_argument("--no-ingest", action="store_true", help="do not ingest seeds")
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    serve.add_argument("--search", action="store_true",
                       help="build the search index too (slow on large sites: after every edit)")

    check = _command(commands, "check", cmd_check, "check every link of the built site",
                     "Walk the built site: every internal link, image and #fragment must "
                     "resolve under base_url; feed and sitemap URLs must be absolute and "
                     "right. Prints each broken link with its page; exit code 1 on any.")
    _paths(check, "site")
    _base_url_option(check)
    check.add_argument("--external", action="store_true",
                       help="also check links to other sites (needs the network)")

    _deploy_command(commands)

    new = _command(commands, "new", cmd_new, "start a new hand-written article",
                   "Create content/<slug>.md with its front matter filled in.")
    new.add_argument("title", help="the article's title")
    new.add_argument("--publish", action="store_true",
                     help="not a draft: show it on the next build")
    _paths(new, "content")
    return parser


def _deploy_command(commands) -> None:
    sub = _command(commands, "deploy", cmd_deploy, "build, check and publish the site",
                   "Build the site (or take the one in --out), check its links, then "
                   "publish it to a target of the `deploy:` section of config.yaml, or "
                   "to one given here.")
    sub.add_argument("--to", metavar="NAME",
                     help=f"a target named in config.yaml, or {'|'.join(KINDS)} with "
                          "--repo/--dest (default: the only target configured)")
    sub.add_argument("--repo", metavar="PATH_OR_URL",
                     help="github-pages: the git repository to push to")
    sub.add_argument("--branch", help="github-pages: the branch (default gh-pages)")
    sub.add_argument("--cname", metavar="DOMAIN",
                     help="github-pages: the custom domain, written to CNAME")
    sub.add_argument("--dest", metavar="PATH",
                     help="directory: the folder to mirror into; rsync: a folder or "
                          "[user@]host:path")
    _paths(sub, "site")
    _site_options(sub)
    sub.add_argument("--no-ingest", action="store_true",
                     help="build content/ as it is, without ingesting the seeds")
    sub.add_argument("--force", action="store_true",
                     help="publish even when the site has broken links")
    sub.add_argument("--dry-run", action="store_true",
                     help="build and check, then say what would be published; publish nothing")


def _command(commands, name: str, run, summary: str, description: str) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=summary, description=description)
    sub.set_defaults(run=run)
    sub.add_argument("--config", type=Path, metavar="FILE",
                     help=f"settings file (default: ./{CONFIG_NAME} when it exists)")
    loudness = sub.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    loudness.add_argument("-v", "--verbose", action="store_true", help="print every file handled")
    sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
    return sub


_PATH_HELP = {
    "seeds": ("--seeds", "seeds_dir", "folder of raw seed text files"),
    "content": ("--content", "content_dir", "folder of Markdown content files"),
    "out": ("--out", "output_dir", "folder to write the site into"),
    "site": ("--out", "output_dir", "the built site (deploy takes it as it is, without "
                                    "building)"),
}


def _paths(parser: argparse.ArgumentParser, *names: str) -> None:
    for name in names:
        flag, dest, text = _PATH_HELP[name]
        parser.add_argument(flag, dest=dest, type=Path, metavar="DIR",
                            help=f"{text} (overrides config.yaml)")


def _site_options(parser: argparse.ArgumentParser) -> None:
    _base_url_option(parser)
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft")


def _base_url_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", metavar="URL",
                        help="public address of the site, e.g. https://example.org/reading/")


def _default_command(argv: list[str]) -> list[str]:
    """`build.py` and `build.py --out x` mean `build.py build …`."""
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        return ["build", *argv]
    return argv


def _config(args: argparse.Namespace, diag: Diagnostics) -> Config:
    path = args.config or (Path(CONFIG_NAME) if Path(CONFIG_NAME).is_file() else None)
    config = load_config(path, diag)
    return with_overrides(
        config,
        seeds_dir=getattr(args, "seeds_dir", None), content_dir=getattr(args, "content_dir", None),
        output_dir=getattr(args, "output_dir", None), base_url=getattr(args, "base_url", None),
        cache_dir=getattr(args, "cache_dir", None),
        include_drafts=True if getattr(args, "drafts", False) else None,
    )


def _errors_as_warnings(diag: Diagnostics, console: Console) -> int:
    """With --keep-going: report the errors, but go on."""
    for error in diag.errors:
        console.problem(error)
    diag.errors.clear()
    return 0


def _report(diag: Diagnostics, console: Console, exc: SiteError | SiteErrors) -> None:
    errors = exc.errors if isinstance(exc, SiteErrors) else (exc,)
    for error in errors:
        console.problem(error)
    diag.errors.clear()


if __name__ == "__main__":
    sys.exit(main())
