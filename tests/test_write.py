"""Write: the output folder is replaced whole, and unchanged files keep their inode."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import pytest

from sitegen.errors import SiteError
from sitegen.folders import remove_tree
from sitegen.marker import marker_text
from sitegen.write import Staging, WriteReport

SITE = [("index.html", b"home"), ("sitemap.xml", b"<urlset/>"), ("a/index.html", b"a")]


def write_site(out_dir: Path, outputs: Iterable[tuple[str, bytes]]) -> WriteReport:
    """Write `outputs` as the whole new site, as a build without a cache does."""
    staging = Staging(out_dir, {}, None, marker_text("", ""))
    try:
        data = dict(outputs)
        new = {path: hashlib.sha256(content).hexdigest() for path, content in data.items()}
        written = sum(staging.put(path, data[path]) for path in staging.sync(new))
        removed = staging.publish(new, keep_previous=False)
    except BaseException:
        remove_tree(staging.dir)
        raise
    return WriteReport(written, len(new) - written, removed)


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


def test_paths_outside_the_site_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="outside"):
        write_site(tmp_path / "site", [("../evil.html", b"x")])


def test_a_sync_told_what_changed_looks_only_there_and_where_the_folders_differ(
        tmp_path: Path) -> None:
    """`sync(new, changed)` gives the same staging folder as a full `sync(new)`
    when `changed` holds every path whose fingerprint differs from the live
    site's: the staging folder's own differences (an older site) are mended."""
    out = tmp_path / "site"
    marker = marker_text("", "")
    older = {"index.html": "h1", "a.html": "a1", "gone.html": "g"}
    live = {"index.html": "h2", "a.html": "a1", "b.html": "b1"}
    write_site(out, [(p, f.encode()) for p, f in older.items()])
    staging = Staging(out, {}, None, marker)
    staging.sync(live)
    for path, fingerprint in live.items():
        staging.put(path, fingerprint.encode())
    staging.publish(live, keep_previous=True)  # the staging folder now holds `older`
    front = staging.manifest(live)
    back = staging.manifest(older)
    new = {"index.html": "h2", "a.html": "a2", "b.html": "b1"}
    told = Staging(out, front, back, marker)
    assert told.unchanged(live, changed={"a.html"}) and not told.unchanged(new, changed={"a.html"})
    todo = told.sync(new, changed={"a.html"})
    assert todo == ["a.html"]
    staged = staging.dir
    assert sorted(p.name for p in staged.iterdir() if p.name != ".sitegen-site") == \
        ["a.html", "b.html", "index.html"]
    assert (staged / "index.html").read_bytes() == b"h2"  # linked from the live site
    assert (staged / "index.html").stat().st_ino == (out / "index.html").stat().st_ino


def test_folders_on_their_way_out_are_moved_aside_for_the_caller_to_delete(
        tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, SITE)
    old = out.with_name(".site.staging")
    (old / "a").mkdir(parents=True)
    (old / "a/index.html").write_bytes(b"a page of an old site")
    trash: list[str] = []
    staging = Staging(out, {}, None, marker_text("", ""), trash=trash)
    staging.start_anew()  # an old staging folder: renamed at once, not deleted
    assert list(staging.dir.iterdir()) == []
    assert [Path(t).name for t in trash] == [".site.trash-1"]
    assert (Path(trash[0]) / "a/index.html").read_bytes() == b"a page of an old site"
    new = {"index.html": "x"}
    for path in staging.sync(new):
        staging.put(path, b"home")
    staging.publish(new, keep_previous=False)  # the old site goes the same way
    assert len(trash) == 2 and (Path(trash[1]) / "sitemap.xml").read_bytes() == b"<urlset/>"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.trash-1", ".site.trash-2",
                                                          "site"]



def _cold_build_with_spare(out: Path) -> Staging:
    """A cold build of `SITE` into `out` that keeps a spare copy, published."""
    staging = Staging(out, {}, None, marker_text("", ""), spare=True)
    new = {path: hashlib.sha256(data).hexdigest() for path, data in SITE}
    for path in staging.sync(new):
        staging.put(path, dict(SITE)[path])
    staging.publish(new, keep_previous=False)
    return staging


def test_a_cold_build_leaves_a_spare_copy_as_the_staging_folder(tmp_path: Path) -> None:
    """A spare left by a killed build is replaced; the new one holds the very
    files of the live site (hard links) and becomes the staging folder."""
    out = tmp_path / "site"
    (tmp_path / ".site.spare" / "old").mkdir(parents=True)  # a killed build's
    staging = _cold_build_with_spare(out)
    assert staging.take_spare()
    staged = tmp_path / ".site.staging"
    live = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    assert {p.relative_to(staged).as_posix(): p.stat().st_ino
            for p in staged.rglob("*") if p.is_file()} == live
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.staging", "site"]


def test_without_hard_links_a_cold_build_keeps_no_spare(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*_: object, **__: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("os.link", no_links)
    out = tmp_path / "site"
    staging = _cold_build_with_spare(out)
    assert not staging.take_spare()
    assert (out / "a/index.html").read_bytes() == b"a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
