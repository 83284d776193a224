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
from dataclasses import dataclass, fields
from functools import partial

from .bios import ABOUT_AUTHOR, CONTACT_LINE, Bio, bios, may_be_bio
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
    """What the tail of a seed (or one block of it) says about the article."""

    bios: tuple[Bio, ...] = ()
    signed: tuple[str, ...] = ()  # authors from a signature line
    date: dt.date | None = None
    source: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()  # from "Filed under: …" or "Tags: …"

    def before(self, later: Tail) -> Tail:
        """This block's findings joined to those of the blocks after it: bios
        add up in text order, for the rest what is nearer the end wins."""
        values = {f.name: getattr(later, f.name) or getattr(self, f.name) for f in fields(Tail)}
        values["bios"] = (*self.bios, *later.bios)
        return Tail(**values)


_DROPPED = Tail()  # an end mark or an "About the author" label: not story text
_CONTACT = Tail()  # a contact line: dropped if a bio comes before it, else story text


def read_tail(found: list[Block]) -> tuple[Tail, list[Block]]:
    """The tail of the seed and the blocks of the story before it."""
    rest = drop_contacts(found)
    tail = Tail()
    pending: list[Block] = []  # contact lines, kept unless a bio owns them
    while len(rest) > 1:
        part = _classify(rest[-1], rest[:-1], bool(tail.bios))
        if part is None:
            break
        if part is _CONTACT:
            pending.insert(0, rest[-1])
        elif part.bios:
            pending = []
        tail = part.before(tail)
        rest.pop()
    return tail, rest + pending


def _classify(block: Block, story: list[Block], after_bios: bool) -> Tail | None:
    """What one block at the end says, or None when it is story text."""
    text = paragraph(block)
    if len(text) < 1200 and may_be_bio(text):
        found = bios(text, partial(_in_story, story))
        if found:
            return Tail(bios=found)
    if _END_MARK.match(text) or (ABOUT_AUTHOR.match(text) and after_bios):
        return _DROPPED
    if CONTACT_LINE.match(text) and len(text.split()) < 25:
        return _CONTACT
    signed = signature(block)
    if signed is not None:
        return Tail(signed=signed.authors)
    if match := _PROVENANCE.match(text):
        source, date = _provenance(match.group("where"))
        return Tail(source=source, date=date)
    if match := _FILED_UNDER.match(text):
        return Tail(tags=tuple(t.strip() for t in re.split(r"[,;|]", match.group(1))
                               if t.strip()))
    if match := _URL.match(text):
        return Tail(url=match.group("url"))
    date = date_line(text)
    return Tail(date=date) if date else None


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
