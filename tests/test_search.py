"""The search index is part of the build: article text only, and optional."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import run_cli
from helpers import html_pages, read_page

from sitegen.errors import SiteError
from sitegen.search import build_search_index


def test_build_indexes_every_article_page_and_nothing_else(sample_site: Path) -> None:
    site = sample_site / "site"
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    articles = list((site / "articles").glob("*/index.html"))
    assert entry["languages"]["en"]["page_count"] == len(articles) == 14


def test_only_the_article_text_is_marked_for_the_index(sample_site: Path) -> None:
    site = sample_site / "site"
    for path in html_pages(site):
        marked = [e for _, e in read_page(path).elements if "data-pagefind-body" in e]
        expected = [{"class": "body", "data-pagefind-body": None}] \
            if path.parent.parent.name == "articles" else []
        assert marked == expected, path


def test_search_false_builds_without_index_page_or_link(project: Path) -> None:
    config = project / "config.yaml"
    config.write_text(config.read_text().replace("search: true", "search: false"))
    run_cli("build", cwd=project, check=True)
    site = project / "site"
    assert not (site / "pagefind").exists()
    assert not (site / "search").exists()
    for path in html_pages(site):
        assert "/search/" not in read_page(path).links, path


def test_missing_pagefind_is_an_error_that_says_how_to_fix_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pagefind", None)  # as if not installed
    with pytest.raises(SiteError, match=r"pip install 'pagefind\[extended\]'.*search: false"):
        build_search_index(tmp_path)


def test_indexing_works_inside_a_running_event_loop(sample_site: Path, tmp_path: Path) -> None:
    """The live preview rebuilds from its server's event loop."""
    site = shutil.copytree(sample_site / "site", tmp_path / "site")
    shutil.rmtree(site / "pagefind")

    async def rebuild_from_a_server() -> None:
        build_search_index(site)

    # The "server" runs in a thread of its own: the main thread may already run
    # Playwright's loop when the browser tests share the session.
    with ThreadPoolExecutor(max_workers=1) as server:
        server.submit(asyncio.run, rebuild_from_a_server()).result()
    assert (site / "pagefind/pagefind.js").is_file()
