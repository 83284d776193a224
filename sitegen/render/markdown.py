"""Markdown → HTML for article bodies and author bios (Python-Markdown)."""

from __future__ import annotations

import re
from collections.abc import Callable

import markdown

EXTENSIONS = ["tables", "footnotes", "fenced_code", "sane_lists"]
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b")


def converter() -> Callable[[str], str]:
    """A reusable Markdown → HTML function (one parser, reset per text)."""
    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert


def hide_emails(text: str) -> str:
    """Spell out e-mail addresses so harvesters don't find `name@host`."""
    return _EMAIL.sub(lambda m: f"{m.group(1)} (at) {m.group(2).replace('.', ' (dot) ')}", text)


def link_emails(text: str) -> str:
    """Turn e-mail addresses in Markdown into `mailto:` links."""
    return _EMAIL.sub(lambda m: f"<{m.group(0)}>", text)
