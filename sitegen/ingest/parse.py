"""Seed text → `Seed`: the date, title, authors, bios and body paragraphs.

The text is cut into blocks (`layout`); the head reader takes the title,
byline, date and header lines off the top (`head`), the tail reader takes
bios, signature, date line and press contacts off the end (`tail`). What
is left is the story. A date missing from head and tail may still be in
the opening dateline ("NAIROBI, 9 April 2025 — …"), which stays in the
text. A front-matter block at the very top (`overrides`) is kept aside for
the curator's corrections.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from ..errors import SiteError
from .bios import Bio
from .dates import dateline
from .head import Head, read_head
from .layout import blocks, paragraphs
from .names import name_key
from .overrides import Overrides, split_overrides
from .tail import Tail, read_tail

_SALUTATION = re.compile(r"^(?:\S+ ){0,3}\S+,$")  # "Hello friends," opens a newsletter
_MASTHEAD_WORDS = 4
NO_DATE = "no date found in the text: the article is undated (add a date line or `date:`)"


@dataclass(frozen=True)
class Seed:
    name: str  # the seed's file name
    title: str | None  # as written in the seed; None when it has none
    date: dt.date | None
    authors: tuple[str, ...]
    bios: tuple[Bio, ...]
    paragraphs: tuple[str, ...]  # the body, bylines and bios removed
    source: str | None  # the publication, when the text names it plainly
    url: str | None = None
    lead: str = ""  # the first paragraph without its dateline: what a headline is made of
    tags: tuple[str, ...] = ()  # from a `Tags:` header line
    overrides: Overrides = field(default_factory=Overrides)
    warnings: tuple[str, ...] = ()


def parse_seed(text: str, name: str) -> Seed:
    """Read normalised seed text (see `decode`); `name` is for errors."""
    overrides, text, warnings = split_overrides(text, name)
    head, rest = read_head(blocks(text))
    tail, rest = read_tail(rest)
    body = paragraphs(rest)
    if not body:
        raise SiteError("no article text left after the date, title and bios", name)
    opening = 1 if len(body) > 1 and _SALUTATION.match(body[0]) else 0
    if opening and head.title and len(head.title.split()) <= _MASTHEAD_WORDS:
        head = replace(head, title=None)  # "City Desk" above "Hello friends,": a masthead
    found_date, dateline_end = dateline(body[opening])
    date = head.date or tail.date or found_date or head.updated
    if date is None and overrides.date is None:
        warnings = (*warnings, NO_DATE)
    return Seed(name=name, title=head.title, date=date, authors=_authors(head, tail),
                bios=tail.bios, paragraphs=tuple(body), source=_source(head, tail, body),
                url=head.url or tail.url, lead=body[opening][dateline_end:],
                tags=head.tags + tail.tags, overrides=overrides, warnings=warnings)


def _authors(head: Head, tail: Tail) -> tuple[str, ...]:
    """Byline first, then signature and bios; one entry per person."""
    found: dict[str, str] = {}
    for name in (*head.authors, *tail.signed, *(b.name for b in tail.bios)):
        found.setdefault(name_key(name), name)
    return tuple(found.values())


def _source(head: Head, tail: Tail, body: list[str]) -> str | None:
    """The publication: named by a header, byline or provenance line, else a
    bio's outlet (preferring one the article names too)."""
    if head.source or tail.source:
        return head.source or tail.source
    outlets = [b.outlet for b in tail.bios if b.outlet]
    text = " ".join(body)
    return next((o for o in outlets if o in text), outlets[0] if outlets else None)
