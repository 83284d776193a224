"""What a curator writes by hand: raw HTML in a Markdown body is shown as
text unless `raw_html: true`; content files edited by hand are normal (one
count in the ingest summary, no warning, `--strict` passes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_cli
from helpers import read_page

ARTICLE = "content/port-averill-health-officials-have-advised-people.md"
PAGE = "site/articles/port-averill-health-officials-have-advised-people/index.html"
RAW = "\n<script>alert(1)</script>\n\nSome <b>bold</b> and <img src=x onerror=alert(2)> text.\n"


@pytest.fixture
def built(sample_site: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(sample_site, tmp_path / "project", symlinks=True))


def _build(project: Path, *args: str) -> str:
    result = run_cli("build", *args, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_raw_html_in_a_body_is_shown_as_text(built: Path) -> None:
    with (built / ARTICLE).open("a") as file:
        file.write(RAW)
    _build(built, "--no-ingest")
    page = read_page(built / PAGE)
    assert not [t for t, a in page.elements if t in ("b", "img") or "onerror" in a]
    assert "<script>alert(1)</script>" in page.text  # shown as text, not run
    assert "<img src=x onerror=alert(2)>" in page.text
    assert "alert(1)</script>" not in (built / PAGE).read_text()


def test_raw_html_setting_lets_it_through(built: Path) -> None:
    with (built / ARTICLE).open("a") as file:
        file.write(RAW)
    _build(built, "--no-ingest")
    config = built / "config.yaml"
    config.write_text(config.read_text() + "raw_html: true\n")
    _build(built, "--no-ingest")
    html = (built / PAGE).read_text()
    assert "<script>alert(1)</script>" in html and "<b>bold</b>" in html
    config.write_text(config.read_text().replace("raw_html: true\n", ""))
    _build(built, "--no-ingest")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (built / PAGE).read_text()


def test_hand_edits_are_counted_once_and_pass_strict(built: Path) -> None:
    path = built / ARTICLE
    path.write_text(path.read_text().replace("title: Port Averill", "title: My Port Averill"))
    for _ in range(2):  # the first run finds the edit, the second replays it
        output = _build(built, "--strict")
        assert "1 kept" in output and "edited by hand since ingest wrote it" not in output
        assert "warning" not in output
    listed = run_cli("ingest", "-v", cwd=built)
    assert f"kept: {path}" in listed.stdout
