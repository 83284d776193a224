"""`build.py check`: every internal link of a built site leads somewhere.

Each `href` and `src` in every HTML page is resolved the way a browser
would, against the page's own URL under `base_url`; it must stay under the
base path and name a file of the site, and a `#fragment` must be an `id` on
the target page. Feeds and the sitemap must use absolute URLs under
`base_url` that exist. Links to other hosts are left alone unless asked.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .urls import Urls

_ATTRIBUTE = re.compile(r"""\s(href|src|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
                        re.IGNORECASE)
_XML_URL = re.compile(r"<loc>([^<]*)</loc>|<link\b[^>]*\bhref=\"([^\"]*)\"|<id>([^<]*)</id>")
_IGNORED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")


@dataclass(frozen=True, slots=True)
class LinkProblem:
    page: str  # site-relative path of the page with the link
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.reason}"


def check_site(site_dir: Path, base_url: str) -> list[LinkProblem]:
    """Every broken internal link in the site at `site_dir`."""
    site = _Site(site_dir, Urls(base_url))
    problems: list[LinkProblem] = []
    for page in sorted(site_dir.rglob("*")):
        relative = page.relative_to(site_dir).as_posix()
        if page.suffix == ".html":
            problems += site.check_html(relative)
        elif page.suffix == ".xml":
            problems += site.check_xml(relative)
    return problems


class _Site:
    def __init__(self, root: Path, urls: Urls) -> None:
        self.root, self.urls = root, urls
        self.ids: dict[str, set[str]] = {}

    def check_html(self, relative: str) -> Iterator[LinkProblem]:
        text = (self.root / relative).read_text(encoding="utf-8", errors="replace")
        page_url = self.urls.absolute(relative.removesuffix("index.html"))
        for name, value in _attributes(text):
            if name == "id" or not value or value.startswith(_IGNORED_SCHEMES):
                continue
            target = urljoin(page_url, value)
            if not target.startswith(self.urls.origin + "/"):
                continue  # another host
            reason = self._resolve(target)
            if reason:
                yield LinkProblem(relative, value, reason)

    def check_xml(self, relative: str) -> Iterator[LinkProblem]:
        text = (self.root / relative).read_text(encoding="utf-8", errors="replace")
        for match in _XML_URL.finditer(text):
            value = html.unescape(next(g for g in match.groups() if g is not None))
            if not value.startswith(self.urls.absolute()):
                yield LinkProblem(relative, value,
                                  f"not an absolute URL under {self.urls.absolute()}")
                continue
            reason = self._resolve(value)
            if reason:
                yield LinkProblem(relative, value, reason)

    def _resolve(self, url: str) -> str | None:
        """Why `url` (absolute, on our host) does not resolve, or None."""
        parts = urlsplit(url)
        if not (parts.path + "/").startswith(self.urls.base_path):
            return f"outside the base path {self.urls.base_path}"
        inside = unquote(parts.path[len(self.urls.base_path):])
        file = self._file_for(inside)
        if file is None:
            return "no such file in the site"
        if parts.fragment and parts.fragment not in self._ids(file):
            return f"no element with id {parts.fragment!r} on the target page"
        return None

    def _file_for(self, inside: str) -> str | None:
        if ".." in inside.split("/"):
            return None
        candidates = [inside + "index.html"] if inside.endswith("/") or not inside else \
            [inside, inside + "/index.html"]
        return next((c for c in candidates if (self.root / c).is_file()), None)

    def _ids(self, file: str) -> set[str]:
        if file not in self.ids:
            text = (self.root / file).read_text(encoding="utf-8", errors="replace")
            self.ids[file] = {value for name, value in _attributes(text) if name == "id"}
        return self.ids[file]


def _attributes(text: str) -> Iterator[tuple[str, str]]:
    """(attribute name, unescaped value) for href, src and id in HTML text."""
    for match in _ATTRIBUTE.finditer(text):
        raw = next(g for g in match.groups()[1:] if g is not None)
        yield match.group(1).lower(), html.unescape(raw)
