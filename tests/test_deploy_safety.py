"""Deploy safety: no site built for localhost is published by accident, and
settings spelled as other generators spell them get a suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_sitegen

from sitegen.config import load_config
from sitegen.errors import Diagnostics, did_you_mean


def _project(root: Path, base_url: str | None) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "content/one.md").write_text("---\ntitle: One\ndate: 2025-01-01\n---\n\nText.\n")
    setting = f"base_url: {base_url}\n" if base_url else ""
    (root / "config.yaml").write_text(
        f"{setting}search: false\ndeploy:\n  mirror:\n    type: directory\n    dest: ../public\n")
    return root


@pytest.mark.parametrize("base_url", [None, "http://127.0.0.1:8000/", "http://[::1]/",
                                      "http://preview.localhost/reading/"])
def test_deploy_refuses_a_local_base_url(tmp_path: Path, base_url: str | None) -> None:
    root = _project(tmp_path / "project", base_url)
    result = run_sitegen("deploy", "--no-ingest", cwd=root)
    assert result.returncode == 1
    assert "base_url is http" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "public").exists()  # nothing published
    assert not (root / "site").exists()  # refused before building


def test_deploy_refuses_an_empty_base_url(tmp_path: Path) -> None:
    root = _project(tmp_path / "project", '""')
    result = run_sitegen("deploy", "--no-ingest", "--force", cwd=root)
    assert result.returncode == 1
    assert "config.yaml:1:" in result.stderr and "absolute http(s) URL, not ''" in result.stderr
    assert not (tmp_path / "public").exists()


def test_deploy_publishes_a_local_base_url_when_forced(tmp_path: Path) -> None:
    root = _project(tmp_path / "project", None)
    result = run_sitegen("deploy", "--no-ingest", "--force", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "warning: " in result.stderr and "publishing anyway (--force)" in result.stderr
    assert (tmp_path / "public/articles/one/index.html").is_file()


def test_deploy_with_a_public_base_url_needs_no_force(tmp_path: Path) -> None:
    root = _project(tmp_path / "project", None)
    result = run_sitegen("deploy", "--no-ingest", "--base-url", "https://example.org/r/",
                         cwd=root)
    assert result.returncode == 0, result.stderr
    assert "localhost" not in result.stderr
    assert (tmp_path / "public/articles/one/index.html").is_file()


@pytest.mark.parametrize(("written", "meant"), [
    ("baseURL", "base_url"), ("BaseUrl", "base_url"), ("base-url", "base_url"),
    ("site_url", "base_url"), ("SITEURL", "base_url"), ("url", "base_url"),
    ("SITENAME", "title"), ("site_name", "title"), ("languageCode", "language"),
    ("publishDir", "output_dir"), ("docs_dir", "content_dir"), ("paginate", "per_page"),
    ("DEFAULT_PAGINATION", "per_page"), ("buildDrafts", "include_drafts"),
    ("Per-Page", "per_page"), ("titel", "title"),
])
def test_settings_of_other_generators_get_a_suggestion(tmp_path: Path, written: str,
                                                      meant: str) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"{written}: x\n")
    diag = Diagnostics()
    load_config(config, diag)
    assert [w.message for w in diag.warnings] == [
        f'unknown setting `{written}` (did you mean "{meant}"?)']


def test_suggestions_ignore_case_and_separators() -> None:
    assert did_you_mean("GitHub_Pages", ["github-pages", "directory"]) == \
        ' (did you mean "github-pages"?)'
    assert did_you_mean("zzzz", ["title"]) == ""


def test_a_hugo_base_url_is_suggested_on_the_command_line(tmp_path: Path) -> None:
    root = _project(tmp_path / "project", None)
    config = root / "config.yaml"
    config.write_text('baseURL: "https://example.org/"\n' + config.read_text())
    result = run_sitegen("deploy", "--no-ingest", "--dry-run", cwd=root)
    assert result.returncode == 1
    assert 'unknown setting `baseURL` (did you mean "base_url"?)' in result.stderr
    assert "base_url is http://localhost:8000/" in result.stderr
