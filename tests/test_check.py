"""check: every link of the built site resolves where the site is hosted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import static_server
from conftest import run_cli

from sitegen.check import check_site
from sitegen.errors import SiteError

READING = "https://example.org/reading/"


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory, sample_site: Path) -> Path:
    """The sample project built for https://example.org/reading/ (read-only)."""
    out = tmp_path_factory.mktemp("reading") / "site"
    run_cli("build", "--no-ingest", "--out", str(out), "--base-url", READING, cwd=sample_site,
            check=True)
    return out


def _planted(site: Path, tmp_path: Path, page: str, html: str) -> Path:
    """A copy of `site` with `html` added to the end of `page`'s main element."""
    copy = shutil.copytree(site, tmp_path / "site")
    path = copy / page
    path.write_text(path.read_text().replace("</main>", f"{html}</main>"))
    return copy


def test_a_sub_path_build_passes_check(sample_site: Path, sub_path_site: Path) -> None:
    result = run_cli("check", "--out", str(sub_path_site), "--base-url", READING,
                     cwd=sample_site)
    assert result.returncode == 0, result.stderr
    assert "every link" in result.stdout


def test_a_site_checked_against_another_base_path_fails(sample_site: Path,
                                                        sub_path_site: Path) -> None:
    result = run_cli("check", "--out", str(sub_path_site), cwd=sample_site)  # base_url is /
    assert result.returncode == 1
    assert "/tags/index.html: broken link /reading/tags/: no such file" in result.stderr


def test_a_planted_broken_link_is_named_with_its_page(sample_site: Path, sub_path_site: Path,
                                                      tmp_path: Path) -> None:
    site = _planted(sub_path_site, tmp_path, "tags/index.html",
                    '<a href="/reading/nowhere/">x</a>')
    result = run_cli("check", "--out", str(site), "--base-url", READING, cwd=sample_site)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {site}/tags/index.html: broken link /reading/nowhere/: "
                      "no such file in the site"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("html", "reason"), [
    ('<a href="#nowhere">x</a>', "no element with id 'nowhere'"),
    ('<a href="../authors/#main">x</a>', None),  # relative, with a fragment that exists
    ('<img src="/reading/static/missing.png" alt="">', "no such file"),
    ('<a href="/elsewhere/">x</a>', "outside the base path /reading/"),
    ('<a href="https://example.org/reading/tags/">x</a>', None),
    ('<a href="mailto:a@example.org">x</a>', None),
    ("<p>&lt;img src=x&gt; is text, not a tag</p>", None),
])
def test_links_are_resolved_as_a_browser_would(sub_path_site: Path, tmp_path: Path, html: str,
                                               reason: str | None) -> None:
    site = _planted(sub_path_site, tmp_path, "tags/index.html", html)
    problems = check_site(site, READING)
    assert [p.reason for p in problems if reason and reason in p.reason] == \
        [p.reason for p in problems]
    assert len(problems) == (1 if reason else 0), problems


@pytest.mark.parametrize(("file", "old", "new", "link"), [
    ("feed.xml", 'href="https://example.org/reading/feed.xml"', 'href="/reading/feed.xml"',
     "/reading/feed.xml"),
    ("sitemap.xml", "<loc>https://example.org/reading/</loc>",
     "<loc>https://example.org/reading/gone/</loc>", "https://example.org/reading/gone/"),
    ("robots.txt", "Sitemap: https://example.org/reading/sitemap.xml",
     "Sitemap: https://example.org/sitemap.xml", "https://example.org/sitemap.xml"),
    ("index.html", 'property="og:url" content="https://example.org/reading/"',
     'property="og:url" content="/reading/"', "/reading/"),
])
def test_feed_and_sitemap_urls_must_be_absolute_and_right(
        sub_path_site: Path, tmp_path: Path, file: str, old: str, new: str, link: str) -> None:
    site = shutil.copytree(sub_path_site, tmp_path / "site")
    text = (site / file).read_text()
    assert old in text
    (site / file).write_text(text.replace(old, new, 1))
    assert [(p.page, p.link) for p in check_site(site, READING)] == [(file, link)]


def _local(problems: list) -> list:
    """Only the links planted on this machine: the sample site links to the originals
    of its articles (`url:`), which this machine cannot reach."""
    return [p for p in problems if p.link.startswith("http://127.0.0.1:")]


def test_external_links_are_checked_only_when_asked(sub_path_site: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "here.html").write_text("<p>here</p>")
    with static_server(other) as url:
        site = _planted(sub_path_site, tmp_path, "tags/index.html",
                        f'<a href="{url}here.html">ok</a><a href="{url}gone.html">gone</a>')
        assert check_site(site, READING) == []
        problems = _local(check_site(site, READING, external=True, timeout=5))
    assert [(p.page, p.link, p.reason) for p in problems] == [
        ("tags/index.html", f"{url}gone.html", "HTTP 404 File not found")]


def test_an_external_host_that_does_not_answer_is_reported(sub_path_site: Path,
                                                           tmp_path: Path) -> None:
    site = _planted(sub_path_site, tmp_path, "index.html", '<a href="http://127.0.0.1:9/">x</a>')
    problems = _local(check_site(site, READING, external=True, timeout=2))
    assert len(problems) == 1 and problems[0].reason.startswith("unreachable")


def test_checking_a_folder_without_a_site_is_an_error(sample_site: Path, tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="no built site here"):
        check_site(tmp_path, READING)
    result = run_cli("check", "--out", str(tmp_path), cwd=sample_site)
    assert result.returncode == 1 and "no built site here" in result.stderr
    assert "Traceback" not in result.stderr
