"""A symbolic link in content/, seeds/ or layouts/ that leads outside the project is refused:
its target is never read into the site."""

from __future__ import annotations

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
