"""Options shared by several commands, and the factory of sub-commands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ..config import CONFIG_NAME, Config
from ..errors import SiteError

Run = Callable[..., int]


def command(commands: argparse._SubParsersAction, name: str, run: Run, summary: str,
            description: str) -> argparse.ArgumentParser:
    """A sub-command with the global options; `summary` is its line in `--help`."""
    sub = commands.add_parser(name, help=summary, description=description)
    sub.set_defaults(run=run)
    add_global_options(sub, top=False)
    return sub


def add_global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """-q, -v, --config and --strict, on the main parser and on every command.

    On a command they default to "not given" (SUPPRESS), so an option given
    before the command is not reset by the command's own default.
    """
    unset = {} if top else {"default": argparse.SUPPRESS}
    flag = {"action": "store_true", **unset}
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help=f"settings file (default: ./{CONFIG_NAME} when it exists)", **unset)
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", help="print only errors", **flag)
    loudness.add_argument("-v", "--verbose", help="also print each file ingest handled, the "
                          "time of each build step, what deploy changed and each request "
                          "the preview served", **flag)
    parser.add_argument("--strict", help="treat warnings as errors", **flag)
    parser.add_argument("--debug", help="show the traceback of an internal error", **flag)


_PATH_HELP = {
    "seeds": ("--seeds", "seeds_dir", "folder of raw seed text files"),
    "content": ("--content", "content_dir", "folder of Markdown content files"),
    "out": ("--out", "output_dir", "folder to write the site into"),
    "site": ("--out", "output_dir", "the built site (deploy takes it as it is, without "
                                    "building)"),
}


def paths(parser: argparse.ArgumentParser, *names: str) -> None:
    for name in names:
        flag, dest, text = _PATH_HELP[name]
        parser.add_argument(flag, dest=dest, type=Path, metavar="DIR",
                            help=f"{text} (overrides config.yaml)")


def site_options(parser: argparse.ArgumentParser) -> None:
    base_url_option(parser)
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft")


def base_url_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", metavar="URL",
                        help="public address of the site, e.g. https://example.org/reading/")


NO_WAIT = ("--no-wait", "when another build, ingest or deploy is running on this project, "
                        "fail at once (exit 1) instead of waiting for it to finish")


def switches(parser: argparse.ArgumentParser, *flags: tuple[str, str]) -> None:
    """On/off options, each a (flag, help) pair."""
    for flag, text in flags:
        parser.add_argument(flag, action="store_true", help=text)


def require_project(config: Config) -> None:
    """A folder with no settings, seeds or content is not a project yet: say
    how to start one rather than that `seeds/` is missing."""
    if config.source is None and not config.seeds_dir.exists() \
            and not config.content_dir.exists():
        raise SiteError(f"no project here (no {CONFIG_NAME}, seeds/ or content/); "
                        "`sitegen init` starts one", config.root)
