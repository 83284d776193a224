"""What Pagefind would read from an article page: its text, meta and filters.

This follows the rules of Pagefind 1.5.2's HTML reader, for the markup
Pagefind documents: only the `data-pagefind-body` elements are indexed
(the whole `<html>` when a page has none); `data-pagefind-ignore` leaves an
element out (`="all"` also its meta and filters), and so are `head`,
`script`, `style`, `nav`, `footer`, `form`, `label`, `svg`, `iframe`,
`noscript` and `template`; a block element (`p`, `div`, `li`, `h1`…)
ends its sentence with a full stop when it has none; `h1`…`h6` weigh 7…2
times a word of text, `data-pagefind-weight` sets a weight; `data-pagefind-
meta` and `data-pagefind-filter` take a literal (`name:value`), an
attribute (`name[content]`) or the element's text; the title is the first
`h1` (else `<title>`), the image the first `<img>` after it.

It is not an HTML parser: it finds the few marked elements with plain
string searches and reads only the regions they cover with a small stack
of open elements (a body of plain markup, the usual article, in one pass
without it). That is what makes it cheap: about 0.1 ms for an article
page, where `html.parser`, with handlers that do nothing, takes 0.6 ms to
tokenise it. It expects the well-formed HTML our templates write.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from .markup import (
    H1,
    HEADINGS,
    HTML_START,
    ID,
    IMG,
    INLINE,
    NO_ATTRIBUTES,
    REMOVED,
    SENTENCE,
    SENTENCE_END,
    TAG_NAME,
    TITLE,
    TOKEN,
    VOID,
    attributes,
    element_end,
    inside,
    marks,
    normalize,
)

# Markers in the text (Pagefind writes `___PAGEFIND_WEIGHT___2` and the
# like into its text; control characters cannot come from a page's text).
WEIGHT, AUTO_WEIGHT, END_WEIGHT, ANCHOR = "\x01w", "\x01a", "\x01e", "\x01n"


@dataclass
class PageData:
    """The searchable parts of one page, as Pagefind's reader finds them."""

    text: str  # the indexed text, weight and anchor markers included
    meta: dict[str, str]
    filters: dict[str, list[str]]
    anchor_texts: dict[str, str] = field(default_factory=dict)  # "n:id" → its text


def read_page(document: str) -> PageData:
    """The searchable parts of the HTML `document`."""
    reader = _Reader(document)
    return reader.page()


class _Node:
    __slots__ = ("anchors", "filters", "metas", "name", "parts", "start", "status", "weight")

    def __init__(self, name: str, status: str, start: int = -1, weight: str | None = None,
                 anchors: list[str] | None = None, metas: list[str] | None = None,
                 filters: list[str] | None = None) -> None:
        self.name, self.status, self.start, self.weight = name, status, start, weight
        self.parts: list[str] = []
        self.anchors, self.metas, self.filters = anchors, metas, filters


# Node statuses, as Pagefind names them.
INDEXING, IGNORED, EXCLUDED, BODY, PARENT_OF_BODY = "indexing", "ignored", "excluded", "body", "pob"


