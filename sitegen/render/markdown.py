"""Markdown → HTML for article bodies and author bios (Python-Markdown).

Most article bodies are plain prose: paragraphs of one line each with no
character Markdown would act on. For those, `convert` writes the HTML that
Python-Markdown would write, directly, which is a hundred times faster;
everything else goes through Python-Markdown. A test checks that both
paths agree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

EXTENSIONS = ["tables", "footnotes", "fenced_code", "sane_lists"]
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b")
# Characters Markdown might act on anywhere: inline syntax, tabs; and
# entities (apart: one character class alone is searched several times faster).
_SPECIAL = re.compile(r"[\\`*_\[\]<!|~{}\t\r]")
_ENTITY = re.compile(r"&(?:#|\w+;)")
# What makes a line a heading, quote, list, rule or code block.
_BLOCK_START = frozenset(" #>+-=")
_NUMBERED = re.compile(r"\d+[.)]")


def converter() -> Callable[[str], str]:
    """A reusable Markdown → HTML function (one parser, reset per text).

    Python-Markdown is imported on first need: with its extensions it takes
    a noticeable part of a small rebuild's time.
    """
    parser = []

    def convert(text: str) -> str:
        plain = plain_html(text)
        if plain is not None:
            return plain
        if not parser:
            import markdown

            parser.append(markdown.Markdown(extensions=EXTENSIONS, output_format="html"))
        parser[0].reset()
        return parser[0].convert(text)

    return convert


def body_html(text: str) -> tuple[str, bool]:
    """An article body's HTML, and whether Python-Markdown made it (only
    its work is worth keeping in the build cache)."""
    plain = plain_html(text)
    if plain is not None:
        return plain, False
    return _shared_converter()(text), True


@functools.lru_cache(maxsize=1)
def _shared_converter() -> Callable[[str], str]:
    return converter()


def plain_html(text: str) -> str | None:
    """Python-Markdown's output for plain prose, or None when `text` is not
    plain: one-line paragraphs with nothing Markdown would act on."""
    text = text.strip("\n")
    if not text or _SPECIAL.search(text) or ("&" in text and _ENTITY.search(text)):
        return None
    paragraphs = text.split("\n\n")
    for paragraph in paragraphs:
        if (not paragraph or "\n" in paragraph or paragraph[0] in _BLOCK_START
                or paragraph[-1] == " " or _NUMBERED.match(paragraph)):
            return None
    return "\n".join(f"<p>{p.replace('&', '&amp;').replace('>', '&gt;')}</p>"
                     for p in paragraphs)


def hide_emails(text: str) -> str:
    """Spell out e-mail addresses so harvesters don't find `name@host`."""
    return _EMAIL.sub(lambda m: f"{m.group(1)} (at) {m.group(2).replace('.', ' (dot) ')}", text)


def link_emails(text: str) -> str:
    """Turn e-mail addresses in Markdown into `mailto:` links."""
    return _EMAIL.sub(lambda m: f"<{m.group(0)}>", text)
