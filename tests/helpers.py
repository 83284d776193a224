"""Reading built pages in tests (parsed HTML, not string matching), tool checks,
and a build in the test's own process."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

# A sample article with two authors, a source and four tags: it shows every part
# of the article page.
FULL_ARTICLE = (
    "articles/a-flood-barrier-meant-to-protect-low-lying-streets-along-the-river-tamsin/")


class Page(HTMLParser):
    """The links, ids, texts, elements, title and JSON-LD of one HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.title = ""
        self.json_ld: list[str] = []  # the text of each <script type="application/ld+json">
        self._skip = 0
        self._open = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append(attributes[name] or "")
        if tag in ("script", "style"):
            self._skip += 1
        self._open = "json-ld" if attributes.get("type") == "application/ld+json" else tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        self._open = ""

    def handle_data(self, data: str) -> None:
        if self._open == "title":
            self.title += data
        elif self._open == "json-ld":
            self.json_ld.append(data)
        elif not self._skip and data.strip():
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())

    def find_all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements
                if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def read_page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def require_tools(missing: str | None) -> None:
    """Skip a test whose tools are `missing` (a reason), but fail in CI:
    there `tests/run.sh` installs every tool, so a missing one is a bug."""
    if missing is None:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{missing}; CI installs it, so this test must run there")
    pytest.skip(missing)


def build_in_process(project: Path) -> None:
    """Build `project` in this process, with its cache and without worker
    processes (so that a test sees what the build loads and reads)."""
    from sitegen import pipeline
    from sitegen.config import load_config
    from sitegen.console import Console
    from sitegen.errors import Diagnostics
    from sitegen.incremental.cache import BuildCache

    diag = Diagnostics()
    config = load_config(project / "config.yaml", diag, project)
    cache = BuildCache(config.cache_dir)
    try:
        pipeline.build(config, diag, Console(verbosity=0), cache, parallel=False)
    finally:
        cache.close()
    assert not diag.errors