class _Reader:
    def __init__(self, document: str) -> None:
        self.document = document
        self.meta: dict[str, str] = {}
        self.filters: dict[str, list[str]] = {}
        self.found: list[tuple[int, str, str, str]] = []  # (where, "meta"/"filter", name, value)
        self.anchor_texts: dict[str, str] = {}
        self.anchors = 0
        self.h1s: dict[int, str] = {}  # where an h1 starts → its text, from the walks
        # name, where its content starts and ends, the rest of its start tag
        self.body_tags: list[tuple[str, int, int, str]] = []
        self.body_starts: dict[int, int] = {}  # where a body's content starts → its start tag

    def page(self) -> PageData:
        excluded, bodies, outside = self._marked_tags()
        if bodies:
            text = "".join(self._plain_body(*tag) or self._walk(start, end, excluded)
                           for (start, end), tag in zip(bodies, self.body_tags, strict=True))
            self._marked_outside(outside, excluded)
        else:  # the whole page; its walk sees every marked element
            match = HTML_START.search(self.document)
            text = self._walk(match.end() if match else 0, len(self.document), excluded,
                              whole=True)
        for _, kind, name, value in sorted(self.found, key=lambda f: f[0]):
            if kind == "meta":
                self.meta[name] = value
            else:
                self.filters.setdefault(name, []).append(value)
        self._title_and_image(excluded)
        # Only its words count (split at white space), so its spaces need no tidying.
        return PageData(html.unescape(text) if "&" in text else text,
                        dict(sorted(self.meta.items())), dict(sorted(self.filters.items())),
                        self.anchor_texts)

    def _marked_tags(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]],
                                    list[tuple[int, int, str, str]]]:
        """The regions left out (`data-pagefind-ignore="all"`), the bodies,
        and the other elements with Pagefind's attributes: (start, end of the
        start tag, name, the rest of the start tag)."""
        doc, tags, at = self.document, [], 0
        while (at := doc.find("data-pagefind-", at)) >= 0:
            start = doc.rfind("<", 0, at)
            end = doc.find(">", at)
            at += 14
            m = TAG_NAME.match(doc, start) if start >= 0 else None
            if m is None or end < 0 or doc.find(">", start, at) >= 0 \
                    or (tags and tags[-1][0] == start):
                continue  # in the text, not in a tag; or the same tag again
            tags.append((start, end + 1, m[1].lower(), doc[m.end():end]))
        excluded = [(start, element_end(doc, name, end)[1]) for start, end, name, rest in tags
                    if attributes(rest).get("data-pagefind-ignore", "").lower()
                    not in ("", "index", "true") and name not in VOID]
        bodies: list[tuple[int, int]] = []
        for start, end, name, rest in tags:
            attrs = attributes(rest)
            if "data-pagefind-body" in attrs and not inside(start, excluded) \
                    and not (bodies and start < bodies[-1][1]):
                close, after = (end, end) if name in VOID else element_end(doc, name, end)
                bodies.append((start, after))
                self.body_tags.append((name, end, close, rest))
                self.body_starts[end] = start
        outside = [tag for tag in tags if not inside(tag[0], bodies)
                   and not inside(tag[0], excluded) and marks(tag[3]) != (None, None)]
        return excluded, bodies, outside

    def _marked_outside(self, tags: list[tuple[int, int, str, str]],
                        excluded: list[tuple[int, int]]) -> None:
        """Meta and filters of the marked elements the body walks did not see."""
        for start, end, name, rest in tags:
            metas, filters = marks(rest)
            where, value = start, ""
            if name not in VOID:
                close, where = element_end(self.document, name, end)
                if not all(":" in pair for pair in (*(metas or ()), *(filters or ()))):
                    value = self._text_of(end, close, excluded)
            self._record(where, metas, filters, value)

    def _record(self, where: int, metas: list[str] | None, filters: list[str] | None,
                text: str) -> None:
        for kind, pairs in (("filter", filters), ("meta", metas)):
            for pair in pairs or ():
                name, sep, value = pair.partition(":")
                if sep:
                    self.found.append((where, kind, name, normalize(value)))
                elif text:
                    self.found.append((where, kind, pair, normalize(text)))

    def _title_and_image(self, excluded: list[tuple[int, int]]) -> None:
        doc = self.document
        after = None
        if "title" not in self.meta:
            at = 0
            while (m := H1.search(doc, at)) is not None:
                close, end = element_end(doc, "h1", m.end())
                at = end
                if inside(m.start(), excluded):
                    continue
                text = self.h1s.get(m.start())
                if text is None:
                    text = self._text_of(m.end(), close, excluded)
                if text.strip():
                    self.meta["title"], after = normalize(text), end
                    break
            else:
                title = TITLE.search(doc)
                if title is not None:
                    self.meta["title"] = normalize(title[1])
        else:
            after = 0
        if after is None or "image" in self.meta:
            return
        for m in IMG.finditer(doc, after):
            attrs = attributes(m[1])
            if "src" in attrs and not inside(m.start(), excluded):
                self.meta["image"] = attrs["src"]
                self.meta["image_alt"] = attrs.get("alt", "")
                break

    # Reading a region

    def _text_of(self, start: int, end: int, excluded: list[tuple[int, int]]) -> str:
        """The text of an element's content, as Pagefind's reader has it when
        the element ends (block punctuation of its children included)."""
        saved = self.found, self.anchor_texts, self.anchors
        root = _Node("", INDEXING)
        self._run(start, end, root, excluded, record=False)
        self.found, self.anchor_texts, self.anchors = saved
        return "".join(root.parts)

    def _plain_body(self, name: str, start: int, end: int, rest: str) -> str | None:
        """The text of a body element whose content is plain markup (no
        Pagefind attribute, id or left-out element in it), read in one pass
        without a stack: each block element adds a space before, a full
        stop if its text ends a sentence without one, and a space after;
        headings their weight. None when the content is not plain."""
        doc = self.document
        if name in VOID:
            return None
        out: list[str] = []
        self._block_open(name, out)
        opened = len(out)
        at = start
        for m in TOKEN.finditer(doc, start, end):
            if m.start() > at:
                out.append(doc[at:m.start()])
            at = m.end()
            tag = m[2]
            if tag is None:
                continue
            tag, inner = tag.lower(), m[3]
            if tag in REMOVED or "data-pagefind" in inner or ("id" in inner
                                                             and ID.search(inner)):
                return None
            if tag in SENTENCE:
                (self._block_close if m[1] else self._block_open)(tag, out)
            elif tag == "br":
                out.append(" ")
        if end > at:
            out.append(doc[at:end])
        value = "".join(out[opened:])
        if name == "h1":
            self.h1s.setdefault(self.body_starts[start], value)
        self._record(end, *marks(rest), value)
        self._block_close(name, out)
        return "".join(out)

    @staticmethod
    def _block_open(name: str, out: list[str]) -> None:
        if name in HEADINGS:
            out.append(f" {AUTO_WEIGHT}{HEADINGS[name]} ")
        if name in SENTENCE:
            out.append(" ")

    @staticmethod
    def _block_close(name: str, out: list[str]) -> None:
        if name in SENTENCE:
            out.append(". " if out and SENTENCE_END.match(out[-1][-1]) else " ")
        if name in HEADINGS:
            out.append(f" {END_WEIGHT} ")

    def _walk(self, start: int, end: int, excluded: list[tuple[int, int]],
              whole: bool = False) -> str:
        root = _Node("", INDEXING)
        self._run(start, end, root, excluded, record=True, whole=whole)
        return "".join(root.parts)

    def _run(self, start: int, end: int, root: _Node, excluded: list[tuple[int, int]],
             record: bool, whole: bool = False) -> None:
        doc = self.document
        stack = [root]
        at = start
        for m in TOKEN.finditer(doc, start, end):
            if m.start() > at:
                self._text(stack[-1], doc[at:m.start()])
            at = m.end()
            name = m[2]
            if name is None:
                continue  # a comment or doctype
            name = name.lower()
            if m[1]:
                self._close(stack, name, m.start(), record)
            else:
                self._open(stack, name, m[3], m.start(), record, whole)
        if at < end:
            self._text(stack[-1], doc[at:end])
        while len(stack) > 1:
            self._finish(stack, len(doc), record)

    def _text(self, node: _Node, text: str) -> None:
        node.parts.append(text)
        if node.anchors and node.status not in (IGNORED, EXCLUDED):
            for anchor in node.anchors:
                self.anchor_texts[anchor] = self.anchor_texts.get(anchor, "") + text

    def _open(self, stack: list[_Node], name: str, rest: str, where: int, record: bool,
              whole: bool) -> None:
        parent = stack[-1]
        marked = "data-pagefind" in rest
        attrs = attributes(rest) if marked or "id" in rest else NO_ATTRIBUTES
        ignore = attrs.get("data-pagefind-ignore")
        if "data-pagefind-body" in attrs:
            status = BODY
        elif ignore is not None:
            status = IGNORED if ignore.lower() in ("", "index", "true") else EXCLUDED
        else:
            status = INDEXING
        if parent.status == EXCLUDED:
            status = EXCLUDED
        elif name in REMOVED or (whole and name == "head"):
            status = IGNORED
        anchors = list(parent.anchors) if parent.anchors and name in INLINE else None
        element_id = attrs.get("id")
        if element_id is not None and status not in (IGNORED, EXCLUDED) and not (
                parent.status == PARENT_OF_BODY and status not in (BODY, PARENT_OF_BODY)):
            anchor = f"{self.anchors}:{''.join(element_id.split())}"
            parent.parts.append(f" {ANCHOR}{name}:{anchor} ")
            anchors = [*(anchors or []), anchor]
            self.anchors += 1
        if name == "br" and status != EXCLUDED:
            parent.parts.append(" ")
        node = _Node(name, status, where, attrs.get("data-pagefind-weight"), anchors,
                     *(marks(rest) if marked else (None, None)))
        if name in VOID:
            if status != EXCLUDED and record:
                self._record(where, node.metas, node.filters, "")
            return
        stack.append(node)

    def _close(self, stack: list[_Node], name: str, where: int, record: bool) -> None:
        for depth in range(len(stack) - 1, 0, -1):
            if stack[depth].name == name:
                while len(stack) > depth:
                    self._finish(stack, where, record)
                return

    def _finish(self, stack: list[_Node], where: int, record: bool) -> None:
        node = stack.pop()
        parent = stack[-1]
        if node.status == EXCLUDED:
            return
        value = "".join(node.parts)
        if node.name == "h1":
            self.h1s.setdefault(node.start, value)
        if record and (node.metas or node.filters):
            self._record(where, node.metas, node.filters, value)
        if node.status == IGNORED:
            return
        if node.name in SENTENCE:
            value = " " + value
            if value and SENTENCE_END.match(value[-1]):
                value += "."
            value += " "
        if node.weight is not None:
            value = f" {WEIGHT}{node.weight} {value} {END_WEIGHT} "
        elif node.name in HEADINGS:
            value = f" {AUTO_WEIGHT}{HEADINGS[node.name]} {value} {END_WEIGHT} "
        if parent.status == PARENT_OF_BODY and node.status not in (BODY, PARENT_OF_BODY):
            return
        if node.status in (BODY, PARENT_OF_BODY):
            if parent.status != PARENT_OF_BODY:
                parent.parts.clear()
            parent.status = PARENT_OF_BODY
        parent.parts.append(value)
