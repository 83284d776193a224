"""A parsed seed → the text of its content file (YAML front matter + Markdown).

Seed text is prose, never markup: every character that Markdown or HTML
would interpret is escaped, so `*`, `_`, `#1 priority`, `2024.` at the
start of a paragraph, backticks, `[a](b)` and `<script>` show on the page
exactly as written.

The front matter records `seed_hash` (the seed's bytes) and `output_hash`
(this file as written, without that line), so a later ingest can tell
whether a person has edited the file since. Its fields, their order and
the YAML writer are the schema's (`sitegen.frontmatter`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from .. import frontmatter

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


def markdown_body(paragraphs: list[str] | tuple[str, ...]) -> str:
    """The article body: each paragraph escaped, a blank line between them."""
    return "\n\n".join(escape_markdown(p) for p in paragraphs)


def profile_text(meta: dict[str, Any], bio: str) -> str:
    return with_output_hash(meta, escape_markdown(bio))


def with_output_hash(meta: dict[str, Any], body: str) -> str:
    return file_text(frontmatter.yaml_lines(meta), body)


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


def front_matter(*, title: str, date: dt.date | None, authors: list[str], tags: list[str],
                 summary: str, seed: str, seed_digest: str, **optional: Any) -> dict[str, Any]:
    """The article's front matter, in the schema's order; `optional` fields
    (source, url, note, slug, draft, language) are written only when given."""
    return frontmatter.ordered({"title": title, "date": date, "authors": authors, "tags": tags,
                                "summary": summary, "seed": seed, "seed_hash": seed_digest,
                                **optional})
