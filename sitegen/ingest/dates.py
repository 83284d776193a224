"""Dates written the way articles write them, read with python-dateutil.

Only short pieces of text are ever parsed: a line that may be a date line
("March 3, 2025", "Published: 3 March 2025 at 10:04 GMT", "Posted on
2025-03-03") or the opening of a dateline ("NAIROBI, 9 April 2025 —").
A cheap look for a four-digit year comes first, so most lines never reach
the parser. A date must name its day, month and year: "March 2025" or
"3 people in 2025" are not dates, and nothing is ever filled in from today.
Dates in Spanish, French, Portuguese, German and Italian, which dateutil
does not read, go to `foreign_dates` when dateutil finds nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateutil_parser

from .foreign_dates import foreign_date, foreign_dateline, may_be_foreign_date

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_MAX_WORDS = 14
# Words a date line may carry around the date itself.
_LABEL_WORDS = frozenset("""
published posted updated date dated on at last modified originally first edited filed
written am pm a.m. p.m. by | - — – · • et est edt pst pdt cst cdt mst mdt gmt utc bst cet cest
ist aest local time hrs h m
""".split())
_LABEL = re.compile(
    r"^(?:(?:date|dated|published|posted|filed|updated|last\s+updated|modified|last\s+modified|"
    r"originally\s+published|first\s+published)(?:\s+on)?\s*[:\-–—]?\s*)", re.IGNORECASE)
_UPDATED = re.compile(r"^(?:last\s+)?(?:updated|modified|edited)\b", re.IGNORECASE)
_DATELINE_END = re.compile(r"\s(?:—|–|--|-)\s|\s?—\s?|/[^/\s][^/]{0,40}/")
_DOTTED_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])")  # "10.04 GMT"
# "WASHINGTON (AP) — ", "PORT AVERILL, Wales (Reuters) - ": a place in capitals.
_UNDATED_DATELINE = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ .’'-]+(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)*)?"
                               r"(?: \([A-Za-z][\w .-]*\))? ?(?:—|–|--|-) ")
_PARSER = dateutil_parser.parser()
_DEFAULTS = (dt.datetime(1, 1, 1), dt.datetime(2, 2, 2))


def date_line(line: str) -> dt.date | None:
    """The date of a line that is nothing but a date (and a label such as "Published:")."""
    if _ISO.match(line):  # the common case, without the parser
        try:
            return dt.date.fromisoformat(line)
        except ValueError:
            return None
    if len(line) > 120 or not _YEAR.search(line) or len(line.split()) > _MAX_WORDS:
        return None
    found = parse_date(line, allow=_LABEL_WORDS)
    if found is None and may_be_foreign_date(line):
        return foreign_date(line)
    return found


def is_update_line(line: str) -> bool:
    """"Updated: …" lines: their date is used only when nothing else is dated."""
    return bool(_UPDATED.match(line))


def strip_label(line: str) -> str:
    """The line without a leading "Published:"-like label."""
    return _LABEL.sub("", line, count=1)


def dateline(paragraph: str) -> tuple[dt.date | None, int]:
    """The date of an opening dateline and where the dateline ends.

    "NAIROBI, 9 April 2025 — The …" → (2025-04-09, index of "The");
    "WASHINGTON (AP) — The …" → (None, index of "The").
    Also press-release datelines: "SPRINGFIELD, Ill., March 3, 2025 /PRNewswire/ -- …".
    """
    head = paragraph[:120]
    place = _UNDATED_DATELINE.match(head)
    if place:
        return None, place.end()
    end = _DATELINE_END.search(head)
    if end is None or not _YEAR.search(head[:end.start()]):
        return None, 0
    stop = end.end()
    if head[end.start()] == "/":  # a wire service: the dash after it ends the dateline
        after = _DATELINE_END.search(head, end.end())
        stop = after.end() if after and after.start() - end.end() < 4 else end.end()
    prefix = head[:end.start()]
    date = parse_date(prefix, allow=None)
    if date is None and may_be_foreign_date(prefix):
        date = foreign_dateline(prefix)
    return (date, stop) if date else (None, 0)


def parse_date(text: str, allow: frozenset[str] | None) -> dt.date | None:
    """A full date found in `text`, or None.

    Words the parser skips must be in `allow`; with `allow=None` they may be
    any capitalised words (the place of a dateline), but nothing else.
    """
    text = _DOTTED_TIME.sub(r"\1:\2", strip_label(text.strip(" \t*_()[]")))
    try:
        first, skipped = _PARSER.parse(text, default=_DEFAULTS[0], fuzzy_with_tokens=True,
                                       ignoretz=True)
    except (ValueError, OverflowError, TypeError):
        return None
    if not _only_allowed(skipped, allow) or not _YEAR.search(text):
        return None
    if first.day == 1 or first.month == 1:  # was it written, or the default?
        second = _PARSER.parse(text, default=_DEFAULTS[1], fuzzy=True, ignoretz=True)
        if (second.day, second.month) != (first.day, first.month):
            return None
    return first.date() if first.year >= 1800 else None


def _only_allowed(skipped: tuple[str, ...], allow: frozenset[str] | None) -> bool:
    for token in " ".join(skipped).split():
        word = token.strip(",.:;()[]'\"")
        if not word or word in {"-", "—", "–", "|", "/"}:
            continue
        if allow is None:
            if not word[0].isupper():
                return False
        elif word.casefold() not in allow and not (word.isupper() and len(word) <= 5):
            return False
    return True
