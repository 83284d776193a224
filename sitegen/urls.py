"""Every link of the site, built from `base_url` in one place.

Pages link with root-relative paths that include the base path
(`/reading/articles/x/` for `base_url: https://host/reading/`), so the site
works under a sub-path on any host; feeds, the sitemap and canonical links
use absolute URLs. `output_path` maps a link to the file that serves it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote, urlsplit

_SAFE = re.compile(r"[A-Za-z0-9/._~-]*")


@dataclass(frozen=True)
class Urls:
    base_url: str

    @cached_property
    def base_path(self) -> str:
        """The path part of `base_url`, always starting and ending with `/`."""
        path = urlsplit(self.base_url).path.strip("/")
        return f"/{path}/" if path else "/"

    @cached_property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def path(self, relative: str = "") -> str:
        """Root-relative link to `relative` (a path inside the site)."""
        relative = relative.lstrip("/")
        if not _SAFE.fullmatch(relative):  # slugs always are; file names may not be
            relative = quote(relative, safe="/#?=&.-_~")
        return self.base_path + relative

    def absolute(self, relative: str = "") -> str:
        return self.origin + self.path(relative)

    # The URL scheme of DESIGN.md, as site-relative paths.
    @staticmethod
    def paged(first: str, page: int) -> str:
        """Page `page` of the list whose first page is `first`."""
        return first if page == 1 else f"{first}page/{page}/"

    @staticmethod
    def home(page: int = 1) -> str:
        return Urls.paged("", page)

    @staticmethod
    def article(slug: str) -> str:
        return f"articles/{slug}/"

    @staticmethod
    def tags() -> str:
        return "tags/"

    @staticmethod
    def tag(slug: str, page: int = 1) -> str:
        return Urls.paged(f"tags/{slug}/", page)

    @staticmethod
    def authors() -> str:
        return "authors/"

    @staticmethod
    def author(slug: str, page: int = 1) -> str:
        return Urls.paged(f"authors/{slug}/", page)

    @staticmethod
    def archive(year: int | None = None) -> str:
        return f"archive/{year}/" if year else "archive/"

    @staticmethod
    def lists() -> str:
        return "lists/"

    @staticmethod
    def reading_list(slug: str) -> str:
        return f"lists/{slug}/"

    @staticmethod
    def ebook(slug: str) -> str:
        """A reading list's EPUB, beside its page."""
        return f"lists/{slug}/{slug}.epub"

    @staticmethod
    def offline() -> str:
        return "offline/"

    @staticmethod
    def search() -> str:
        return "search/"

    @staticmethod
    def feed(listing: str = "") -> str:
        """The Atom feed beside a listing (`""` is the whole site)."""
        return f"{listing}feed.xml"

    @staticmethod
    def static(name: str) -> str:
        return f"static/{name}"


def output_path(relative: str) -> str:
    """The file in the output folder that serves site-relative `relative`."""
    if relative == "" or relative.endswith("/"):
        return relative + "index.html"
    return relative
