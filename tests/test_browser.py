"""The built site in headless Chromium: accessible (axe-core), searchable,
usable without JavaScript, readable from 360 to 1440 px in light and dark."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import SCREENSHOTS, axe_violations, static_server
from conftest import copy_project, run_cli
from helpers import FULL_ARTICLE

HERRING_ARTICLE = "articles/the-coastal-fisheries-council-voted-to-cut-the-winter-herring-quota/"
JOURNEY_PLANNER_ARTICLE = (
    "articles/the-averill-regional-transit-authority-took-its-online-journey-planner-offline/")
PAGES = {
    "front page": "",
    "article": FULL_ARTICLE,
    "tag page": "tags/river-tamsin/",
    "author page": "authors/oisin-callaghan/",
    "tag index": "tags/",
    "author index": "authors/",
    "archive": "archive/",
    "reading lists": "lists/",
    "reading list": "lists/fish-river-and-island/",
    "article on a reading list": HERRING_ARTICLE,
    "offline page": "offline/",
    "archive year": "archive/2025/",
    "search with results": "search/?q=ferry",
}


def _open(page: Any, url: str) -> None:
    page.goto(url)
    if "search/?q=" in url:
        page.locator("#search-results li").first.wait_for()


@pytest.mark.parametrize("width", [360, 1440])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_pages_have_no_axe_violations(page: Any, site_url: str, name: str, scheme: str,
                                      width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    _open(page, site_url + PAGES[name])
    assert axe_violations(page) == []


def _search_and_open(page: Any, search_url: str, word: str, article_path: str) -> None:
    """Type `word` into the search page, then follow the result for `article_path`."""
    page.goto(search_url)
    page.get_by_label("Words to find in the articles").press_sequentially(word, delay=20)
    result = page.locator(f'#search-results a[href$="{article_path}"]')
    result.wait_for()
    title = result.inner_text()
    result.click()
    page.wait_for_url(f"**/{article_path}")
    assert page.locator("h1").inner_text() == title


def test_typing_a_word_lists_the_article_and_the_result_opens_it(page: Any,
                                                                 site_url: str) -> None:
    _search_and_open(page, site_url + "search/", "herring", HERRING_ARTICLE)
    assert page.url == site_url + HERRING_ARTICLE


@pytest.fixture(scope="module")
def sub_path_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site built for https://example.org/reading/, served under /reading/."""
    project = copy_project(tmp_path_factory.mktemp("sub-path") / "project")
    run_cli("build", "--base-url", "https://example.org/reading/", cwd=project, check=True)
    with static_server(project / "site", "/reading/") as url:
        yield url


def test_search_works_under_a_sub_path(page: Any, sub_path_url: str) -> None:
    _search_and_open(page, sub_path_url + "search/", "herring", HERRING_ARTICLE)
    assert page.url == sub_path_url + HERRING_ARTICLE


def test_search_shows_seed_markup_in_excerpts_as_text(page: Any, site_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site_url + "search/?q=snippet")
    result = page.locator(f'#search-results li:has(a[href$="{JOURNEY_PLANNER_ARTICLE}"])')
    result.wait_for()
    assert "<script>alert(1)</script>" in result.inner_text()
    assert page.locator("#search-results script").count() == 0
    assert dialogs == []


def test_pages_work_without_javascript(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + FULL_ARTICLE)
    assert page.locator(".body p").first.is_visible()
    page.get_by_role("link", name="Tomás de la Vega").first.click()
    assert page.locator("h1").inner_text() == "Tomás de la Vega"
    page.goto(site_url + "search/?q=ferry")
    assert page.get_by_text("Search runs in your browser and needs JavaScript").is_visible()
    context.close()


def test_search_page_hides_the_javascript_notice_when_search_runs(page: Any,
                                                                   site_url: str) -> None:
    page.goto(site_url + "search/?q=ferry")
    page.locator("#search-results li").first.wait_for()
    assert not page.get_by_text("needs JavaScript").is_visible()


def test_keyboard_users_can_skip_to_the_content_with_visible_focus(page: Any,
                                                                    site_url: str) -> None:
    page.goto(site_url + FULL_ARTICLE)
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement, box = el.getBoundingClientRect();
        return {text: el.textContent, top: box.top, outline: getComputedStyle(el).outlineStyle};
    }""")
    assert focused == {"text": "Skip to content", "top": focused["top"], "outline": "solid"}
    assert focused["top"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_search_assets_load_only_on_the_search_page(page: Any, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + FULL_ARTICLE)
    page.goto(site_url)
    assert not [url for url in requested if "pagefind" in url or url.endswith(".js")]
    page.goto(site_url + "search/?q=ferry")
    page.locator("#search-results li").first.wait_for()
    assert any("/pagefind/" in url and url.endswith("/pagefind.js") for url in requested)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1440])
@pytest.mark.parametrize("name", ["front page", "article", "reading list"])
def test_layout_fits_the_screen_and_keeps_a_readable_measure(
        page: Any, site_url: str, name: str, width: int, scheme: str) -> None:
    """Also writes the screenshot to test-artifacts/screenshots/ for people to look at."""
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + PAGES[name])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{name.replace(' ', '-')}-{width}-{scheme}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    column, sixty_five_ch = page.evaluate("""() => {
        const ruler = document.createElement('span');
        ruler.textContent = '0'.repeat(65);
        document.querySelector('main').append(ruler);
        const main = getComputedStyle(document.querySelector('main'));
        const inner = document.querySelector('main').clientWidth
            - parseFloat(main.paddingLeft) - parseFloat(main.paddingRight);
        return [inner, ruler.getBoundingClientRect().width];
    }""")
    assert column <= sixty_five_ch + 1
    assert column >= min(sixty_five_ch, width * 0.85) - 1


def test_screenshots_folder_is_ignored_by_git() -> None:
    ignored = (Path(__file__).parent.parent / ".gitignore").read_text().split()
    assert "/test-artifacts/" in ignored


@pytest.mark.parametrize("path", ["", FULL_ARTICLE, "tags/"])
def test_the_last_block_keeps_a_gap_above_the_footer(page: Any, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    gap = page.evaluate("""() => document.querySelector('.site-footer > :first-child')
        .getBoundingClientRect().top
        - document.querySelector('main').lastElementChild.getBoundingClientRect().bottom""")
    assert gap >= 32


@pytest.mark.parametrize("path", [FULL_ARTICLE, HERRING_ARTICLE])
def test_the_text_starts_on_the_first_screen_of_a_phone(page: Any, site_url: str,
                                                        path: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url + path)
    first_line = page.evaluate("document.querySelector('.body p').getBoundingClientRect().top")
    # at least two lines of it, under a twelve-word title, the tags and a curator's note
    assert first_line < 740 - 2 * 28
