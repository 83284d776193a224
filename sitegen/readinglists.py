"""Reading lists: `content/lists/<slug>.md`, a curator's chosen path
through the collection.

The front matter gives the `title`, the `articles` in reading order (each
`- slug` or `- slug: why read it`), an optional `summary` and `draft`; the
body is the curator's introduction (Markdown). Each entry remembers its
line, so a slug no article has is an error pointing at it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import frontmatter
from .digest import digest
from .errors import Diagnostics
from .slugs import slugify
from .yamlfile import parse_mapping

LISTS_FOLDER = "lists"


@dataclass(frozen=True)
class ListItem:
    slug: str
    note: str  # the curator's note for this article in this list ("" for none)
    line: int  # in the list's file


@dataclass(frozen=True)
class ReadingList:
    path: str
    slug: str
    title: str
    summary: str
    draft: bool
    items: tuple[ListItem, ...]
    intro: str  # Markdown
    digest: str  # of the whole file and its path


def is_list_file(path: Path, content_dir: Path) -> bool:
    return path.parent.name == LISTS_FOLDER and path.parent.parent == content_dir


def parse_reading_list(path: Path, front: str, body: str, diag: Diagnostics) -> ReadingList:
    meta = parse_mapping(front, path, first_line=2)
    values = frontmatter.read(meta, front, path, frontmatter.READING_LIST,
                              lambda line, message: diag.warn(message, path, line)).values
    lines = _item_lines(front, len(values["articles"]))
    items = tuple(ListItem(slug, note, line)
                  for (slug, note), line in zip(values["articles"], lines, strict=True))
    return ReadingList(str(path), slugify(path.stem), values["title"], values["summary"],
                       values["draft"], items, body.strip(), digest(f"{path}\0{front}\0{body}"))


def _item_lines(front: str, count: int) -> list[int]:
    """The file line of each entry of `articles` (the front matter starts at line 2)."""
    root = yaml.compose(front, Loader=yaml.SafeLoader)
    for key, value in root.value:
        if key.value == "articles" and isinstance(value, yaml.SequenceNode):
            return [2 + item.start_mark.line for item in value.value]
    return [2] * count


def check_slugs(lists: Sequence[ReadingList], known: set[str], diag: Diagnostics) -> None:
    """Every entry must name an article; each unknown one is an error at its line."""
    for reading_list in lists:
        for item in reading_list.items:
            if item.slug not in known:
                diag.error(f"reading list `{reading_list.slug}` names `{item.slug}`, "
                           "which no article has as its slug", reading_list.path, item.line)
