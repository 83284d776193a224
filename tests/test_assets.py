"""Files beside the Markdown in content/: copied to the same path, resolved
relative to the article's file under any base_url, part of incremental
builds and of `check`; an image without alt text is a warning."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pytest
from conftest import run_sitegen
from helpers import read_page

from sitegen.assets import images_without_alt, relink
from sitegen.urls import Urls

BASE = "https://example.org/reading/"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
                    "0000000c4944415478da63f8cfc000000301010018dd8db00000000049454e44ae426082")


def _project(root: Path) -> Path:
    (root / "content/essays/images").mkdir(parents=True)
    (root / "content/files").mkdir()
    (root / "config.yaml").write_text(f"base_url: {BASE}\nsearch: false\n")
    (root / "content/essays/images/ferry.png").write_bytes(PNG)
    (root / "content/files/timetable.pdf").write_bytes(b"%PDF-1.4 a timetable")
    (root / "content/essays/the-ferry.md").write_text(
        "---\ntitle: The ferry\ndate: 2025-01-02\n---\n\n"
        "![The ferry at the quay](images/ferry.png)\n\n"
        "The [timetable](../files/timetable.pdf#page=2).\n")
    return root


def _build(root: Path, *args: str) -> None:
    result = run_sitegen("build", "--no-ingest", *args, cwd=root)
    assert result.returncode == 0, result.stderr


def _differences(a: Path, b: Path) -> list[str]:
    comparison = filecmp.dircmp(a, b)
    differ = [*comparison.left_only, *comparison.right_only]
    differ += filecmp.cmpfiles(a, b, comparison.common_files, shallow=False)[1]
    for name in comparison.common_dirs:
        differ += [f"{name}/{d}" for d in _differences(a / name, b / name)]
    return differ


def _same_as_clean_build(root: Path) -> list[str]:
    clean = root.parent / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    _build(root, "--no-cache", "--out", str(clean))
    return _differences(root / "site", clean)


def test_assets_are_copied_and_links_resolve_from_the_article_file(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    _build(root)
    site = root / "site"
    assert (site / "essays/images/ferry.png").read_bytes() == PNG
    assert (site / "files/timetable.pdf").read_bytes() == b"%PDF-1.4 a timetable"
    page = read_page(site / "articles/the-ferry/index.html")
    assert "/reading/essays/images/ferry.png" in page.links
    assert "/reading/files/timetable.pdf#page=2" in page.links  # not an id: check allows it
    checked = run_sitegen("check", cwd=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_assets_follow_the_base_url_path(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    _build(root, "--base-url", "https://example.org/")
    page = read_page(root / "site/articles/the-ferry/index.html")
    assert "/essays/images/ferry.png" in page.links
    assert run_sitegen("check", "--base-url", "https://example.org/", cwd=root).returncode == 0


def test_a_missing_asset_is_a_broken_link_for_check(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    (root / "content/essays/images/ferry.png").unlink()
    _build(root)
    result = run_sitegen("check", cwd=root)
    assert result.returncode == 1
    assert "articles/the-ferry/index.html" in result.stderr
    assert "/reading/essays/images/ferry.png" in result.stderr


def test_asset_edits_take_part_in_incremental_builds(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    _build(root)
    site = root / "site"
    picture = root / "content/essays/images/ferry.png"
    picture.write_bytes(PNG + b"\0")  # an edited picture
    _build(root)
    assert (site / "essays/images/ferry.png").read_bytes() == PNG + b"\0"
    assert _same_as_clean_build(root) == []

    (root / "content/files/map.pdf").write_bytes(b"%PDF-1.4 a map")  # a new file
    (root / "content/files/timetable.pdf").unlink()  # a removed one
    _build(root)
    assert (site / "files/map.pdf").is_file()
    assert not (site / "files/timetable.pdf").exists()
    assert _same_as_clean_build(root) == []

    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    quiet = run_sitegen("build", "--no-ingest", cwd=root)
    assert "(0 written" in quiet.stdout
    assert before == {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def test_hidden_backup_and_markdown_files_are_not_assets(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    for name in (".DS_Store", "_aside.png", "notes.txt~"):
        (root / "content" / name).write_bytes(b"x")
    _build(root)
    site = root / "site"
    assert not any((site / name).exists() for name in (".DS_Store", "_aside.png", "notes.txt~"))
    assert not (site / "essays/the-ferry.md").exists()


def test_an_asset_where_the_site_has_a_page_is_an_error(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    (root / "content/feed.xml").write_text("<feed/>")
    result = run_sitegen("build", "--no-ingest", cwd=root)
    assert result.returncode == 1
    assert "two outputs would be written to feed.xml" in result.stderr
    assert "content/feed.xml" in result.stderr


def test_an_asset_linked_from_outside_the_project_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    os.symlink(secret, root / "content/files/secret.txt")
    result = run_sitegen("build", "--no-ingest", cwd=root)
    assert result.returncode == 1 and "outside the project" in result.stderr
    assert not (root / "site/files/secret.txt").exists()


def test_an_asset_in_a_folder_linked_from_outside_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "private.pdf").write_bytes(b"%PDF private")
    os.symlink(elsewhere, root / "content/linked")
    result = run_sitegen("build", "--no-ingest", cwd=root)
    assert result.returncode == 1
    assert f"{root}/content/linked: symbolic link to a file outside" in result.stderr
    assert not (root / "site").exists()


def test_an_image_without_alt_text_is_a_warning_with_its_line(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    article = root / "content/essays/the-ferry.md"
    article.write_text(article.read_text() + "\n![](images/ferry.png)\n")
    result = run_sitegen("build", "--no-ingest", cwd=root)
    assert result.returncode == 0
    assert f"warning: {article}:10: image without alt text" in result.stderr
    assert run_sitegen("build", "--no-ingest", "--strict", cwd=root).returncode == 1


@pytest.mark.parametrize(("written", "folder", "expected"), [
    ('<img alt="x" src="images/a.png">', "essays", '<img alt="x" src="/r/essays/images/a.png">'),
    ('<a href="../b.pdf?page=2&amp;x=1#top">', "essays/deep",
     '<a href="/r/essays/b.pdf?page=2&amp;x=1#top">'),
    ('<a href="other/">', "", '<a href="/r/other/">'),
    ('<a href="my%20map.pdf">', "", '<a href="/r/my%20map.pdf">'),
    ('<a href="../../etc/passwd">', "essays", '<a href="../../etc/passwd">'),  # left: check says
    ('<a href="https://example.com/a.png">', "essays", '<a href="https://example.com/a.png">'),
    ('<a href="mailto:a@b.c">', "", '<a href="mailto:a@b.c">'),
    ('<a href="/static/x.css">', "essays", '<a href="/static/x.css">'),
    ('<a href="#note">', "essays", '<a href="#note">'),
    ('<p>src="images/a.png" in text</p>', "essays", '<p>src="images/a.png" in text</p>'),
])
def test_relink_resolves_relative_links_against_the_article_folder(
        written: str, folder: str, expected: str) -> None:
    assert relink(written, folder, Urls("https://example.org/r/")) == expected


def test_images_without_alt_are_found_by_line() -> None:
    body = "![a ferry](a.png)\n\n![](b.png) and ![ ](c.png)\n\n![][ref]\n"
    assert images_without_alt(body) == [3, 3, 5]
