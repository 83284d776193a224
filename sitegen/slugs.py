"""The slug policy: how titles, tags and names become URL path segments.

A slug is lowercase ASCII letters, digits and single hyphens, at most
`MAX_LENGTH` characters, cut at a word boundary. Other scripts and accents
are transliterated by python-slugify (José → jose, 北京 → bei-jing).
Apostrophes and dots inside abbreviations vanish (Mexico’s → mexicos,
U.S. → us); `&` reads "and". Text with nothing left (only punctuation) and
names that Windows reserves (con, nul, com1, …) get a stable `x-` form, so a
slug is never empty, never contains `/`, `\\` or `..`, and is a safe file
name everywhere.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Container

from slugify import slugify as _slugify

MAX_LENGTH = 80
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}
_ABBREVIATION_DOT = re.compile(r"(?<=\w)\.(?=\w)")
_REPLACEMENTS = [["’", ""], ["'", ""], ["&", " and "]]


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """The slug for `text` (see the module docstring for the policy).

    Cached: a collection names the same tags and authors many times.
    """
    slug = _slugify(_ABBREVIATION_DOT.sub("", text), max_length=MAX_LENGTH,
                    word_boundary=True, replacements=_REPLACEMENTS)
    if not slug:
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        return f"x-{digest}"
    if slug in _RESERVED:
        return f"x-{slug}"
    return slug


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(text: str) -> bool:
    """True when `text` already follows the policy (what `slugify` leaves alone)."""
    return len(text) <= MAX_LENGTH and text not in _RESERVED and bool(_SLUG.fullmatch(text))


def unique_slug(base: str, taken: Container[str]) -> str:
    """`base`, or `base-2`, `base-3`, … : the first one not in `taken`.

    A numbered slug obeys the length rule too: the base is cut at a word to
    make room for the number, so the file's stem is its slug as it is (a
    stem over `MAX_LENGTH` would be cut again when the build reads it and
    collide with the slug it was numbered to avoid).
    """
    if base not in taken:
        return base
    n = 2
    while (numbered := _numbered(base, n)) in taken:
        n += 1
    return numbered


def _numbered(base: str, n: int) -> str:
    suffix = f"-{n}"
    room = MAX_LENGTH - len(suffix)
    if len(base) > room:
        cut = base[:room]
        base = cut.rsplit("-", 1)[0] if base[room] != "-" and "-" in cut else cut
    return base.rstrip("-") + suffix
