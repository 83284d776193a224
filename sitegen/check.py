"""`sitegen check`: every link of a built site leads somewhere.

Each `href` and `src` of every HTML tag is resolved the way a browser
would, against the page's own URL under `base_url`; it must stay under the
base path and name a file of the site, and a `#fragment` must be an `id` on
the target page. The absolute URLs meant for other sites (feeds, the
sitemap, `robots.txt`, canonical and Open Graph addresses) must be under
`base_url` and exist. Links to other hosts are checked only on request
(`external`), since that needs the network.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .errors import SiteError
from .urls import Urls

# A tag as the templates write it; text never holds a raw `<` (it is escaped).
_VALUE = r"""(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"""
_ATTRIBUTE = re.compile(rf"""([^\s"'>/=]+)(?:\s*=\s*{_VALUE})?""")
# Only tags with an attribute the checker reads (most tags of a page have none).
_TAG = re.compile(rf"""<([a-zA-Z][\w-]*)(?=[^>]*\s(?:href|src|id|content)\s*=)"""
                  rf"""((?:\s+{_ATTRIBUTE.pattern})*)\s*/?>""")
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$|[?#])")
_XML_URL = re.compile(r"<loc>([^<]*)</loc>|<link\b[^>]*\bhref=\"([^\"]*)\"|<id>([^<]*)</id>")
_ROBOTS_SITEMAP = re.compile(r"^Sitemap:\s*(\S+)", re.MULTILINE | re.IGNORECASE)
_ABSOLUTE_META = ("og:url", "og:image", "twitter:image")  # must be full URLs
_IGNORED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")


@dataclass(frozen=True, slots=True)
class LinkProblem:
    page: str  # site-relative path of the page with the link
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.reason}"

    def as_error(self, site_dir: Path) -> SiteError:
        return SiteError(f"broken link {self.link}: {self.reason}", site_dir / self.page)


def check_site(site_dir: Path, base_url: str, external: bool = False,
               timeout: float = 10.0) -> list[LinkProblem]:
    """Every broken link in the site at `site_dir`, by page; with `external`,
    also the links to other hosts that do not answer within `timeout` seconds."""
    if not (site_dir / "index.html").is_file():
        raise SiteError("no built site here (no index.html); run `sitegen build` first",
                        site_dir)
    site = _Site(site_dir, Urls(base_url))
    problems: list[LinkProblem] = []
    for page in sorted(site_dir.rglob("*")):
        relative = page.relative_to(site_dir).as_posix()
        if page.suffix == ".html":
            problems += site.check_html(relative)
        elif page.suffix == ".xml" or relative == "robots.txt":
            problems += site.check_absolute(relative)
    if external:
        from .external import unreachable  # the network modules only when asked

        for url, reason in unreachable(sorted(site.external), timeout).items():
            problems += [LinkProblem(page, url, reason) for page in site.external[url]]
    once = {(p.page, p.link): p for p in reversed(problems)}  # a link once per page
    return sorted(once.values(), key=lambda p: (p.page, p.link))


class _Site:
    def __init__(self, root: Path, urls: Urls) -> None:
        self.root, self.urls = root, urls
        self.ids: dict[str, set[str]] = {}
        self.resolved: dict[str, str | None] = {}  # the same targets recur on every page
        self.external: dict[str, list[str]] = defaultdict(list)  # URL → pages linking to it

    def check_html(self, relative: str) -> Iterator[LinkProblem]:
        page_url = self.urls.absolute(relative.removesuffix("index.html"))
        tags = list(_tags(self._read(relative)))
        self.ids[relative] = {attributes["id"] for _, attributes in tags if "id" in attributes}
        for tag, attributes in tags:
            for name in ("href", "src"):
                value = attributes.get(name)
                if value and not value.startswith(_IGNORED_SCHEMES):
                    yield from self._check_link(relative, page_url, value)
            if tag == "meta" and (attributes.get("property") or attributes.get("name")) \
                    in _ABSOLUTE_META:
                yield from self._check_absolute_url(relative, attributes.get("content", ""))

    def check_absolute(self, relative: str) -> Iterator[LinkProblem]:
        """Feeds, the sitemap and robots.txt: full URLs under `base_url` that exist."""
        text = self._read(relative)
        if relative == "robots.txt":
            values = _ROBOTS_SITEMAP.findall(text)
        else:
            values = [html.unescape(next(g for g in m.groups() if g is not None))
                      for m in _XML_URL.finditer(text)]
        for value in values:
            yield from self._check_absolute_url(relative, value)

    def _check_link(self, relative: str, page_url: str, value: str) -> Iterator[LinkProblem]:
        target = self._join(page_url, value)
        if target.startswith(self.urls.origin + "/"):
            reason = self._resolve(target)
            if reason:
                yield LinkProblem(relative, value, reason)
        elif urlsplit(target).scheme in ("http", "https"):
            self.external[target.split("#", 1)[0]].append(relative)

    def _check_absolute_url(self, relative: str, value: str) -> Iterator[LinkProblem]:
        if not value.startswith(self.urls.absolute()):
            yield LinkProblem(relative, value, f"not an absolute URL under {self.urls.absolute()}")
            return
        reason = self._resolve(value)
        if reason:
            yield LinkProblem(relative, value, reason)

    def _join(self, page_url: str, value: str) -> str:
        """`value` resolved against `page_url`, as `urljoin` does; links as the
        theme writes them (root-relative or absolute, no dot segments) quickly."""
        if _DOT_SEGMENT.search(value) is None:
            if value.startswith("/") and not value.startswith("//"):
                return self.urls.origin + value
            if value.startswith(("https://", "http://")):
                return value
        return urljoin(page_url, value)

    def _resolve(self, url: str) -> str | None:
        """Why `url` (absolute, on our host) does not resolve, or None."""
        if url not in self.resolved:
            self.resolved[url] = self._find(url)
        return self.resolved[url]

    def _find(self, url: str) -> str | None:
        parts = urlsplit(url)
        if not (parts.path + "/").startswith(self.urls.base_path):
            return f"outside the base path {self.urls.base_path}"
        inside = unquote(parts.path[len(self.urls.base_path):])
        file = self._file_for(inside)
        if file is None:
            return "no such file in the site"
        # a fragment of another kind of file (a PDF's #page=2) is not an id
        if parts.fragment and file.endswith(".html") and parts.fragment not in self._ids(file):
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
            self.ids[file] = {attributes["id"] for _, attributes in _tags(self._read(file))
                              if "id" in attributes}
        return self.ids[file]

    def _read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8", errors="replace")


def _tags(text: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(tag name, {attribute: unescaped value}) for every start tag of an HTML page."""
    for match in _TAG.finditer(text):
        attributes = {}
        for attribute in _ATTRIBUTE.finditer(match.group(2)):
            value = next((g for g in attribute.groups()[1:] if g is not None), "")
            attributes[attribute.group(1).lower()] = html.unescape(value)
        yield match.group(1).lower(), attributes
