"""The HTML our templates write, as Pagefind's reader sees it: its kinds of
element, the attributes of a start tag, where an element ends, and the
meta and filter pairs a tag asks for (see `extract.py`, which reads pages
with these). Plain string and regular-expression work, not a parser: it
expects well-formed HTML.
"""

from __future__ import annotations

import functools
import html
import re

SENTENCE = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li",
                      "article", "section"))
INLINE = frozenset(("a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code",
                    "dfn", "em", "i", "img", "input", "kbd", "label", "map", "object", "output",
                    "q", "samp", "script", "select", "small", "span", "strong", "sub", "sup",
                    "textarea", "time", "tt", "var"))
REMOVED = frozenset(("head", "style", "script", "noscript", "label", "form", "svg", "footer",
                     "nav", "iframe", "template"))
VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"))
HEADINGS = {"h1": "7", "h2": "6", "h3": "5", "h4": "4", "h5": "3", "h6": "2"}
SENTENCE_END = re.compile(r"[\w'\"\)\$\*]")
TOKEN = re.compile(r"<(/?)([A-Za-z][^\s/>]*)([^>]*)>|<!--.*?-->|<![^>]*>", re.S)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_NAMED_ATTRIBUTE = re.compile(r"^\s*(?P<name>[^:\[\]]+)\[(?P<attribute>.+)\]\s*$")
_SPACES = re.compile(r"\s{2,}")
_NEWLINES = re.compile(r"(\n|\r\n)+")
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)
HTML_START = re.compile(r"<html\b[^>]*>", re.I)
TAG_NAME = re.compile(r"<([A-Za-z][^\s/>]*)")
H1 = re.compile(r"<h1(?=[\s>])[^>]*>", re.I)
IMG = re.compile(r"<img(?=[\s/>])([^>]*)>", re.I)
_END_TAGS: dict[str, re.Pattern[str]] = {}
NO_ATTRIBUTES: dict[str, str] = {}
ID = re.compile(r"(?:^|\s)id\s*=", re.IGNORECASE)


def normalize(text: str) -> str:
    """Pagefind's `normalize_content`: entities decoded, outer space trimmed,
    line breaks made spaces, runs of space made one."""
    if "&" in text:
        text = html.unescape(text)
    text = text.strip()
    if "\n" in text:
        text = _NEWLINES.sub(" ", text)
    return _SPACES.sub(" ", text) if "  " in text or not text.isprintable() else text


@functools.lru_cache(maxsize=8192)
def attributes(tag_rest: str) -> dict[str, str]:
    """The attributes in the rest of a start tag (after its name), names
    lower-cased, values as written (entities are decoded later, as
    Pagefind does). Not to be changed: the same tags recur on many pages
    (an author's, a tag's), so they are read once."""
    found: dict[str, str] = {}
    for m in _ATTRIBUTE.finditer(tag_rest):
        name = m[1].lower()
        if name not in found:
            value = m[2] if m[2] is not None else m[3] if m[3] is not None else m[4]
            found[name] = value or ""
    return found


def element_end(document: str, name: str, start: int) -> tuple[int, int]:
    """Where the element whose start tag ends at `start` ends: the start and
    end of its end tag (both the document's end when it has none)."""
    pattern = _END_TAGS.get(name)
    if pattern is None:
        pattern = _END_TAGS[name] = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.I)
    depth = 1
    for m in pattern.finditer(document, start):
        depth += -1 if m[1] else 1
        if depth == 0:
            return m.start(), m.end()
    return len(document), len(document)


@functools.lru_cache(maxsize=8192)
def marks(tag_rest: str) -> tuple[list[str] | None, list[str] | None]:
    """The meta and filter pairs a start tag (the rest after its name) asks for."""
    attrs = attributes(tag_rest)
    return pairs(attrs, "data-pagefind-meta"), pairs(attrs, "data-pagefind-filter")


def pairs(attrs: dict[str, str], name: str) -> list[str] | None:
    """Pagefind's `parse_attr_string`: `a, b[attr]` or `name:literal`."""
    value = attrs.get(name)
    if value is None:
        return None
    value = html.unescape(value)
    if ":" in value:
        names, _, literal = value.partition(":")
        found = pairs({name: names}, name) or [""]
        found[-1] += ":" + literal
        return found
    out = []
    for chunk in value.split(","):
        chunk = chunk.strip()
        m = _NAMED_ATTRIBUTE.match(chunk)
        out.append(f"{m['name']}:{attrs.get(m['attribute'].lower(), '')}" if m else chunk)
    return out


def inside(where: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= where < end for start, end in ranges)
