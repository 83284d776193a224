"""Bylines and signatures: "By A, B and C", "Author: A", "— A, Staff Writer".

Bylines in Spanish, Portuguese, French, German and Italian start "Por",
"Par", "Von" or "Di" instead of "By".

A byline names the authors and sometimes their role ("Staff Writer"),
publication ("Reuters", "for The Daily Example") and date, in segments
separated by `|`, `/`, `·`, a dash or "on". Each comma- or "and"-separated
part is a person, a role, a publication or a date; a line is a byline only
when it names a person, or else only roles and publications: "By the end
of the year, …" is body text, "By Staff" a byline without authors.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import date_line
from .names import clean_name, is_person_name

_BY = re.compile(r"^(?:by|written by|words by|story by|reporting by|text by|posted by|"
                 r"published by|submitted by|interview by|interviewed by|"
                 r"por|par|von|di|escrito por|texto de)\s*:?\s+", re.IGNORECASE)
_SIGNATURE = re.compile(r"^(?:—|–|--|-|~)\s*(?=\S)")
_SEGMENTS = re.compile(r"\s*(?:\||·|•|/|\s—\s|\s–\s|\s-\s)\s*|\s+on\s+(?=[A-Z0-9])")
_PARTS = re.compile(r"\s*,\s*|\s+(?:and|&|y|e|et|und)\s+|\s*;\s*|\s+(?=for\s+(?:the\s+)?[A-Z])")
_PLACE_TAIL = re.compile(r"\s+(?:in|at|from|reporting from)\s+[A-Z][\w .’'-]*$")
_ROLE_WORDS = frozenset("""
staff writer writers reporter reporters correspondent correspondents editor editors
contributor contributing columnist photographer producer author special senior chief
associate deputy managing freelance journalist bureau desk team intern guest
""".split())
# "JANE DOE Associated Press": a name in capitals, then the publication.
_CAPITALS_THEN_OUTLET = re.compile(r"^((?:[A-ZÀ-Þ][A-ZÀ-Þ.’'-]+ ){1,4}[A-ZÀ-Þ][A-ZÀ-Þ.’'-]+) "
                                   r"((?:The )?[A-Z][a-z].*)$")
_OUTLET_JOINERS = frozenset({"of", "the", "for", "and", "de", "&"})
_TIME_AGO = re.compile(r"\b(?:ago|min read|minute read|mins? read)\b", re.IGNORECASE)
_FOR = re.compile(r"^(?:for|of|at|with)\s+(?P<outlet>(?:the\s)?[A-Z].*)$")


@dataclass(frozen=True)
class Byline:
    authors: tuple[str, ...]
    source: str | None = None
    date: dt.date | None = None


def byline(line: str) -> Byline | None:
    """The byline in a line starting "By …" (or "Written by …"), else None."""
    match = _BY.match(line)
    if match is None or len(line.split()) > 25:
        return None
    return names_line(line[match.end():])


def signature(lines: tuple[str, ...]) -> Byline | None:
    """A closing signature: "— Jane Doe", "-- Jane Doe, Reuters", or a sign-off
    ("Until next week,") above a name alone on its line."""
    text = " ".join(lines)
    match = _SIGNATURE.match(text)
    if match is not None and len(text.split()) <= 12:
        return names_line(text[match.end():])
    name = clean_name(lines[-1])
    signed_off = len(lines) == 1 or (len(lines) == 2 and lines[0].endswith(","))
    return Byline((name,)) if signed_off and is_person_name(name) else None


def names_line(text: str) -> Byline | None:
    """The people, publication and date in the value of a byline or `Author:` header."""
    authors: list[str] = []
    source = None
    date = None
    kinds = set()
    for segment in _SEGMENTS.split(text.strip(" .")):
        found = date_line(segment)
        if found:
            date = date or found
            continue
        for part in _parts(segment):
            kind, value = _part(part)
            kinds.add(kind)
            if kind == "person" and value not in authors:
                authors.append(value)
            elif kind == "outlet" and source is None:
                source = value
    if not authors and ("other" in kinds or not kinds & {"outlet", "role"}):
        return None  # "By the end of the year, …": a sentence
    return Byline(tuple(authors), source, date)


def _parts(segment: str) -> list[str]:
    """The comma- or "and"-separated parts of a byline segment."""
    parts = []
    for part in _PARTS.split(segment):
        capitals = _CAPITALS_THEN_OUTLET.match(part)
        parts.extend(capitals.groups() if capitals else (part,))
    return parts


def _part(part: str) -> tuple[str, str]:
    """("person" | "outlet" | "role" | "other", cleaned text) for one byline part."""
    part = _PLACE_TAIL.sub("", part.strip(" .*_"))
    if not part:
        return "other", part
    outlet = _FOR.match(part)
    if outlet:
        return "outlet", outlet.group("outlet").strip()
    words = part.casefold().split()
    if (any(w in _ROLE_WORDS for w in words) and not part.isupper()) or _TIME_AGO.search(part):
        return "role", part
    name = clean_name(part)
    if is_person_name(name):
        return "person", name
    capitalised = all(w[0].isupper() or w in _OUTLET_JOINERS for w in part.split())
    if capitalised and len(words) <= 5 and not any(c.isdigit() for c in part):
        return "outlet", part
    return "other", part
