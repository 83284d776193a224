"""A seed laid out like the user's real one (`corpus.news_seed`: a news story
pasted from a web page, in invented words) ingests into the expected article."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import read_page

from sitegen.load import split_front_matter


def _article(project: Path) -> tuple[dict, str]:
    [path] = [p for p in (project / "content").glob("*.md")]
    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
    return yaml.safe_load(front), body


def test_metadata_is_extracted(news_seed_project: Path) -> None:
    meta, _ = _article(news_seed_project)
    assert str(meta["date"]) == "2026-02-10"
    assert meta["authors"] == ["Marisol Quintero", "Tomas Ferreira"]
    assert {"Caldera Ring", "Port Aldous"} <= set(meta["tags"])
    assert "CR" not in meta["tags"]
    assert meta["seed"] == "000_0123456789abcdef.txt"
    assert meta["source"] == "Lantern Foundation"
    assert 0 < len(meta["title"].split()) <= 12 and "Caldera Ring" in meta["title"]


def test_body_keeps_text_and_typography_but_not_bios(news_seed_project: Path) -> None:
    _, body = _article(news_seed_project)
    assert not body.startswith((" ", "date"))
    assert "Port Aldous’s Lantern Magazine" in body
    assert "the ring’s move" in body
    assert "award-winning journalist" not in body
    assert "@lantern.example" not in body
    assert "editor-in-chief" not in body


def test_author_pages_show_their_bios(news_seed_project: Path) -> None:
    site = news_seed_project / "site"
    quintero = read_page(site / "authors/marisol-quintero/index.html").text
    ferreira = read_page(site / "authors/tomas-ferreira/index.html").text
    assert "award-winning journalist with the Lantern Foundation" in quintero
    assert "managing director and editor-in-chief of Lantern Coast" in ferreira
    assert "tferreira@lantern.example" not in ferreira  # hidden from harvesters by default


def test_article_page_shows_both_authors_and_the_text(news_seed_project: Path) -> None:
    [page] = (news_seed_project / "site/articles").glob("*/index.html")
    parsed = read_page(page)
    assert "Marisol Quintero" in parsed.text and "Tomas Ferreira" in parsed.text
    assert "the ring’s move to Port Aldous" in parsed.text
    assert parsed.find_all("time", datetime="2026-02-10")
