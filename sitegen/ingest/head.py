"""The head of a seed: title, byline, date and header lines before the story.

Pasted articles open with some mix of a kicker ("FOR IMMEDIATE RELEASE",
"Opinion"), a title, a dek, a byline ("By A and B"), a date line
("March 3, 2025", "Published: …") and `Key: value` headers ("Title:",
"Author:", "Source:"). The reader classifies the first short lines; the
head ends at the last line it recognised. Inside the head the first short
line without final punctuation is the title; other text lines (a dek) stay
in the body. With no recognised line at all, the first line is the title
only when it stands alone above the story.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace

from .bylines import Byline, byline, names_line
from .dates import date_line, is_update_line
from .layout import WRAP_WIDTH, Block
from .names import clean_name, is_person_name

MAX_HEAD_LINES = 14
_NAME_LINES = 2  # a name alone on the second or third line is a byline
_BODY_WORDS = 60  # a line this long is story text: the head is over
_HEADER_WORDS = 12  # a longer `Source: …` is a sentence, not a header
_INLINE_DATE = re.compile(r"^date\s+(\d{4}-\d{1,2}-\d{1,2})\s*", re.IGNORECASE)
_HEADER = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(?P<value>\S.*)$")
_URL = re.compile(r"^<?(https?://\S+?)>?$")
_FIELDS = {
    "title": ("title", "headline", "heading"),
    "authors": ("author", "authors", "by", "byline", "writer", "writers", "written by",
                "reporter", "reporters", "words"),
    "date": ("date", "published", "published on", "posted", "posted on", "pub date",
             "publication date", "date published", "dated", "filed"),
    "updated": ("updated", "last updated", "modified", "last modified", "updated on"),
    "source": ("source", "publication", "publisher", "outlet", "newspaper", "from",
               "originally published in", "published in", "via"),
    "url": ("url", "link", "original url", "source url", "original", "permalink",
            "canonical", "web"),
    "tags": ("tags", "keywords", "topics", "categories"),
    "skip": ("section", "category", "contact", "contacts", "media contact", "press contact",
             "image", "photo", "reading time", "word count", "status", "type"),
}
_KEYS = {key: field for field, keys in _FIELDS.items() for key in keys}
_KICKERS = frozenset("""
for immediate release|immediate release|press release|news release|media release|
for release|embargoed|opinion|analysis|editorial|commentary|interview|exclusive|breaking|
breaking news|news|feature|features|advertisement|sponsored|share|share this article|
listen to this article|subscribe|menu
""".replace("\n", "").split("|"))
_DANGLING = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by",
                       "with", "and", "or", "but", "as", "than", "that", "which", "is"})
_DATED_BYLINE = re.compile(r"^(?P<date>.{6,60}?\d)\s*,?\s+(?P<byline>by\s.+)$", re.IGNORECASE)
# Page furniture pasted along with the article: "Follow", "5 min read", "·".
_NOISE = re.compile(r"^(?:[·•|\-–—*]+|\d+\s*min(?:ute)?s?\s+read|follow|sign up.*|subscribe.*|"
                    r"listen(?: to this)?(?: article)?.*\d+\s*min.*)$", re.IGNORECASE)
# Markdown pasted with the text: "# Title", "**By Jane Doe**", "_March 3, 2025_".
_MARKUP = re.compile(r"^#{1,6}\s+|^[*_]{1,2}(?=\S)|(?<=\S)[*_]{1,2}$")
_QA = re.compile(r"^[QA][:.)]\s")


@dataclass(frozen=True)
class Head:
    """What the head of a seed (or one line of it) says about the article."""

    title: str | None = None
    date: dt.date | None = None
    updated: dt.date | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    recognised: bool = False  # a line that is not story text

    def merged(self, later: Head) -> Head:
        """This head, with what only `later` says added (first one wins)."""
        values = {f.name: getattr(self, f.name) or getattr(later, f.name) for f in fields(Head)}
        return Head(**values)


@dataclass(frozen=True)
class _Line:
    block: int
    index: int
    text: str
    head: Head


_TEXT = Head()
_SKIP = Head(recognised=True)


def read_head(found: list[Block]) -> tuple[Head, list[Block]]:
    """The head of the seed and the blocks left for the story."""
    found = _split_inline_date(found)
    lines = _head_lines(found)
    metas = [n for n, line in enumerate(lines) if line.head.recognised]
    end = metas[-1] + 1 if metas else 0
    title_at = next((n for n, line in enumerate(lines[:end])
                     if not line.head.recognised and _title_like(line.text)), None)
    if title_at is None and end < len(lines) and _stands_alone(found, lines[end]):
        title_at, end = end, end + 1
    head_lines = lines[:end]
    head = Head()
    for line in head_lines:
        head = head.merged(line.head)
    if title_at is not None and head.title is None:
        head = replace(head, title=head_lines[title_at].text)
    used = {(line.block, line.index) for n, line in enumerate(head_lines)
            if line.head.recognised or n == title_at}
    rest = [tuple(text for i, text in enumerate(block) if (b, i) not in used)
            for b, block in enumerate(found)]
    rest = [block for block in rest if block]
    if not rest and title_at is not None:  # a lone line is the story, not a title
        return replace(head, title=None), [(head_lines[title_at].text,)]
    return head, rest


def _split_inline_date(found: list[Block]) -> list[Block]:
    """" date 2026-02-10 The …" → a date line, then the story line."""
    match = _INLINE_DATE.match(found[0][0]) if found else None
    if match is None:
        return found
    rest = found[0][0][match.end():]
    first = (f"Date: {match.group(1)}", *([rest] if rest else []), *found[0][1:])
    return [first, *found[1:]]


def _head_lines(found: list[Block]) -> list[_Line]:
    lines: list[_Line] = []
    for b, block in enumerate(found):
        for i, text in enumerate(block):
            if len(lines) >= MAX_HEAD_LINES or len(text.split()) > _BODY_WORDS:
                return lines
            plain = _MARKUP.sub("", text)
            head = _classify(plain)
            if 0 < len(lines) <= _NAME_LINES and head is _TEXT:
                head = _unmarked_byline(plain)
            lines.append(_Line(b, i, plain, head))
    return lines


def _unmarked_byline(line: str) -> Head:
    """Under the title, a byline without "By": "Jane Doe", "Jane Doe | Reuters"."""
    if is_person_name(clean_name(line)):
        return Head(authors=(clean_name(line),), recognised=True)
    joined = any(mark in line for mark in (",", "|", " and ", " & "))
    found = names_line(line) if joined and len(line.split()) <= 10 else None
    return _from_byline(found) if found and found.authors else _TEXT


def _classify(line: str) -> Head:
    """What one head line says (`_TEXT` for a line of story text)."""
    if line.casefold().strip(" .:!*_#-—") in _KICKERS or _NOISE.match(line):
        return _SKIP
    header = _HEADER.match(line)
    if header and header.group("key").casefold() in _KEYS:
        return _header(_KEYS[header.group("key").casefold()], header.group("value").strip())
    url = _URL.match(line)
    if url:
        return Head(url=url.group(1), recognised=True)
    found = byline(line)
    if found:
        return _from_byline(found)
    dated_byline = _DATED_BYLINE.match(line)  # "Posted on March 3, 2025 by Jane Doe"
    if dated_byline and (found := byline(dated_byline.group("byline"))):
        return _classify(dated_byline.group("date")).merged(_from_byline(found))
    date = date_line(line)
    if date is None:
        return _TEXT
    if is_update_line(line):
        return Head(updated=date, recognised=True)
    return Head(date=date, recognised=True)


def _header(field: str, value: str) -> Head:
    if field != "title" and len(value.split()) > _HEADER_WORDS:
        return _TEXT  # "Source: officials said on Monday that …" is a sentence
    url = _URL.match(value)
    if field in ("source", "url") and url:
        return Head(url=url.group(1), recognised=True)
    if field in ("date", "updated"):
        date = date_line(value)
        return Head(**{field: date}, recognised=True) if date else _SKIP
    if field == "authors":
        found = names_line(value)
        return _from_byline(found) if found else _SKIP
    if field == "tags":
        tags = tuple(t.strip() for t in re.split(r"[,;]", value) if t.strip())
        return Head(tags=tags, recognised=True)
    if field in ("title", "source", "url"):
        return Head(**{field: value}, recognised=True)
    return _SKIP


def _from_byline(found: Byline) -> Head:
    return Head(authors=found.authors, source=found.source, date=found.date, recognised=True)


def _title_like(line: str) -> bool:
    """Short, no final punctuation, not ending on a little word, not a Q&A label."""
    words = line.split()
    if not 1 <= len(words) <= 25 or len(line) > 200 or _QA.match(line):
        return False
    core = line.rstrip(" ”’\"')]*_")
    if core.endswith((".", ",", ";", ":")) and not core.endswith("..."):
        return False
    return words[-1].casefold() not in _DANGLING and any(c.isalpha() for c in line)


def _stands_alone(found: list[Block], line: _Line) -> bool:
    """A first line above the story: alone in its block (or clearly shorter
    than the next line), with story text after it."""
    block = found[line.block]
    last_line = line.block == len(found) - 1 and line.index == len(block) - 1
    if not _title_like(line.text) or last_line:
        return False
    if line.index == len(block) - 1:
        return True
    following = block[line.index + 1]
    return len(following) > WRAP_WIDTH or len(line.text) < 0.6 * len(following)
