"""Files beside the Markdown in `content/`: images, PDFs, audio.

Every file under `content/` that is not a content file (`.md`) is copied
to the same path in the site (`content/images/ferry.png` →
`/images/ferry.png` under `base_url`), so an article can sit in a folder
with its pictures (a page bundle). A relative link or image in an
article's body, `![A ferry](images/ferry.png)`, is resolved relative to
the article's file, not to the page it ends up on, and becomes a link
built from `base_url`.

An asset's fingerprint is its file's stamp (size, times, inode), so a
build never reads an unchanged asset: a large audio file costs nothing
until it changes.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from .confine import OUTSIDE, leads_outside
from .errors import SiteError
from .urls import Urls

SKIPPED_PREFIXES = (".", "_")  # as for content files: backups, things kept aside
SKIPPED_SUFFIXES = ("~", ".md")  # editor backups; content files are pages, not assets

# `src="…"`/`href="…"` inside a tag (Python-Markdown quotes with "; text
# never holds a raw `<`, so a match is always an attribute).
_LINK = re.compile(r'(<[A-Za-z][^<>]*?\s(?:src|href)=")([^"]*)(")')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_NO_ALT = re.compile(r"!\[\s*\][(\[]")


@dataclass(frozen=True)
class Asset:
    path: str  # in the site, the same as below content/ (posix)
    source: Path
    stamp: str  # changes whenever the file may have changed

    @property
    def fingerprint(self) -> str:
        return f"asset:{self.stamp}"


def content_inputs(content_dir: Path, project_root: Path | None,
                   ) -> tuple[dict[str, str], tuple[Asset, ...]]:
    """The content files (path → stamp of each `.md` file, in no order; see
    `load.content_files`) and the assets below `content_dir` (the files to
    copy, sorted by path; none without `project_root`), found in one walk:
    at 100,000 articles, a second walk cost a tenth of a second of every
    build. A symbolic link (to a file or a folder) leading outside the
    project is refused by its own name, as for every input."""
    if not content_dir.is_dir():
        return {}, ()
    files: dict[str, str] = {}
    found = []
    root = project_root or content_dir  # (links are checked only where assets are looked for)
    folders = [(str(content_dir), project_root is not None)]
    while folders:
        folder, copied = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith(SKIPPED_PREFIXES):
                    continue
                copy = copied and not name.endswith(SKIPPED_SUFFIXES)
                if copy and entry.is_symlink() and leads_outside(Path(entry.path), root):
                    raise SiteError(OUTSIDE, entry.path)
                if entry.is_dir():
                    folders.append((entry.path, copy))
                elif name.endswith(".md"):
                    st = entry.stat()
                    files[entry.path] = \
                        f"{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_size}:{st.st_ino}"
                elif copy and entry.is_file():
                    found.append(_asset(entry, content_dir))
    return files, tuple(sorted(found, key=lambda asset: asset.path))


def _asset(entry: os.DirEntry[str], content_dir: Path) -> Asset:
    st = entry.stat()
    return Asset(Path(entry.path).relative_to(content_dir).as_posix(), Path(entry.path),
                 f"{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_size}:{st.st_ino}")


def relink(body: str, folder: str, urls: Urls) -> str:
    """`body` (an article's HTML) with every relative `src`/`href` resolved
    against `folder` (the article file's folder below content/, posix, "" at
    the top) and built from `base_url`. A link that climbs out of content/
    is left as written (the link check reports it)."""
    if "src=" not in body and "href=" not in body:
        return body

    def resolve(match: re.Match[str]) -> str:
        value = html.unescape(match.group(2))
        if not value or value.startswith(("/", "#", "?")) or _SCHEME.match(value):
            return match.group(0)
        path, mark, rest = _split(value)
        target = posixpath.normpath(posixpath.join(folder, unquote(path)))
        if target == ".." or target.startswith("../"):
            return match.group(0)
        target = "" if target == "." else target + "/" * path.endswith("/")
        link = urls.path(target) + mark + rest
        return match.group(1) + html.escape(link) + match.group(3)

    return _LINK.sub(resolve, body)


def _split(value: str) -> tuple[str, str, str]:
    """(path, "?" or "#" or "", the rest) of a relative link."""
    cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
    return value[:cut], value[cut:cut + 1], value[cut + 1:]


def images_without_alt(body: str) -> list[int]:
    """The lines (1 = the body's first) of Markdown images with no alt text."""
    if "![" not in body:
        return []
    return [body.count("\n", 0, match.start()) + 1 for match in _NO_ALT.finditer(body)]
