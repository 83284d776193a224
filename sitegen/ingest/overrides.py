"""A YAML front-matter block at the top of a seed: the curator's corrections.

    ---
    title: The title I want
    date: 2025-03-03
    authors: [Jane Doe]
    ---
    (the article text, as pasted)

Every field of the schema a curator may give (`frontmatter.CURATED`:
title, date, authors, tags, summary, source, url, note, slug, draft,
language) may
be given; a given field replaces what ingest would find in the text.
Mistakes are errors with the line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import frontmatter
from ..yamlfile import parse_mapping
from .dates import date_line

# A block whose first line is a `key:` (a rule line above ordinary text is not one).
_BLOCK = re.compile(r"\A---[ \t]*\n(?P<yaml>[A-Za-z_][\w-]*[ \t]*:.*?\n)?"
                    r"(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
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
    language: str | None = None


def split_overrides(text: str, name: str) -> tuple[Overrides, str, tuple[str, ...]]:
    """(the overrides, the text after the block, warnings) of a seed's text."""
    match = _BLOCK.match(text)
    if match is None:
        return Overrides(), text, ()
    front = match.group("yaml") or ""
    warnings: list[str] = []
    reading = frontmatter.read(parse_mapping(front, name, first_line=2), front, name,
                               frontmatter.CURATED,
                               lambda line, message: warnings.append(
                                   f"line {line}: {message}; ignored"),
                               parse_date=date_line)
    values = {key: reading.values[key] for key in reading.given}
    return Overrides(**values), text[match.end():], tuple(warnings)
