"""The command line: `sitegen [GLOBAL OPTIONS] COMMAND [OPTIONS]`.

This module reads the arguments, loads the settings and runs one command of
`sitegen.commands`; it turns every project error into plain `error:` lines
and an exit code. The global options (-q, -v, --config, --strict) are
accepted before the command as well as after it.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from . import __version__
from .commands import COMMANDS
from .commands.options import add_global_options
from .config import CONFIG_NAME, Config, load_config, with_overrides
from .console import Console
from .errors import Diagnostics, SiteError, SiteErrors

# Options that may come before the command; the value is whether one follows.
_GLOBAL_OPTIONS = {"-q": False, "--quiet": False, "-v": False, "--verbose": False,
                   "--strict": False, "--config": True}


def main(argv: list[str] | None = None, prog: str = "sitegen") -> int:
    # A build keeps most of what it makes until it ends; with the default
    # thresholds the cycle collector ran so often that planning took 10% longer.
    gc.set_threshold(50_000, 20, 10)
    parser = build_parser(prog)
    args = parser.parse_args(_default_command(sys.argv[1:] if argv is None else argv))
    if args.quiet and args.verbose:
        parser.error("-q/--quiet and -v/--verbose cannot be used together")
    console = Console(verbosity=0 if args.quiet else 2 if args.verbose else 1)
    diag = Diagnostics(strict=args.strict)
    try:
        config = _config(args, diag) if getattr(args, "needs_config", True) else None
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


def build_parser(prog: str = "sitegen") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description="Turn raw article text into a browsable reading site.",
        epilog=f"Run `{prog} COMMAND --help` for a command's options. "
               "Without a command, `build` runs.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    add_global_options(parser, top=True)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add(commands)
    return parser


def _default_command(argv: list[str]) -> list[str]:
    """`sitegen`, `sitegen --out x` and `sitegen -q` mean `sitegen … build …`:
    "build" goes after any leading global options, unless a command (or
    --help/--version) is there."""
    at = 0
    while at < len(argv):
        name, has_value = argv[at].partition("=")[0], "=" not in argv[at]
        if name not in _GLOBAL_OPTIONS:
            break
        at += 2 if _GLOBAL_OPTIONS[name] and has_value else 1
    if at < len(argv) and (not argv[at].startswith("-") or
                           argv[at] in ("-h", "--help", "--version")):
        return argv
    return [*argv[:at], "build", *argv[at:]]


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


def _report(diag: Diagnostics, console: Console, exc: SiteError | SiteErrors) -> None:
    errors = exc.errors if isinstance(exc, SiteErrors) else (exc,)
    for error in errors:
        console.problem(error)
    diag.errors.clear()
