"""Reading lists (`content/lists/<slug>.md`): a page, an Atom feed and an
EPUB each, an index, and each listed article's place with its neighbours."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import feedparser
import pytest
from conftest import copy_project, run_cli
from helpers import read_page, require_tools

SAMPLE = "fish-river-and-island"  # the sample project's own list (with per-item notes)
HERRING = "the-coastal-fisheries-council-voted-to-cut-the-winter-herring-quota"
LICENCES = "fishing-licences-worth-millions-have-changed-hands-on-greywater-island"
RESIGNED = "dominic-achterberg-has-resigned-as-chair-of-the-coastal-fisheries-council"
FERRY = "the-averill-regional-transit-authority-has-approved-a-year-round-passenger-ferry"
FERRY_AFTER = "three-months-after-the-averill-regional-transit-authority-launched-its-year"
FERRIES_LIST = f"""---
title: The ferry, start to finish
articles:
  - {FERRY}
  - {FERRY_AFTER}
---

From the *vote* to the first busy summer.
"""


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with a second reading list (plain slugs, no notes)."""
    project = copy_project(tmp_path_factory.mktemp("lists") / "project")
    (project / "content/lists/ferries.md").write_text(FERRIES_LIST, encoding="utf-8")
    run_cli("build", cwd=project, check=True)
    return project


def _titles_linked(page_path: Path) -> list[str]:
    """The articles whose titles the page lists, in order."""
    return re.findall(r'<h2><a href="(/articles/[^"]+)">', page_path.read_text(encoding="utf-8"))


def test_the_index_shows_every_list_with_its_count_epub_and_feed(listed: Path) -> None:
    site = listed / "site"
    page = read_page(site / "lists/index.html")
    assert [h["href"] for h in page.find_all("a") if (h["href"] or "").endswith("/")
            and (h["href"] or "").startswith("/lists/") and h["href"] != "/lists/"] == \
        [f"/lists/{SAMPLE}/", "/lists/ferries/"]
    for slug in (SAMPLE, "ferries"):
        assert f"/lists/{slug}/{slug}.epub" in page.links
        assert f"/lists/{slug}/feed.xml" in page.links
    assert "5 articles" in page.text and "2 articles" in page.text


def test_a_list_page_has_the_introduction_then_the_articles_in_order_with_notes(
        listed: Path) -> None:
    site = listed / "site"
    html = (site / "lists/ferries/index.html").read_text(encoding="utf-8")
    assert "From the <em>vote</em> to the first busy summer." in html
    assert _titles_linked(site / "lists/ferries/index.html") == \
        [f"/articles/{FERRY}/", f"/articles/{FERRY_AFTER}/"]
    sample = site / f"lists/{SAMPLE}/index.html"
    assert _titles_linked(sample)[:3] == [f"/articles/{HERRING}/", f"/articles/{LICENCES}/",
                         f"/articles/{RESIGNED}/"]
    notes = read_page(sample).find_all("p", class_="list-item-note")
    assert len(notes) == 3
    assert "What the <em>licence</em> story cost" in sample.read_text(encoding="utf-8")


def test_a_list_feed_has_its_articles_in_order_with_the_lists_notes(listed: Path) -> None:
    feed = feedparser.parse(listed / f"site/lists/{SAMPLE}/feed.xml")
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "The Harbour Reader: Fish, river and island"
    links = [e.link for e in feed.entries]
    assert links[:3] == [f"https://example.org/articles/{s}/" for s in (HERRING, LICENCES,
                                                                           RESIGNED)]
    first = feed.entries[0].content[0].value
    assert "Why read it:" in first and "the survey that forced the cut" in first
    assert "Curator’s note:" in first  # the article's own note as well


def test_an_article_shows_its_place_in_each_list_with_previous_and_next(listed: Path) -> None:
    page_path = listed / "site/articles" / LICENCES / "index.html"
    page = read_page(page_path)
    assert "Reading list: Fish, river and island (2 of 5)" in page.text
    navs = page.find_all("nav", class_="list-nav")
    assert [n["aria-label"] for n in navs] == ["Reading list: Fish, river and island"]
    html = page_path.read_text(encoding="utf-8").split('class="list-nav"', 1)[1]
    assert f'rel="prev" href="/articles/{HERRING}/"' in html
    assert f'rel="next" href="/articles/{RESIGNED}/"' in html
    first = read_page(listed / "site/articles" / FERRY / "index.html")
    assert "Reading list: The ferry, start to finish (1 of 2)" in first.text
    assert "Previous in the list" not in first.text and "Next in the list" in first.text


def _epubcheck() -> list[str]:
    jar = shutil.which("epubcheck")
    if jar is None or shutil.which("java") is None:
        require_tools("epubcheck or Java is not installed (apt-get install epubcheck)")
    return ["java", "-jar", str(Path(jar).resolve())]  # type: ignore[arg-type]


@pytest.mark.parametrize("slug", [SAMPLE, "ferries"])
def test_each_list_is_an_epub_that_passes_epubcheck(listed: Path, slug: str) -> None:
    book = listed / f"site/lists/{slug}/{slug}.epub"
    result = subprocess.run([*_epubcheck(), str(book)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 fatals / 0 errors / 0 warnings" in result.stdout + result.stderr


def test_an_epub_holds_the_introduction_contents_notes_and_full_texts(listed: Path) -> None:
    with zipfile.ZipFile(listed / f"site/lists/{SAMPLE}/{SAMPLE}.epub") as book:
        assert book.namelist()[0] == "mimetype"
        texts = {name: book.read(name).decode() for name in book.namelist()
                 if name.endswith(".xhtml")}
    intro = next(t for n, t in texts.items() if n.endswith("intro.xhtml"))
    assert "a failing herring stock" in intro and intro.count("chapter-") >= 5
    chapters = [t for n, t in texts.items() if "chapter-" in n]
    assert len(chapters) == 5
    herring = next(t for t in chapters if "winter herring quota" in t)
    assert "the survey that forced the cut" in herring  # the list's note
    assert "The decision, passed by seven votes to two" in herring  # the full text
    assert 'href="https://example.org/articles/' in herring  # site links leave the book whole
    nav = next(t for n, t in texts.items() if n.endswith("nav.xhtml"))
    assert nav.count("<li>") >= 6


def test_an_unknown_slug_is_an_error_with_file_and_line(project: Path) -> None:
    lists = project / "content/lists"
    (lists / "broken.md").write_text(f"---\ntitle: Broken\narticles:\n  - {HERRING}\n"
                                     "  - no-such-article: a note\n---\n", encoding="utf-8")
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert "content/lists/broken.md:5:" in result.stderr and "no-such-article" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_draft_list_is_left_out_and_a_list_needs_its_articles(project: Path) -> None:
    lists = project / "content/lists"
    (lists / "later.md").write_text(f"---\ntitle: Later\ndraft: true\narticles: [{HERRING}]\n"
                                    "---\n", encoding="utf-8")
    (lists / "empty.md").write_text("---\ntitle: Empty\n---\n", encoding="utf-8")
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert "content/lists/empty.md:2: missing required field `articles`" in result.stderr
    (lists / "empty.md").unlink()
    run_cli("build", cwd=project, check=True)
    assert not (project / "site/lists/later").exists()
    assert (project / f"site/lists/{SAMPLE}/index.html").is_file()


def test_the_link_checker_accepts_the_lists(listed: Path) -> None:
    result = run_cli("check", cwd=listed)
    assert result.returncode == 0, result.stdout + result.stderr
