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


def converter(raw_html: bool = False) -> Callable[[str], str]:
    """A reusable Markdown → HTML function (one parser, reset per text).

    Raw HTML in the text (`<script>`, `<iframe>`, `<b>`) is shown as text,
    escaped, as a seed's is, unless `raw_html` (the setting of that name)
    lets it through. Python-Markdown is imported on first need: with its
    extensions it takes a noticeable part of a small rebuild's time.
    """
    parser = []

    def convert(text: str) -> str:
        plain = plain_html(text)
        if plain is not None:
            return plain
        if not parser:
            import markdown

            parser.append(markdown.Markdown(extensions=EXTENSIONS, output_format="html"))
            if not raw_html:
                parser[0].preprocessors.deregister("html_block")
                parser[0].inlinePatterns.deregister("html")
        parser[0].reset()
        return parser[0].convert(text)

    return convert


def body_html(text: str, raw_html: bool = False) -> tuple[str, bool]:
    """An article body's HTML, and whether Python-Markdown made it (only
    its work is worth keeping in the build cache)."""
    plain = plain_html(text)
    if plain is not None:
        return plain, False
    return _shared_converter(raw_html)(text), True


@functools.lru_cache(maxsize=2)
def _shared_converter(raw_html: bool) -> Callable[[str], str]:
    return converter(raw_html)


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


def note_converter(base_path: str) -> Callable[[str], str]:
    """Inline Markdown → HTML for curators' notes (emphasis, code, links).

    The note is text the curator typed in front matter, shown inside a
    line of a card or a feed entry: only paragraphs are made (no headings,
    lists or images), raw HTML is shown as text, a link to a site path
    (`/articles/x/`) is built from `base_path`, and a link with a scheme
    other than http(s) or mailto keeps its text but loses its address.
    """
    import markdown
    from markdown.treeprocessors import Treeprocessor

    class _Links(Treeprocessor):
        def run(self, root):  # type: ignore[no-untyped-def]
            for link in root.iter("a"):
                href = link.get("href", "")
                scheme = href.split(":", 1)[0].lower() if ":" in href.split("/", 1)[0] else ""
                if scheme in ("http", "https", "mailto"):
                    continue
                if scheme or href.startswith("//"):
                    link.tag, link.attrib = "span", {}
                elif not href.startswith("#"):  # a path in the site, whatever page shows it
                    link.set("href", base_path + href.lstrip("/"))
            return None

    parser = markdown.Markdown(output_format="html")
    for name in [item.name for item in parser.parser.blockprocessors._priority]:
        if name not in ("empty", "paragraph"):
            parser.parser.blockprocessors.deregister(name)
    for name in ("image_link", "image_reference", "short_image_ref", "reference",
                 "short_reference", "autolink", "automail", "html"):
        parser.inlinePatterns.deregister(name)
    parser.preprocessors.deregister("html_block")  # raw HTML stays text, escaped on output
    parser.treeprocessors.register(_Links(parser), "note_links", 5)

    def convert(text: str) -> str:
        parser.reset()
        paragraphs = parser.convert(text).split("\n")
        return " ".join(p.removeprefix("<p>").removesuffix("</p>") for p in paragraphs if p)

    return convert
