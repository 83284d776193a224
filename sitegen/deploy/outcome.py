"""What a deploy did (or, in a dry run, would do), for the command line to print."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    summary: str  # one line
    details: tuple[str, ...] = ()  # one line per file or step, shown with --verbose


def counted(number: int, noun: str) -> str:
    """'1 file', '3 files'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
