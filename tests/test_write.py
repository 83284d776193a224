"""Write: the output folder is replaced whole, and unchanged files keep their inode."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import SiteError
from sitegen.write import write_site

SITE = [("index.html", b"home"), ("sitemap.xml", b"<urlset/>"), ("a/index.html", b"a")]


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, SITE)
    before = {p: (out / p).stat().st_ino for p, _ in SITE}
    report = write_site(out, [*SITE[:2], ("a/index.html", b"changed"), ("b.html", b"new")])
    assert (report.written, report.unchanged, report.removed) == (2, 2, 0)
    assert (out / "index.html").stat().st_ino == before["index.html"]
    assert (out / "a/index.html").stat().st_ino != before["a/index.html"]


def test_removed_pages_disappear(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, SITE)
    report = write_site(out, SITE[:2])
    assert report.removed == 1 and not (out / "a").exists()


def test_failure_while_writing_keeps_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, SITE)

    def failing():
        yield "index.html", b"new home"
        raise SiteError("template broke")

    with pytest.raises(SiteError):
        write_site(out, failing())
    assert (out / "index.html").read_bytes() == b"home"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_two_outputs_for_one_path_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="same path"):
        write_site(tmp_path / "site", [("a.html", b"1"), ("a.html", b"2")])


def test_paths_outside_the_site_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="outside"):
        write_site(tmp_path / "site", [("../evil.html", b"x")])
