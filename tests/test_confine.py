"""A symbolic link in content/, seeds/ or layouts/ that leads outside the project is refused:
its target is never read into the site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

SECRET = "the key to everything"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the project."""
    path = tmp_path / "private" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"---\ntitle: Secret\n---\n\n{SECRET}.\n")
    return path


def _refused(result, link: Path, project: Path) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{link}: symbolic link to a file outside the project; refused" in result.stderr
    assert "Traceback" not in result.stderr
    site = project / "site"
    if site.exists():
        assert not any(SECRET in p.read_text(errors="replace") for p in site.rglob("*")
                       if p.is_file())


def test_a_content_file_linking_outside_is_refused(project: Path, secret: Path) -> None:
    run_cli("ingest", cwd=project, check=True)
    link = project / "content" / "secret.md"
    link.symlink_to(secret)
    _refused(run_cli("build", "--no-ingest", cwd=project), link, project)


def test_a_content_folder_linking_outside_is_refused(project: Path, secret: Path) -> None:
    run_cli("ingest", cwd=project, check=True)
    secret.rename(secret.with_suffix(".md"))
    link = project / "content" / "elsewhere"
    link.symlink_to(secret.parent, target_is_directory=True)
    _refused(run_cli("build", "--no-ingest", cwd=project), link, project)


def test_a_link_inside_the_project_is_fine(project: Path) -> None:
    run_cli("ingest", cwd=project, check=True)
    kept = project / "drafts" / "kept.md"
    kept.parent.mkdir()
    kept.write_text("---\ntitle: Kept aside\ndate: 2025-01-01\n---\n\nLinked in.\n")
    (project / "content" / "kept.md").symlink_to(kept)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    assert (project / "site/articles/kept/index.html").is_file()


def test_a_seed_linking_outside_is_refused(project: Path, secret: Path) -> None:
    link = project / "seeds" / "secret.txt"
    link.symlink_to(secret)
    result = run_cli("build", cwd=project)
    _refused(result, link, project)
    assert not any(SECRET in p.read_text() for p in (project / "content").rglob("*.md"))


@pytest.mark.parametrize("name", ["footer.html", "static/secret.txt"])
def test_a_layout_linking_outside_is_refused(project: Path, secret: Path, name: str) -> None:
    link = project / "layouts" / name
    link.parent.mkdir(exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    _refused(run_cli("build", cwd=project), link, project)


def _link_folder_outside(project: Path, tmp_path: Path, name: str) -> Path:
    """Move the project's `name` folder out (adding the secret to it) and leave a
    symbolic link to it in its place; return the real folder."""
    real = tmp_path / "elsewhere" / name
    real.parent.mkdir(exist_ok=True)
    if name == "content":
        run_cli("ingest", cwd=project, check=True)
    shutil.move(project / name, real)
    secret = {"seeds": "secret.txt", "content": "secret.md", "layouts": "static/secret.txt"}
    (real / secret[name]).parent.mkdir(exist_ok=True)
    (real / secret[name]).write_text(f"---\ntitle: Secret\n---\n\n{SECRET}.\n")
    (project / name).symlink_to(real, target_is_directory=True)
    return real


@pytest.mark.parametrize("name", ["seeds", "content", "layouts"])
def test_a_top_level_folder_that_is_a_link_is_refused(
        project: Path, tmp_path: Path, name: str) -> None:
    real = _link_folder_outside(project, tmp_path, name)
    result = run_cli("build", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{project / name}: this folder is a symbolic link to {real}; refused" \
        in result.stderr
    assert f"`{name}_dir: {real}`" in result.stderr and "Traceback" not in result.stderr
    site = project / "site"
    assert not site.exists() or not any(
        SECRET in p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())


def test_a_linked_folder_named_by_its_real_path_is_used(project: Path, tmp_path: Path) -> None:
    real = _link_folder_outside(project, tmp_path, "layouts")
    config = project / "config.yaml"
    config.write_text(re.sub(r"(?m)^layouts_dir:.*$", f"layouts_dir: {real}", config.read_text()))
    run_cli("build", cwd=project, check=True)
    assert SECRET in (project / "site/static/secret.txt").read_text()


def test_deploy_never_follows_a_link_out_of_the_site(
        sample_site: Path, secret: Path, tmp_path: Path) -> None:
    site = shutil.copytree(sample_site / "site", tmp_path / "built")
    link = site / "static" / "notes.txt"
    link.symlink_to(secret)
    dest = tmp_path / "public"
    result = run_cli("deploy", "--out", str(site), "--to", "directory", "--dest", str(dest),
                     cwd=sample_site)
    assert result.returncode == 1 and f"{link}: symbolic link" in result.stderr
    assert not dest.exists()
