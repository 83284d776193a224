"""The tail of a seed: bios, signature, date line, end mark and contact blocks.

Read from the last block backwards, stopping at the first block of story
text: an end mark ("###", "-30-"), a date line ("Published March 3, 2025"),
a provenance line ("This article first appeared in …"), a URL, a signature
("— Jane Doe"), author bios and the contact lines that go with them
("Follow her on Mastodon"). Press contacts ("Media contact:" and the short
lines after it) are dropped wherever they are: they are neither authors nor
story text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial

from .bios import ABOUT_AUTHOR, CONTACT_LINE, Bio, bio, may_be_bio
from .bylines import signature
from .dates import date_line
from .layout import Block, paragraph

_END_MARK = re.compile(r"^(?:#\s?#\s?#|-\s?30\s?-|-?\s?ends?\s?-?|\*\s?\*\s?\*)$",
                       re.IGNORECASE)
_CONTACT_LABEL = re.compile(
    r"^(?:(?:media|press|news|investor|journalist)s?\s+(?:contacts?|inquiries|enquiries|"
    r"relations|office)|contacts?\s*:|press office|for (?:more|further) information"
    r"|for media (?:inquiries|enquiries)|media & investor contacts?)\b", re.IGNORECASE)
_CONTACT_DETAIL = re.compile(r"@|https?://|www\.|\+?\d[\d ().-]{6,}\d")
_PROVENANCE = re.compile(
    r"^(?:this (?:article|story|piece|post) )?(?:was )?(?:originally |first )"
    r"(?:published|appeared|ran)\s+(?:in|on|by|at)\s+(?P<where>.+?)\.?$", re.IGNORECASE)
_FILED_UNDER = re.compile(r"^(?:filed under|tags|tagged|tagged with|categories|topics)\s*:\s*(.+)$",
                          re.IGNORECASE)
_URL = re.compile(r"^(?:source|url|link|original|read more|originally published)?\s*:?\s*"
                  r"<?(?P<url>https?://\S+?)>?$", re.IGNORECASE)


@dataclass(frozen=True)
class Tail:
    bios: tuple[Bio, ...] = ()
    signed: tuple[str, ...] = ()  # authors from a signature line
    date: dt.date | None = None
    source: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()  # from "Filed under: …" or "Tags: …"


def read_tail(found: list[Block]) -> tuple[Tail, list[Block]]:
    """The tail of the seed and the blocks of the story before it."""
    rest = drop_contacts(found)
    bios: list[Bio] = []
    signed: tuple[str, ...] = ()
    date = source = url = None
    tags: tuple[str, ...] = ()
    pending: list[Block] = []  # contact lines, kept unless a bio owns them
    while len(rest) > 1:
        block = rest[-1]
        text = paragraph(block)
        found_bio = None
        if len(text) < 1200 and may_be_bio(text):
            found_bio = bio(text, partial(_in_story, rest[:-1]))
        if _END_MARK.match(text) or (ABOUT_AUTHOR.match(text) and bios):
            pass
        elif found_bio is not None:
            bios.insert(0, found_bio)
            pending = []
        elif CONTACT_LINE.match(text) and len(text.split()) < 25:
            pending.insert(0, block)
        elif (sig := signature(block)) and not signed:
            signed = sig.authors
        elif (match := _PROVENANCE.match(text)) and not source:
            source, when = _provenance(match.group("where"))
            date = date or when
        elif (match := _FILED_UNDER.match(text)) and not tags:
            tags = tuple(t.strip() for t in re.split(r"[,;|]", match.group(1)) if t.strip())
        elif (match := _URL.match(text)) and not url:
            url = match.group("url")
        elif (found_date := date_line(text)) and not date:
            date = found_date
        else:
            break
        rest.pop()
    return Tail(tuple(bios), signed, date, source, url, tags), rest + pending


def _in_story(story: list[Block], name: str) -> bool:
    return any(name in paragraph(block) for block in story)


def _provenance(where: str) -> tuple[str | None, dt.date | None]:
    """"The Daily Example on March 3, 2025" → ("The Daily Example", 2025-03-03)."""
    name, *when = re.split(r"\s+(?:on|in)\s+(?=[A-Z\d])", where, maxsplit=1)
    return name.strip() or None, date_line(when[0]) if when else None


def drop_contacts(found: list[Block]) -> list[Block]:
    """The blocks without press-contact blocks ("Media contact:" and its lines)."""
    kept: list[Block] = []
    in_contact = False
    for block in found:
        label = next((i for i, line in enumerate(block)
                      if _CONTACT_LABEL.match(line) and len(line.split()) <= 16), None)
        if label is not None:
            if label:
                kept.append(block[:label])
            in_contact = True
        elif in_contact and _contact_details(block):
            continue
        else:
            in_contact = False
            kept.append(block)
    return kept


def _contact_details(block: Block) -> bool:
    """Short lines of names, titles, phones and addresses: the rest of a contact block."""
    return all(len(line.split()) <= 8 or _CONTACT_DETAIL.search(line) for line in block) \
        and not _END_MARK.match(paragraph(block))
