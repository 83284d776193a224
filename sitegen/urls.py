"""Every link of the site, built from `base_url` in one place.

Pages link with root-relative paths that include the base path
(`/reading/articles/x/` for `base_url: https://host/reading/`), so the site
works under a sub-path on any host; feeds, the sitemap and canonical links
use absolute URLs. `output_path` maps a link to the file that serves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class Urls:
    base_url: str

    @property
    def base_path(self) -> str:
        """The path part of `base_url`, always starting and ending with `/`."""
        path = urlsplit(self.base_url).path.strip("/")
        return f"/{path}/" if path else "/"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def path(self, relative: str = "") -> str:
        """Root-relative link to `relative` (a path inside the site)."""
        return self.base_path + quote(relative.lstrip("/"), safe="/#?=&.-_~")

    def absolute(self, relative: str = "") -> str:
        return self.origin + self.path(relative)

    # The URL scheme of DESIGN.md, as site-relative paths.
    @staticmethod
    def home(page: int = 1) -> str:
        return "" if page == 1 else f"page/{page}/"

    @staticmethod
    def article(slug: str) -> str:
        return f"articles/{slug}/"

    @staticmethod
    def tags() -> str:
        return "tags/"

    @staticmethod
    def tag(slug: str, page: int = 1) -> str:
        return f"tags/{slug}/" if page == 1 else f"tags/{slug}/page/{page}/"

    @staticmethod
    def authors() -> str:
        return "authors/"

    @staticmethod
    def author(slug: str, page: int = 1) -> str:
        return f"authors/{slug}/" if page == 1 else f"authors/{slug}/page/{page}/"

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
