"""A parsed seed → the text of its content file (YAML front matter + Markdown).

Seed text is prose, never markup: every character that Markdown or HTML
would interpret is escaped, so `*`, `_`, `#1 priority`, `2024.` at the
start of a paragraph, backticks, `[a](b)` and `<script>` show on the page
exactly as written.

The front matter records `seed_hash` (the seed's bytes) and `output_hash`
(this file as written, without that line), so a later ingest can tell
whether a person has edited the file since. It is written by `yaml_lines`,
not by PyYAML's emitter: front matter is a flat mapping of text, dates,
flags and lists of names, and the general emitter took a millisecond per
file, most of the time of ingesting a large collection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

_INLINE = re.compile(r"[\\`*_\[\]<]|&(?=#?\w+;)")
_INLINE_ESCAPES = {"<": "&lt;", "&": "&amp;"}
_LINE_START = re.compile(r"^(?:[#>+\-]|\d+(?=\.))")
_OUTPUT_HASH_LINE = re.compile(r"^output_hash: .*\n", re.MULTILINE)
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


def escape_markdown(paragraph: str) -> str:
    """`paragraph` (one line of prose) as Markdown that renders it literally."""
    text = _INLINE.sub(lambda m: _INLINE_ESCAPES.get(m.group(0), "\\" + m.group(0)), paragraph)
    match = _LINE_START.match(text)
    if match is None:
        return text
    if match.group(0).isdigit():  # "2024. That year" must not become a list
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return "\\" + text


def markdown_body(paragraphs: list[str] | tuple[str, ...]) -> str:
    """The article body: each paragraph escaped, a blank line between them."""
    return "\n\n".join(escape_markdown(p) for p in paragraphs)


def profile_text(meta: dict[str, Any], bio: str) -> str:
    return with_output_hash(meta, escape_markdown(bio))


def with_output_hash(meta: dict[str, Any], body: str) -> str:
    return file_text(yaml_lines(meta), body)


def file_text(front: str, body: str) -> str:
    """A content file from its front matter lines and body, `output_hash` added."""
    text = f"---\n{front}---\n\n{body}\n"
    insert_at = text.index("---\n\n")
    return f"{text[:insert_at]}output_hash: {text_hash(text)}\n{text[insert_at:]}"


def text_hash(text: str) -> str:
    """The hash recorded as `output_hash` (the file without that line)."""
    stripped = _OUTPUT_HASH_LINE.sub("", text, count=1)
    return hashlib.sha256(stripped.encode("utf-8")).hexdigest()[:16]


def recorded_hash(text: str) -> str | None:
    match = _OUTPUT_HASH_LINE.search(text)
    return match.group(0).split(":", 1)[1].strip() if match else None


def seed_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def yaml_lines(meta: dict[str, Any]) -> str:
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


def front_matter(*, title: str, date: dt.date | None, authors: list[str], tags: list[str],
                 summary: str, seed: str, seed_digest: str, **optional: Any) -> dict[str, Any]:
    """The article's front matter, in the order of DESIGN.md; `optional`
    fields (source, url, note, slug, draft) are written only when given."""
    meta: dict[str, Any] = {"title": title, "date": date, "authors": authors, "tags": tags,
                            "summary": summary, "seed": seed}
    for key in ("source", "url", "note", "slug", "draft"):
        if optional.get(key) is not None:
            meta[key] = optional[key]
    meta["seed_hash"] = seed_digest
    return meta
