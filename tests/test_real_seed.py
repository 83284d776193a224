"""The user's real seed (../shared/seeds) ingests into the expected article."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import read_page

from sitegen.load import split_front_matter


def _article(project: Path) -> tuple[dict, str]:
    [path] = [p for p in (project / "content").glob("*.md")]
    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
    return yaml.safe_load(front), body


def test_metadata_is_extracted(real_seed_project: Path) -> None:
    meta, _ = _article(real_seed_project)
    assert str(meta["date"]) == "2026-02-10"
    assert meta["authors"] == ["Ildefonso Ortiz", "Brandon Darby"]
    assert {"Tren de Aragua", "Mexico City"} <= set(meta["tags"])
    assert "TdA" not in meta["tags"] and "TDA" not in meta["tags"]
    assert meta["seed"] == "000_03c874f34977a94b.txt"
    assert meta["source"] == "Breitbart Texas"
    assert 0 < len(meta["title"].split()) <= 12 and "Tren de Aragua" in meta["title"]


def test_body_keeps_text_and_typography_but_not_bios(real_seed_project: Path) -> None:
    _, body = _article(real_seed_project)
    assert not body.startswith((" ", "date"))
    assert "Mexico’s Proceso Magazine" in body
    assert "syndicate’s" in body
    assert "award-winning journalist" not in body
    assert "@breitbart.com" not in body
    assert "editor-in-chief" not in body


def test_author_pages_show_their_bios(real_seed_project: Path) -> None:
    site = real_seed_project / "site"
    ortiz = read_page(site / "authors/ildefonso-ortiz/index.html").text
    darby = read_page(site / "authors/brandon-darby/index.html").text
    assert "award-winning journalist with Breitbart News Foundation" in ortiz
    assert "managing director and editor-in-chief of Breitbart Texas" in darby
    assert "bdarby@breitbart.com" not in darby  # hidden from harvesters by default


def test_article_page_shows_both_authors_and_the_text(real_seed_project: Path) -> None:
    [page] = (real_seed_project / "site/articles").glob("*/index.html")
    parsed = read_page(page)
    assert "Ildefonso Ortiz" in parsed.text and "Brandon Darby" in parsed.text
    assert "crime syndicate’s move to Mexico City" in parsed.text
    assert parsed.find_all("time", datetime="2026-02-10")
