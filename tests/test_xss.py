"""Text from the web cannot attack readers: script payloads placed in seed
text, titles, tags, author names and bios and every front-matter field
show as text on every page, feed and the search page, in Chromium."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import static_server
from conftest import copy_project, run_cli
from helpers import html_pages

# Each part tries another way out: a script, event handlers, breaking out of
# an attribute, of <title>, of the JSON-LD <script> and of XML.
PAYLOAD = ("<script>window.__xss=1</script>"
           "<img src=x data-xss onerror=\"window.__xss=1;alert('img')\">"
           "\"'><svg data-xss onload=alert('svg')></title></script>]]><x data-xss/>")
INJECTED = "[data-xss], svg, img[src='x']"  # no such element may exist on any page
SCRIPTS = ("application/ld+json",)  # the only inline scripts the theme writes, but:
# the offline worker's registration, exactly this text (the sample's base_url is `/`)
REGISTRATION = 'if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js", ' \
               '{scope: "/"});'



def _value(text: str) -> str:
    return json.dumps(text)  # JSON is YAML: the payload, quoted safely


def _write_project(root: Path) -> Path:
    project = copy_project(root)
    (project / "seeds" / "hostile.txt").write_text(
        "---\n"
        f"title: {_value('Seed title ' + PAYLOAD)}\n"
        "date: 2025-04-01\n"
        f"authors: [Jane Payload, {_value('Seed author ' + PAYLOAD)}]\n"
        f"tags: [{_value('Seed tag ' + PAYLOAD)}, Port Averill]\n"
        f"summary: {_value('Seed summary ' + PAYLOAD)}\n"
        f"source: {_value('Seed source ' + PAYLOAD)}\n"
        f"url: {_value('https://news.example.com/a?b=' + PAYLOAD)}\n"
        f"note: {_value('Seed note ' + PAYLOAD)}\n"
        "---\n"
        f"The harbour board met on Tuesday. Seed text {PAYLOAD}\n\n"
        "A second paragraph [a link](javascript:alert(1)) and "
        "<a href=\"javascript:alert('a')\">a tag</a> and {{ 7 * 7 }}.\n\n"
        f"Jane Payload is a reporter with The Harbour Ledger. Bio {PAYLOAD}\n",
        encoding="utf-8")
    content = project / "content"
    (content / "authors").mkdir(parents=True)
    (content / "hand-written.md").write_text(
        "---\n"
        f"title: {_value('Hand title ' + PAYLOAD)}\n"
        "date: 2025-04-02\n"
        f"authors: [{_value('Hand author ' + PAYLOAD)}]\n"
        f"tags: [{_value('Hand tag ' + PAYLOAD)}]\n"
        f"summary: {_value('Hand summary ' + PAYLOAD)}\n"
        f"source: {_value('Hand source ' + PAYLOAD)}\n"
        f"url: {_value('https://news.example.com/?q=' + PAYLOAD)}\n"
        f"note: {_value('Hand note ' + PAYLOAD)}\n"
        "---\n\nA hand-written article about the harbour.\n", encoding="utf-8")
    (content / "authors" / "hand-author.md").write_text(
        "---\n"
        f"name: {_value('Hand author ' + PAYLOAD)}\n"
        f"email: {_value('x@example.org' + PAYLOAD)}\n"
        f"source: {_value('Profile source ' + PAYLOAD)}\n"
        "---\n\nWrites about the harbour.\n", encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with the hostile seed, article and profile, built."""
    project = _write_project(tmp_path_factory.mktemp("xss") / "project")
    run_cli("build", cwd=project, check=True)
    return project


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    """The hostile site served over HTTP, as a static host would."""
    with static_server(hostile_site / "site") as url:
        yield url


def _visit(page: Any, url: str) -> list[str]:
    """Open `url`; the problems found: dialogs, the flag, injected elements, scripts."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_load_state("load")
    if url.endswith("feed.xml"):  # a browser shows a feed as the page its XSLT stylesheet makes
        page.wait_for_function("document.documentElement.localName === 'html'")
    problems = [f"dialog {message!r}" for message in dialogs]
    if page.evaluate("() => window.__xss !== undefined"):
        problems.append("window.__xss was set")
    injected = page.evaluate(f"() => document.querySelectorAll({json.dumps(INJECTED)}).length")
    if injected:
        problems.append(f"{injected} injected element(s)")
    inline = page.evaluate("(registration) => [...document.scripts]"
                           ".filter(s => !s.src && s.text !== registration).map(s => s.type)",
                           REGISTRATION)
    problems += [f"inline script of type {kind!r}" for kind in inline if kind not in SCRIPTS]
    return problems


def test_the_payloads_reached_every_kind_of_page(hostile_site: Path) -> None:
    site = hostile_site / "site"
    texts = {p.relative_to(site).as_posix(): p.read_text() for p in site.rglob("*")
             if p.suffix in (".html", ".xml")}
    for label in ("Seed title", "Seed author", "Seed tag", "Seed summary", "Seed source",
                  "Seed note", "Seed text", "Bio", "Hand title", "Hand author", "Hand tag",
                  "Hand summary", "Hand source", "Hand note", "Profile source"):
        assert any(f"{label} &lt;script&gt;" in text for text in texts.values()), label
    assert any(name.startswith("tags/seed-tag-script") for name in texts)
    assert any(name.startswith("authors/hand-author-script") for name in texts)
    assert "{{ 7 * 7 }}" in "".join(texts.values())  # text, not a template


def test_no_page_runs_a_payload(hostile_site: Path, hostile_url: str, page: Any) -> None:
    site = hostile_site / "site"
    pages = [p.relative_to(site).as_posix().removesuffix("index.html") for p in html_pages(site)]
    assert len(pages) > 40
    found = {path: problems for path in pages if (problems := _visit(page, hostile_url + path))}
    assert found == {}


def test_no_feed_or_sitemap_carries_a_payload_as_markup(hostile_site: Path, hostile_url: str,
                                                        page: Any) -> None:
    site = hostile_site / "site"
    files = [p.relative_to(site).as_posix() for p in site.rglob("*.xml")]
    assert len(files) > 20
    for name in files:
        tree = ET.parse(site / name)  # well-formed: nothing broke out of the XML
        assert not [e for e in tree.iter() if "data-xss" in e.attrib], name
        assert _visit(page, hostile_url + name) == [], name


def test_searching_for_a_payload_runs_nothing(hostile_url: str, page: Any) -> None:
    query = "harbour <img src=x data-xss onerror=alert('query')>"
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_url + "search/")
    page.get_by_label("Words to find in the articles").fill(query)
    page.get_by_label("Words to find in the articles").press("Enter")
    result = page.locator("#search-results li:has-text('Seed title')")
    result.wait_for()
    assert "<script>window.__xss=1</script>" in result.first.inner_text()
    assert page.evaluate("() => window.__xss") is None
    assert page.locator(INJECTED).count() == 0 and dialogs == []


def test_the_hostile_site_passes_the_link_check(hostile_site: Path) -> None:
    result = run_cli("check", cwd=hostile_site)
    assert result.returncode == 0, result.stderr
