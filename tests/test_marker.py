"""Only our own folders are replaced or mirrored into: the output folder and
every deploy folder carry sitegen's marker, and a non-empty folder without
it is refused, however much it looks like a site (real builds and deploys
on real folders)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import copy_project, run_cli

from sitegen.marker import MARKER

# A hand-made website: it has what a built site has, and more.
LOOKS_LIKE_A_SITE = {"index.html": "<h1>my site</h1>", "sitemap.xml": "<urlset/>",
                     "precious.txt": "years of work", "blog/post-2019.html": "<p>old post</p>",
                     "cv.pdf": "%PDF-1.4"}


def _folder(path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    return path


def _contents(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*")
            if p.is_file()}


def _refused(result: subprocess.CompletedProcess[str], folder: Path) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{folder}: refusing to replace it" in result.stderr
    assert "--force" in result.stderr and "Traceback" not in result.stderr
    assert _contents(folder) == {name: text.encode() for name, text in LOOKS_LIKE_A_SITE.items()}


def test_build_refuses_an_output_folder_sitegen_did_not_write(
        project: Path, tmp_path: Path) -> None:
    web = _folder(tmp_path / "web", LOOKS_LIKE_A_SITE)
    _refused(run_cli("build", "--out", str(web), cwd=project), web)
    assert not (tmp_path / ".web.staging").exists()


def test_build_with_force_replaces_a_foreign_output_folder(project: Path, tmp_path: Path) -> None:
    web = _folder(tmp_path / "web", LOOKS_LIKE_A_SITE)
    run_cli("build", "--out", str(web), "--force", cwd=project, check=True)
    assert not (web / "precious.txt").exists() and (web / MARKER).is_file()
    run_cli("build", "--out", str(web), cwd=project, check=True)  # now it is ours


@pytest.mark.parametrize("before", ["missing", "empty"])
def test_first_build_into_a_missing_or_empty_folder_marks_it(
        project: Path, tmp_path: Path, before: str) -> None:
    out = tmp_path / "out"
    if before == "empty":
        out.mkdir()
    run_cli("build", "--out", str(out), cwd=project, check=True)
    marker = (out / MARKER).read_text()
    assert marker.startswith("A site written by sitegen") and "The Harbour Reader" in marker
    assert str(tmp_path) not in marker  # the marker is published: no local paths in it
    (project / "content" / "new.md").write_text("---\ntitle: New\n---\n\nText.\n")
    run_cli("build", "--out", str(out), "--no-ingest", cwd=project, check=True)
    assert (out / "articles/new/index.html").is_file()
    assert (out / MARKER).read_text() == marker


@pytest.mark.parametrize("kind", ["directory", "rsync"])
def test_deploy_refuses_a_folder_that_looks_like_a_site(
        sample_site: Path, tmp_path: Path, kind: str) -> None:
    if shutil.which(kind) is None and kind == "rsync":
        pytest.skip("rsync is not installed")
    dest = _folder(tmp_path / "public", LOOKS_LIKE_A_SITE)
    _refused(run_cli("deploy", "--out", str(sample_site / "site"), "--to", kind,
                     "--dest", str(dest), cwd=sample_site), dest)


def test_directory_deploy_marks_its_folder_and_refuses_another_sites(
        sample_site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "public"
    deploy = ("deploy", "--to", "directory", "--dest", str(dest))
    run_cli(*deploy, "--out", str(sample_site / "site"), cwd=sample_site, check=True)
    assert (dest / MARKER).read_bytes() == (sample_site / "site" / MARKER).read_bytes()
    again = run_cli(*deploy, "--out", str(sample_site / "site"), cwd=sample_site, check=True)
    assert "copied 0 files" in again.stdout
    other = copy_project(tmp_path / "other")
    before = _contents(dest)
    result = run_cli(*deploy, "--base-url", "https://other.example.org/", cwd=other)
    assert result.returncode == 1
    assert "holds another site (https://example.org/)" in result.stderr
    assert _contents(dest) == before


def test_github_pages_refuses_a_branch_sitegen_did_not_publish(
        sample_site: Path, tmp_path: Path) -> None:
    repo = tmp_path / "remote.git"
    work = _folder(tmp_path / "work", LOOKS_LIKE_A_SITE)
    for args in (("init", "--quiet", "--bare", str(repo)), ("-C", str(work), "init", "--quiet"),
                 ("-C", str(work), "add", "."),
                 ("-C", str(work), "-c", "user.name=t", "-c", "user.email=t@t", "commit",
                  "--quiet", "-m", "my site"),
                 ("-C", str(work), "push", "--quiet", str(repo), "HEAD:refs/heads/gh-pages")):
        subprocess.run(["git", *args], check=True, capture_output=True)
    head = subprocess.run(["git", "--git-dir", str(repo), "rev-parse", "gh-pages"],
                          check=True, capture_output=True, text=True).stdout
    result = run_cli("deploy", "--out", str(sample_site / "site"), "--to", "github-pages",
                     "--repo", str(repo), cwd=sample_site)
    assert result.returncode == 1 and "refusing to replace its files" in result.stderr
    assert subprocess.run(["git", "--git-dir", str(repo), "rev-parse", "gh-pages"], check=True,
                          capture_output=True, text=True).stdout == head
