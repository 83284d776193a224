"""What a reader sees of the curator's hand: the note as Markdown on every
page that shows the article, "Read the original" at the end, the current
section in the nav, and list pages without repetition."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from conftest import copy_project, run_cli
from helpers import read_page

HERRING = "the-coastal-fisheries-council-voted-to-cut-the-winter-herring-quota"
SALMON = "wild-salmon-have-been-recorded-spawning-in-the-upper-river-tamsin"
ORIGINAL = "https://harbourledger.example/2024/01/17/herring-quota-cut"
HOSTILE_NOTE = 'note: "<script>alert(1)</script> [x](javascript:alert(2)) and *fine*"'


def _note_html(page_text: str) -> str:
    return page_text.split("Curator’s note", 1)[1].split("</p>", 2)[1]


def test_note_is_inline_markdown_on_article_cards_and_feeds(sample_site: Path) -> None:
    site = sample_site / "site"
    article = (site / "articles" / HERRING / "index.html").read_text(encoding="utf-8")
    note = article.split('<div class="note"', 1)[1].split("</div>", 1)[0]
    assert "<em>herring</em>" in note and "*herring*" not in note
    assert f'<a href="/articles/{SALMON}/">salmon story</a>' in note
    card = next(p for p in (site / "page/2/index.html", site / "index.html")
                if HERRING in p.read_text(encoding="utf-8"))
    assert read_page(card).find_all("p", class_="entry-note")
    assert f'<a href="/articles/{SALMON}/">salmon story</a>' in card.read_text(encoding="utf-8")
    entries = {e.link: e for e in feedparser.parse(site / "feed.xml").entries}
    content = entries[f"https://example.org/articles/{HERRING}/"].content[0].value
    assert "<em>herring</em>" in content and f"/articles/{SALMON}/" in content


def test_note_links_are_built_from_a_sub_path_base_url(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    run_cli("build", "--base-url", "https://example.org/reading/", cwd=project, check=True)
    article = (project / "site/articles" / HERRING / "index.html").read_text(encoding="utf-8")
    assert f'<a href="/reading/articles/{SALMON}/">salmon story</a>' in article


def test_markup_in_a_note_is_shown_as_text_and_unsafe_links_lose_their_address(
        tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    run_cli("ingest", cwd=project, check=True)
    path = project / "content" / f"{SALMON}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", HOSTILE_NOTE + "\ntitle: ",
                                                             1), encoding="utf-8")
    run_cli("build", "--no-ingest", cwd=project, check=True)
    site = project / "site"
    for page in (site / "articles" / SALMON / "index.html", site / "feed.xml",
                 site / "index.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text and "javascript:" not in text, page
    article = read_page(site / "articles" / SALMON / "index.html")
    assert "<script>alert(1)</script> x and fine" in article.text


@pytest.fixture(scope="module")
def with_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with the herring article's original URL given."""
    project = copy_project(tmp_path_factory.mktemp("original") / "project")
    run_cli("ingest", cwd=project, check=True)
    path = project / "content" / f"{HERRING}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: ", f"url: {ORIGINAL}\ntitle: ", 1), encoding="utf-8")
    run_cli("build", "--no-ingest", cwd=project, check=True)
    return project


def test_read_the_original_ends_the_article_and_every_feed_entry(with_original: Path) -> None:
    site = with_original / "site"
    with_url = [p for p in (site / "articles").glob("*/index.html")
                if read_page(p).find_all("p", class_="original")]
    assert [p.parent.name for p in with_url] == [HERRING]
    assert ORIGINAL in read_page(with_url[0]).links
    for path in with_url:
        html = path.read_text(encoding="utf-8")
        body_end = html.index('<div class="body"')
        assert html.index('class="original"') > body_end, path
    feed = feedparser.parse(site / "feed.xml")
    originals = [e for e in feed.entries if "Read the original" in e.content[0].value]
    assert len(originals) == len(with_url)


def test_tags_follow_the_text_so_it_starts_sooner(sample_site: Path) -> None:
    html = (sample_site / "site/articles" / HERRING / "index.html").read_text(encoding="utf-8")
    assert html.index('<div class="body"') < html.index('<ul class="tags">')


def test_nav_marks_the_current_section(sample_site: Path) -> None:
    site = sample_site / "site"

    def current(path: str) -> list[tuple[str | None, str | None]]:
        """The marked links (the pager's own marked page left out)."""
        page = read_page(site / path)
        return sorted({(a["href"], a["aria-current"]) for a in page.find_all("a")
                       if a.get("aria-current") and a.get("href") != "/page/2/"})

    assert current("index.html") == [("/", "page")]
    assert current("page/2/index.html") == [("/", "true")]
    assert current(f"articles/{HERRING}/index.html") == [("/", "true")]
    assert current("tags/index.html") == [("/tags/", "page")]
    assert current("tags/river-tamsin/index.html") == [("/tags/", "true")]
    assert current("authors/oisin-callaghan/index.html") == [("/authors/", "true")]


def test_front_page_neither_repeats_the_description_nor_says_page_1(sample_site: Path) -> None:
    site = sample_site / "site"
    first = read_page(site / "index.html")
    assert not first.find_all("p", class_="lead")
    assert "Page 1 of" not in first.text
    assert "Page 2 of 2" in read_page(site / "page/2/index.html").text


def test_an_author_card_links_to_more_articles_only_when_there_are_more(
        tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    run_cli("ingest", cwd=project, check=True)
    path = project / "content" / f"{SALMON}.md"
    text = path.read_text(encoding="utf-8")
    authors_line = next(line for line in text.split("\n") if line.startswith("authors:"))
    path.write_text(text.replace(authors_line, "authors: [Solo Writer]"), encoding="utf-8")
    run_cli("build", "--no-ingest", cwd=project, check=True)
    page = read_page(project / "site/articles" / SALMON / "index.html")
    assert "Solo Writer" in page.text and "More articles by Solo Writer" not in page.text
    others = [read_page(p).text for p in (project / "site/articles").glob("*/index.html")]
    assert any("More articles by" in text for text in others)


def test_links_are_paths_from_the_site_root_as_the_readme_says(sample_site: Path) -> None:
    """Why the README says `file://` does not work: no link is relative to its page."""
    for path in ("index.html", f"articles/{HERRING}/index.html", "lists/index.html"):
        links = read_page(sample_site / "site" / path).links
        assert links and all(link.startswith(("/", "https://", "#")) for link in links), links
