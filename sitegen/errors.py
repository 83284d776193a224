"""The one error type of the project, and the collector that gathers them.

A user mistake (bad YAML, a missing field, an unreadable seed) is a
`SiteError` naming the file and, where there is one, the line and column.
Stages do not stop at the first mistake: they record every problem in a
`Diagnostics` and the command line prints them all at once.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import reprlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


class SiteError(Exception):
    """A problem with the user's input, located as precisely as we can."""

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.col = col

    def __str__(self) -> str:
        where = [self.path] if self.path else []
        if self.path and self.line is not None:
            where.append(str(self.line))
            if self.col is not None:
                where.append(str(self.col))
        prefix = ":".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class SiteErrors(Exception):
    """Several problems reported together, so the user can fix them in one go."""

    def __init__(self, errors: Iterable[SiteError]) -> None:
        self.errors = tuple(errors)
        super().__init__(f"{len(self.errors)} problem(s)")

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


@dataclass
class Diagnostics:
    """Collects errors and warnings while a stage runs.

    `strict` turns every warning into an error when `raise_errors` runs.
    """

    strict: bool = False
    errors: list[SiteError] = field(default_factory=list)
    warnings: list[SiteError] = field(default_factory=list)

    def error(self, message: str, path: str | Path | None = None,
              line: int | None = None, col: int | None = None) -> None:
        self.errors.append(SiteError(message, path, line, col))

    def add(self, error: SiteError) -> None:
        self.errors.append(error)

    def warn(self, message: str, path: str | Path | None = None,
             line: int | None = None, col: int | None = None) -> None:
        self.warnings.append(SiteError(message, path, line, col))

    def raise_errors(self) -> None:
        """Raise every error collected so far (and warnings, when strict:
        they are reported as errors then, so no longer kept as warnings)."""
        problems = list(self.errors)
        if self.strict:
            problems += [SiteError(f"(strict) {w.message}", w.path, w.line, w.col)
                         for w in self.warnings]
            self.warnings.clear()
        if problems:
            raise SiteErrors(problems)


def did_you_mean(word: str, choices: Iterable[str],
                 aliases: Mapping[str, str] | None = None) -> str:
    """' (did you mean "x"?)' when a choice is close to `word`, else ''.

    Case and separators do not count (`baseURL`, `Base-Url` → `base_url`),
    and `aliases` (folded name → choice) name choices that other programs
    call otherwise."""
    folded = {fold(choice): choice for choice in choices}
    match = folded.get(fold(word)) or (aliases or {}).get(fold(word))
    if match is None:
        close = difflib.get_close_matches(fold(word), list(folded), n=1, cutoff=0.6)
        match = folded[close[0]] if close else None
    return f' (did you mean "{match}"?)' if match else ""


def fold(name: str) -> str:
    """`name` in lower case without `_`, `-`, `.` or spaces, for comparing names."""
    return re.sub(r"[_\-. ]", "", name.lower())


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # (a character loop was a tenth of parsing a file)


def refuse_odd_name(path: Path) -> None:
    """A file whose name is not UTF-8 (the system hands it over as bytes kept
    in surrogates) or holds control characters cannot be named in a page, a
    front matter field or a `file:line` message: an error, shown readably."""
    name = path.name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        if not _CONTROL.search(name):
            return
    shown = _CONTROL.sub("\ufffd", os.fsencode(path).decode("utf-8", "replace"))
    raise SiteError("the file name is not UTF-8 text or holds control characters; "
                    "rename the file", shown)


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


def shown(value: object) -> str:
    """`value` as Python writes it, cut short: a message never holds a
    megabyte of somebody's input, and a huge value is never turned into text."""
    return _SHORT.repr(value)


def from_os_error(exc: OSError) -> SiteError:
    """A failure of the environment (disk full, read-only or busy folder,
    a file where a folder should be) as a plain error naming the path."""
    where = os.fsdecode(exc.filename) if isinstance(exc.filename, (str, bytes)) else None
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and where is not None:  # (EEXIST: mkdir)
        blocking = next((p for p in (Path(where), *Path(where).parents) if p.is_file()), None)
        if blocking is not None:
            return SiteError("is a file where a folder is needed", blocking)
    reason = exc.strerror or str(exc)
    if isinstance(exc.filename2, (str, bytes)):
        reason += f" (and {os.fsdecode(exc.filename2)})"
    return SiteError(reason, where)
