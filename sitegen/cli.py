"""The command line: `sitegen [GLOBAL OPTIONS] COMMAND [OPTIONS]`.

This module reads the arguments, loads the settings and runs one command of
`sitegen.commands`; it turns every project error into plain `error:` lines
and an exit code. The global options (-q, -v, --config, --strict, --debug) are
accepted before the command as well as after it.
"""

from __future__ import annotations

import argparse
import gc
import sys
import traceback
from pathlib import Path

from . import __version__
from .commands import COMMANDS
from .commands.options import add_global_options
from .config import CONFIG_NAME, Config, load_config, with_overrides
from .console import Console
from .errors import Diagnostics, SiteError, SiteErrors, from_os_error, shown
from .processes import keep_freed_memory

# Options that may come before the command; the value is whether one follows.
_GLOBAL_OPTIONS = {"-q": False, "--quiet": False, "-v": False, "--verbose": False,
                   "--strict": False, "--debug": False, "--config": True}


def main(argv: list[str] | None = None, prog: str = "sitegen") -> int:
    """Run one command; 0 on success, 1 for a problem with the user's files,
    settings, flags or environment (each printed, located), 130 when
    interrupted, 70 for a bug of ours (an "internal error" paragraph)."""
    # A build keeps most of what it makes until it ends; with the default
    # thresholds the cycle collector ran so often that planning took 10% longer.
    gc.set_threshold(50_000, 20, 10)
    keep_freed_memory()
    parser = build_parser(prog)
    given = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(_default_command(given))
    if args.quiet and args.verbose:
        parser.error("-q/--quiet and -v/--verbose cannot be used together")
    console = Console(verbosity=0 if args.quiet else 2 if args.verbose else 1)
    diag = Diagnostics(strict=args.strict)
    problems: tuple[SiteError, ...] = ()
    try:
        config = load_settings(args, diag) if getattr(args, "needs_config", True) else None
        diag.raise_errors()  # with --strict, a warning about the settings stops any command
        code = args.run(args, config, diag, console)
        diag.raise_errors()  # … and so does a warning met on the way
        return code
    except (SiteError, SiteErrors) as exc:
        problems = exc.errors if isinstance(exc, SiteErrors) else (exc,)
        return 1
    except OSError as exc:  # the disk is full, a folder read-only or busy, a path a file …
        problems = (from_os_error(exc),)
        return 1
    except KeyboardInterrupt:
        console.summary("interrupted")
        return 130
    except Exception:  # anything else is a bug of ours: said so plainly
        console.closing = None
        _internal_error(console, [prog, *(a for a in given if a != "--debug"), "--debug"],
                        debug=args.debug)
        return INTERNAL_ERROR
    finally:
        errors = tuple(dict.fromkeys((*diag.errors, *problems)))  # raise_errors keeps them
        if errors:  # the summary of the last step that worked, then why the command failed
            console.finish()
        for warning in diag.warnings:
            console.problem(warning, "warning")
        for error in errors:
            console.problem(error)
        if errors:
            console.summary(f"failed: {len(errors)} error(s)")
        diag.warnings.clear()
        diag.errors.clear()
        console.finish()


INTERNAL_ERROR = 70  # EX_SOFTWARE of sysexits.h


def _internal_error(console: Console, again: list[str], debug: bool) -> None:
    """A bug of sitegen's, not a mistake in the user's files: what happened,
    and how to report it (with the traceback that the command line `again`
    shows); the traceback itself only with --debug."""
    kind, exc, _ = sys.exc_info()
    name = kind.__name__ if kind else "error"
    console.err.write(
        f"internal error: sitegen {__version__} failed ({name}: {shown(str(exc))}).\n"
        "This is a bug in sitegen, not a problem with your files. Please report it to "
        "the sitegen project with the command you ran and the traceback that "
        f"`{' '.join(again)}` prints.\n")
    if debug:
        traceback.print_exc(file=console.err)
    console.err.flush()


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


def load_settings(args: argparse.Namespace, diag: Diagnostics) -> Config:
    """The settings: config.yaml (or --config) with the command line's overrides."""
    path = args.config or (Path(CONFIG_NAME) if Path(CONFIG_NAME).is_file() else None)
    config = load_config(path, diag)
    return with_overrides(
        config,
        seeds_dir=getattr(args, "seeds_dir", None), content_dir=getattr(args, "content_dir", None),
        output_dir=getattr(args, "output_dir", None), base_url=getattr(args, "base_url", None),
        cache_dir=getattr(args, "cache_dir", None),
        include_drafts=True if getattr(args, "drafts", False) else None,
    )

