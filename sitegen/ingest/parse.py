"""Seed text → `Seed`: the date, title, authors, bios and body paragraphs.

This reads the layout of the curator's real seeds: an inline
` date YYYY-MM-DD ` prefix, body paragraphs separated by blank lines, and
author bio paragraphs at the end ("Jane Doe is a reporter with …").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..errors import SiteError

# A personal name: capitalised words, initials ("T."), particles (de, la, van)
# and hyphenated or apostrophised parts (Núñez-Ortega, O'Neill).
_PARTICLES = {"de", "la", "del", "da", "di", "van", "von", "der", "le", "du", "bin", "al", "y"}
_NOT_NAMES = {"The", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "Our",
              "His", "Her", "Their", "A", "An", "In", "On", "At"}
_CAP = r"[^\W\d_][\w’'\-]*"
_NAME = (rf"(?:{_CAP}|[A-Z]\.)(?:\s(?:(?:{'|'.join(_PARTICLES)})\s)*"
         rf"(?:{_CAP}|[A-Z]\.)){{1,4}}")
_BIO = re.compile(rf"^(?P<name>{_NAME})\s(?:is|was|has\sbeen|serves\sas|writes|covers|reports)\s")
_OUTLET = re.compile(r"\b(?:with|of|at|for)\s(?:the\s)?(?P<outlet>(?:[A-Z][\w’'&.-]*\s?)+)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CONTACT = re.compile(r"^(?:you can )?(?:follow|contact|reach|email|e-mail)\b", re.IGNORECASE)
_FINAL_PUNCTUATION = (".", "!", "?", ":", ",", ";", "”", "\"")
_INLINE_DATE = re.compile(r"^date\s+(\d{4}-\d{2}-\d{2})\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Bio:
    name: str
    text: str
    email: str | None
    outlet: str | None


@dataclass(frozen=True, slots=True)
class Seed:
    name: str  # the seed's file name
    title: str | None  # as written in the seed; None when it has none
    date: dt.date | None
    authors: tuple[str, ...]
    bios: tuple[Bio, ...]
    paragraphs: tuple[str, ...]  # the body, bylines and bios removed
    source: str | None  # the publication, when the text names it plainly


def parse_seed(text: str, name: str) -> Seed:
    """Read normalised seed text (see `decode`); `name` is for errors."""
    paragraphs = split_paragraphs(text)
    date, paragraphs = _take_inline_date(paragraphs, name)
    title, paragraphs = _take_title(paragraphs)
    bios, paragraphs = _take_bios(paragraphs)
    if not paragraphs:
        raise SiteError("no article text left after the date, title and bios", name)
    return Seed(name=name, title=title, date=date,
                authors=tuple(dict.fromkeys(b.name for b in bios)), bios=bios,
                paragraphs=tuple(paragraphs), source=_source(bios, paragraphs))


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, each unwrapped to a single line."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def _take_inline_date(paragraphs: list[str], name: str) -> tuple[dt.date | None, list[str]]:
    match = _INLINE_DATE.match(paragraphs[0])
    if not match:
        return None, paragraphs
    try:
        date = dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise SiteError(f"invalid date {match.group(1)!r}", name, 1) from None
    rest = paragraphs[0][match.end():]
    return date, ([rest] if rest else []) + paragraphs[1:]


def _take_title(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """A short first line without final punctuation is the title."""
    first = paragraphs[0] if paragraphs else ""
    if len(paragraphs) > 1 and len(first.split()) <= 20 and not first.endswith(_FINAL_PUNCTUATION):
        return first, paragraphs[1:]
    return None, paragraphs


def _take_bios(paragraphs: list[str]) -> tuple[tuple[Bio, ...], list[str]]:
    """Peel author bios (and their contact lines) off the end of the text."""
    bios: list[Bio] = []
    rest = list(paragraphs)
    while len(rest) > 1:
        last = rest[-1]
        match = _BIO.match(last)
        if match and _is_name(match.group("name")):
            bios.insert(0, _bio(match.group("name"), last))
        elif not (_CONTACT.match(last) and len(last.split()) < 25):
            break
        rest.pop()
    return tuple(bios), rest


def _is_name(text: str) -> bool:
    """Capitalised words (particles aside), not a sentence like "The plan was"."""
    parts = text.split()
    return parts[0] not in _NOT_NAMES and all(
        p[0].isupper() for p in parts if p not in _PARTICLES)


def _bio(name: str, text: str) -> Bio:
    email = _EMAIL.search(text)
    first_sentence = text.split(". ", 1)[0]
    outlet = _OUTLET.search(first_sentence)
    return Bio(name=name, text=text, email=email.group(0) if email else None,
               outlet=outlet.group("outlet").strip().rstrip(".") if outlet else None)


def _source(bios: tuple[Bio, ...], paragraphs: list[str]) -> str | None:
    """The publication: a bio's outlet, preferring one the article names too."""
    outlets = [b.outlet for b in bios if b.outlet]
    body = " ".join(paragraphs)
    for outlet in outlets:
        if outlet in body:
            return outlet
    return outlets[0] if outlets else None
