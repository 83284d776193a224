"""The front-matter schema: every field, its type, its check, and how it is written.

One table for the three places that read or write front matter: `load`
(content files), ingest's seed overrides (a YAML block at the top of a
seed) and ingest's emitter, plus `new`. A new field is one `Field` line
here; readers, the override block and the writer then know it, and a
template shows it as `article.fields.<name>` (incremental builds notice
it by themselves: pages are fingerprinted by what they show, see
`tests/test_derived_staleness.py`).

`read` turns a parsed YAML mapping into checked values (an unknown key is
a warning with a suggestion, a wrong type an error with the key's line).
`yaml_lines` is the one YAML writer: front matter is a flat mapping of
text, dates, flags and lists of names, and PyYAML's general emitter took a
millisecond per file, most of the time of ingesting a large collection.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import SiteError, did_you_mean, shown
from .slugs import is_slug, slugify
from .yamlfile import key_line

TEXT, NAMES, DATE, FLAG, SLUG, URL = "text", "names", "date", "flag", "slug", "url"
LANGUAGE = "language"
ITEMS = "items"  # a reading list's articles: `- slug` or `- slug: note` lines
_EMPTY: dict[str, Any] = {TEXT: "", NAMES: (), DATE: None, FLAG: False, SLUG: "", URL: None,
                          LANGUAGE: None, ITEMS: ()}
# A language tag as HTML's `lang` takes it: "es", "pt-BR", "sr-Latn".
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = TEXT
    required: bool = False
    curated: bool = True  # a curator may give it in a seed's front-matter block
    always: bool = True  # written even when empty (else only when given)
    most: int | None = None  # names in a list at most


ARTICLE = (
    Field("title", required=True), Field("date", DATE),
    # Every page and list entry shows all the authors: a thousand made a site of gigabytes.
    Field("authors", NAMES, most=100),
    Field("tags", NAMES), Field("summary"), Field("seed", curated=False),
    Field("source", always=False), Field("url", URL, always=False),
    Field("note", always=False), Field("slug", SLUG, always=False),
    Field("draft", FLAG, always=False),
    Field("language", LANGUAGE, always=False),  # only when not the site's language
    Field("seed_hash", curated=False), Field("output_hash", curated=False),
)
PROFILE = (
    Field("name", required=True), Field("email", always=False), Field("source", always=False),
    Field("seed", curated=False, always=False), Field("seed_hash", curated=False, always=False),
    Field("output_hash", curated=False),
)
READING_LIST = (
    Field("title", required=True), Field("articles", ITEMS, required=True), Field("summary"),
    Field("draft", FLAG, always=False),
)
# What a seed's block may give (each field optional there: ingest finds the rest).
CURATED = tuple(replace(f, required=False) for f in ARTICLE if f.curated)


def iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Reading:
    """Every field's checked value (the empty value of its kind when not
    given), and the names of those given (not null or blank)."""

    values: dict[str, Any]
    given: frozenset[str]


def read(meta: Mapping[str, Any], front: str, path: str | Path, fields: tuple[Field, ...],
         warn: Callable[[int, str], None], first_line: int = 2,
         parse_date: Callable[[str], dt.date | None] = iso_date) -> Reading:
    """Check the values of `meta` (parsed from `front`, which starts at
    `first_line` of `path`) against `fields`; `warn(line, message)` hears of
    unknown keys first. Text is stripped, lists of names lose blanks and
    repeats; `parse_date` reads dates given as text (ISO in content files;
    a seed's block also takes "March 3, 2025")."""
    known = {f.name: f for f in fields}
    for key in meta:
        if key not in known:
            warn(key_line(front, key, first_line),
                 f"unknown front matter key `{key}`{did_you_mean(key, tuple(known))}")
    values = {}
    for field in fields:
        try:
            values[field.name] = _check(field, meta[field.name], parse_date) \
                if field.name in meta else _EMPTY[field.kind]
        except _Invalid as exc:
            raise SiteError(f"`{field.name}` {exc}", path,
                            key_line(front, field.name, first_line)) from None
        if field.required and values[field.name] == _EMPTY[field.kind]:
            raise SiteError(f"missing required field `{field.name}`", path, first_line)
    given = frozenset(k for k, v in meta.items() if k in known and v is not None and v != "")
    return Reading(values, given)


class _Invalid(ValueError):
    """A value of the wrong type or form (the caller adds the file and line)."""


def _check(field: Field, value: Any, parse_date: Callable[[str], dt.date | None]) -> Any:
    fail = _Invalid
    if type(value) is str and field.kind == TEXT:  # most values: no further checks
        return value.strip()
    if value is None or value == "":
        return _EMPTY[field.kind]
    if field.kind == FLAG:
        if not isinstance(value, bool):
            raise fail("must be true or false")
        return value
    if field.kind == NAMES:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list) or any(isinstance(i, (dict, list)) for i in items):
            raise fail("must be a list of names, like `[A, B]`")
        names = tuple(dict.fromkeys(n for n in (str(i).strip() for i in items if i is not None)
                                    if n))
        if field.most is not None and len(names) > field.most:
            raise fail(f"lists {len(names)} names; at most {field.most} are allowed")
        return names
    if field.kind == ITEMS:
        return _items(value)
    if field.kind == DATE:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        found = parse_date(value.strip()) if isinstance(value, str) else None
        if found is None:
            raise fail(f"must be a date like 2025-03-01, not {shown(value)}")
        return found
    if isinstance(value, (dict, list)):
        raise fail("must be text")
    text = str(value).strip()
    if field.kind == SLUG and not is_slug(text):
        raise fail(f"is not a valid slug (try `{slugify(text)}`)")
    if field.kind == URL and urlsplit(text).scheme not in ("http", "https"):
        raise fail(f"must be an http(s) address, not {text!r}")
    if field.kind == LANGUAGE and not _LANGUAGE_TAG.fullmatch(text):
        raise fail(f"must be a language code like `es` or `pt-BR`, not {text!r}")
    return text


