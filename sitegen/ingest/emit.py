"""A parsed seed → the text of its content file (YAML front matter + Markdown).

Seed text is prose, never markup: every character that Markdown or HTML
would interpret is escaped, so `*`, `_`, `#1 priority`, `2024.` at the
start of a paragraph, backticks, `[a](b)` and `<script>` show on the page
exactly as written.

The front matter records `seed_hash` (the seed's bytes) and `output_hash`
(this file as written, without that line), so a later ingest can tell
whether a person has edited the file since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from ..yamlfile import dump

_INLINE = re.compile(r"[\\`*_\[\]<]|&(?=#?\w+;)")
_INLINE_ESCAPES = {"<": "&lt;", "&": "&amp;"}
_LINE_START = re.compile(r"^(?:[#>+\-]|\d+(?=\.))")
_OUTPUT_HASH_LINE = re.compile(r"^output_hash: .*\n", re.MULTILINE)


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


def article_text(meta: dict[str, Any], paragraphs: list[str]) -> str:
    """The content file for an article: front matter, then the escaped body."""
    body = "\n\n".join(escape_markdown(p) for p in paragraphs)
    return with_output_hash(meta, body)


def profile_text(meta: dict[str, Any], bio: str) -> str:
    return with_output_hash(meta, escape_markdown(bio))


def with_output_hash(meta: dict[str, Any], body: str) -> str:
    text = f"---\n{dump(meta)}---\n\n{body}\n"
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


def front_matter(*, title: str, date: dt.date | None, authors: list[str], tags: list[str],
                 summary: str, seed: str, source: str | None, seed_digest: str) -> dict[str, Any]:
    """The article's front matter, in the order of DESIGN.md."""
    meta: dict[str, Any] = {"title": title, "date": date, "authors": authors, "tags": tags,
                            "summary": summary, "seed": seed}
    if source:
        meta["source"] = source
    meta["seed_hash"] = seed_digest
    return meta
