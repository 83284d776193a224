"""A YAML front-matter block at the top of a seed: the curator's corrections.

    ---
    title: The title I want
    date: 2025-03-03
    authors: [Jane Doe]
    ---
    (the article text, as pasted)

Every field that a content file has (title, date, authors, tags, summary,
source, url, note, slug, draft) may be given; a given field replaces what
ingest would find in the text. Mistakes are errors with the line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..errors import SiteError, did_you_mean, shown
from ..slugs import slugify
from ..yamlfile import key_line, parse_mapping
from .dates import date_line

# A block whose first line is a `key:` (a rule line above ordinary text is not one).
_BLOCK = re.compile(r"\A---[ \t]*\n(?P<yaml>[A-Za-z_][\w-]*[ \t]*:.*?\n)?"
                    r"(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
FIELDS = ("title", "date", "authors", "tags", "summary", "source", "url", "note", "slug",
          "draft")


@dataclass(frozen=True)
class Overrides:
    """Fields given in the seed's front matter; None where the seed gives none."""

    title: str | None = None
    date: dt.date | None = None
    authors: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    summary: str | None = None
    source: str | None = None
    url: str | None = None
    note: str | None = None
    slug: str | None = None
    draft: bool | None = None


def split_overrides(text: str, name: str) -> tuple[Overrides, str, tuple[str, ...]]:
    """(the overrides, the text after the block, warnings) of a seed's text."""
    match = _BLOCK.match(text)
    if match is None:
        return Overrides(), text, ()
    front = match.group("yaml") or ""
    data = parse_mapping(front, name, first_line=2)
    warnings = tuple(f"line {key_line(front, key, 2)}: unknown front matter field `{key}`"
                     f"{did_you_mean(key, FIELDS)}; ignored" for key in data if key not in FIELDS)
    values = {key: _value(key, value, name, key_line(front, key, 2))
              for key, value in data.items() if key in FIELDS and value not in (None, "")}
    return Overrides(**values), text[match.end():], warnings


def _value(key: str, value: Any, name: str, line: int) -> Any:
    if key in ("authors", "tags"):
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list) or any(isinstance(i, (dict, list)) for i in items):
            raise SiteError(f"`{key}` must be a list of names, like `[A, B]`", name, line)
        return tuple(str(i).strip() for i in items if str(i).strip())
    if key == "draft":
        if not isinstance(value, bool):
            raise SiteError("`draft` must be true or false", name, line)
        return value
    if key == "date":
        return _date(value, name, line)
    if isinstance(value, (dict, list)):
        raise SiteError(f"`{key}` must be text", name, line)
    text = str(value).strip()
    if key == "slug" and slugify(text) != text:
        raise SiteError(f"`slug` is not a valid slug (try `{slugify(text)}`)", name, line)
    if key == "url" and urlsplit(text).scheme not in ("http", "https"):
        raise SiteError(f"`url` must be an http(s) address, not {shown(text)}", name, line)
    return text


def _date(value: Any, name: str, line: int) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = date_line(value) if isinstance(value, str) else None
    if found is None:
        raise SiteError(f"`date` must be a date like 2025-03-01, not {shown(value)}", name, line)
    return found
