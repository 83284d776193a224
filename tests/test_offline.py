"""Offline reading in Chromium: the service worker keeps what the reader
opened (and the reading lists they saved); with the server gone and the
browser offline, those pages still read, and others show the offline page."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser import static_server
from conftest import copy_project, run_cli
from helpers import FULL_ARTICLE

LIST_PAGE = "lists/fish-river-and-island/"
LISTED_ARTICLE = ("articles/dominic-achterberg-has-resigned-as-chair-of-the-coastal-fisheries-"
                  "council/")
UNOPENED = "articles/port-averill-health-officials-have-advised-people/"
KEPT = "async (url) => !!(await caches.match(url))"
ACTIVE = ("async () => navigator.serviceWorker.controller !== null"
          " && (await navigator.serviceWorker.ready).active.state === 'activated'")


@pytest.fixture
def context(browser: Any) -> Any:
    opened = browser.new_context()
    yield opened
    opened.close()


def _go_offline(page: Any, server: Any) -> None:
    """The host is gone: every request to it fails, as without a network.
    (Not Playwright's `set_offline`: Chromium's emulation then sometimes
    fails a navigation before the worker sees it, which no real network does.)
    Returns once the worker answers for the gone host: asking also wakes it,
    and a worker that takes too long to start, on a loaded machine, lets
    Chromium send a request past it, so it is asked until it answers."""
    server.__exit__(None, None, None)
    page.wait_for_function("() => fetch(location.href).then(r => r.ok, () => false)",
                           polling=250)


def _navigate_offline(page: Any, navigate: Callable[[], object], attempts: int = 3) -> None:
    """`navigate()` with the host gone, tried again when the gone host
    refused it: Chromium then sent it past the worker (seen once in CI on
    a loaded machine, right after the worker had answered `_go_offline`),
    as it does with a navigation whose worker does not start in time. A
    reader would see the browser's error page and reload; the tests check
    what the worker then serves, so a worker that never answers still
    fails them."""
    from playwright.sync_api import Error

    for attempt in range(1, attempts + 1):
        try:
            navigate()
            return
        except Error as error:
            if "ERR_CONNECTION_REFUSED" not in str(error) or attempt == attempts:
                raise
            page.wait_for_timeout(500)


def test_an_opened_article_is_readable_offline_after_a_reload(context: Any,
                                                              sample_site: Path) -> None:
    server = static_server(sample_site / "site")
    url = server.__enter__()
    page = context.new_page()
    page.goto(url + FULL_ARTICLE)
    title = page.locator("h1").inner_text()
    page.wait_for_function(KEPT, arg=url + FULL_ARTICLE)
    page.wait_for_function(ACTIVE)
    _go_offline(page, server)
    _navigate_offline(page, page.reload)
    assert page.locator("h1").inner_text() == title
    assert page.locator(".body p").first.is_visible()
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
    _navigate_offline(page, lambda: page.goto(url + UNOPENED))
    assert page.locator("h1").inner_text() == "You are offline"


def test_a_saved_reading_list_is_readable_offline(context: Any, sample_site: Path) -> None:
    server = static_server(sample_site / "site")
    url = server.__enter__()
    page = context.new_page()
    page.goto(url + LIST_PAGE)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.get_by_role("button", name="Save for offline reading").click()
    page.get_by_text("Saved: this list and its 5 articles can be read offline.").wait_for()
    _go_offline(page, server)
    _navigate_offline(page, lambda: page.goto(url + LISTED_ARTICLE))
    assert "Dominic Achterberg" in page.locator("h1").inner_text()
    assert "Reading list: Fish, river and island (3 of 5)" in page.locator("main").inner_text()


def test_the_worker_and_manifest_are_scoped_under_a_sub_path_base_url(
        tmp_path: Path, context: Any) -> None:
    project = copy_project(tmp_path / "project")
    run_cli("build", "--base-url", "https://example.org/reading/", cwd=project, check=True)
    manifest = json.loads((project / "site/manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["scope"] == manifest["start_url"] == "/reading/"
    with static_server(project / "site", "/reading/") as url:
        page = context.new_page()
        page.goto(url + FULL_ARTICLE)
        scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
        assert scope == url
        page.wait_for_function(KEPT, arg=url + FULL_ARTICLE)


def test_without_javascript_the_list_reads_and_offers_no_saving(browser: Any,
                                                                site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + LIST_PAGE)
    assert page.locator("h1").inner_text() == "Fish, river and island"
    assert not page.get_by_role("button", name="Save for offline reading").is_visible()
    context.close()
