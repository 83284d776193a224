"""What the command line prints: messages by verbosity, and progress.

On a terminal, long work shows a progress bar redrawn in place; elsewhere
(CI, a pipe) it prints a plain line every quarter of the way. Nothing shows
for work that is over within `PROGRESS_AFTER` seconds.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO, TypeVar

from .errors import SiteError

T = TypeVar("T")
PROGRESS_AFTER = 1.5  # seconds


@dataclass
class Console:
    verbosity: int = 1  # 0 quiet, 1 normal, 2 verbose
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    closing: str | None = None

    def info(self, message: str) -> None:
        if self.verbosity >= 1:
            print(message, file=self.out, flush=True)

    def summary(self, message: str) -> None:
        """The command's closing line, held back so that it comes after
        every warning and error (`finish` prints it); an earlier one, of a
        step before this one, is printed now."""
        self.finish()
        self.closing = message

    def finish(self) -> None:
        if self.closing is not None:
            self.info(self.closing)
            self.closing = None

    def detail(self, message: str) -> None:
        if self.verbosity >= 2:
            print(message, file=self.out, flush=True)

    def problem(self, error: SiteError, kind: str = "error") -> None:
        """Errors always print; warnings unless quiet."""
        if kind == "error" or self.verbosity >= 1:
            print(f"{kind}: {error}", file=self.err, flush=True)

    def progress(self, label: str, total: int) -> _Bar:
        """A progress display for `total` steps: `with …progress(…) as bar: bar.advance(n)`."""
        return _Bar(label, total, self.err, enabled=self.verbosity >= 1 and total > 0)

    def track(self, label: str, items: Sequence[T]) -> Iterator[T]:
        """Yield `items`, showing progress when it takes a while."""
        with self.progress(label, len(items)) as bar:
            for item in items:
                yield item
                bar.advance()


class _Bar:
    def __init__(self, label: str, total: int, stream: TextIO, enabled: bool) -> None:
        self.label, self.total, self.stream, self.enabled = label, total, stream, enabled
        self.done = 0
        self.started = time.monotonic()
        self.shown = False
        self.tty = stream.isatty()
        self.next_line = total // 4
        self.last_draw = 0.0

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        now = time.monotonic()
        if not self.enabled or now - self.started < PROGRESS_AFTER:
            return
        if self.tty:
            if now - self.last_draw >= 0.1 or self.done == self.total:
                self._draw()
                self.last_draw = now
        elif self.done >= self.next_line or self.done == self.total:
            print(f"{self.label}: {self.done}/{self.total}", file=self.stream, flush=True)
            self.next_line = self.done + max(1, self.total // 4)

    def _draw(self) -> None:
        width = 30
        filled = width * self.done // self.total
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