def _items(value: Any) -> tuple[tuple[str, str], ...]:
    """A reading list's `articles`: (slug, note) pairs; the note is "" for a plain slug."""
    if not isinstance(value, list):
        raise _Invalid("must be a list of article slugs, one `- slug` or `- slug: note` a line")
    items = []
    for item in value:
        if isinstance(item, dict) and len(item) == 1:
            [(slug, note)] = item.items()
        else:
            slug, note = item, ""
        if isinstance(slug, (dict, list)) or slug is None or isinstance(note, (dict, list)):
            raise _Invalid(f"has an entry that is not `slug` or `slug: note`: {item!r}")
        items.append((str(slug).strip(), "" if note is None else str(note).strip()))
    return tuple(items)


def ordered(values: Mapping[str, Any], fields: tuple[Field, ...] = ARTICLE) -> dict[str, Any]:
    """`values` in the schema's order, ready for `yaml_lines`: fields that
    are always written appear (empty when not given), the others only when
    given (not None)."""
    return {f.name: values.get(f.name) for f in fields
            if f.name in values and (f.always or values[f.name] is not None)}


# Text that YAML reads back as the same string without quotes: it starts
# with a letter, has no character that YAML gives a meaning, and is not a
# word YAML 1.1 reads as true, false or null.
_PLAIN = re.compile(
    r"^[^\W\d_][^:#\[\]{},\"'\\|>&*!%@`\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]*(?<! )$")
# What JSON leaves as it is but YAML may not hold unescaped: line breaks of
# its own, DEL and the C1 controls, the two non-characters.
_YAML_ESCAPES = str.maketrans({c: f"\\u{ord(c):04x}" for c in (
    *map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029", "\ufffe", "\uffff")})
_NOT_PLAIN = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def yaml_lines(meta: Mapping[str, Any]) -> str:
    """`key: value` lines for a flat mapping of text, dates, flags, None and lists of text."""
    return "".join(f"{k}: {_yaml_value(v)}\n" if v is not None else f"{k}:\n"
                   for k, v in meta.items())


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml_text(str(item)) for item in value) + "]"
    return _yaml_text(str(value))


def _yaml_text(text: str) -> str:
    if _PLAIN.match(text) and text.casefold() not in _NOT_PLAIN:
        return text
    return json.dumps(text, ensure_ascii=False).translate(_YAML_ESCAPES)
