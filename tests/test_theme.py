"""What the built-in theme shows readers, and how a project overrides it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jinja2
import markupsafe
import pytest
from conftest import ROOT, copy_project, run_cli
from helpers import FULL_ARTICLE, html_pages, read_page
from markupsafe import Markup

from sitegen.render.templates import BUILTIN_TEMPLATES, environment, escape_output

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _bio_start(project: Path, author_slug: str) -> str:
    profile = (project / "content/authors" / f"{author_slug}.md").read_text(encoding="utf-8")
    return profile.split("---\n\n", 1)[1].split(". ")[0]


def _built(tmp_path: Path, **settings: str) -> Path:
    """The sample project built with some config settings changed."""
    project = copy_project(tmp_path / "project")
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    for key, value in settings.items():
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, flags=re.MULTILINE)
    config.write_text(text, encoding="utf-8")
    run_cli("build", cwd=project, check=True)
    return project


def test_article_page_shows_date_authors_tags_time_bios_related_and_neighbours(
        sample_site: Path) -> None:
    page = read_page(sample_site / "site" / FULL_ARTICLE / "index.html")
    hrefs = [a["href"] or "" for a in page.find_all("a")]
    assert page.find_all("time")[0]["datetime"] == "2024-05-22"
    assert {"/authors/tomas-de-la-vega/", "/authors/priya-nandakumar/"} <= set(hrefs)
    assert {"/tags/river-tamsin/", "/tags/port-averill/"} <= set(hrefs)
    assert re.search(r"\d+ min read", page.text)
    assert "About the authors" in page.text
    for slug in ("tomas-de-la-vega", "priya-nandakumar"):
        assert _bio_start(sample_site, slug) in page.text
    related = page.find_all("section", class_="related")
    assert related and sum(h.startswith("/articles/") for h in hrefs) >= 5
    assert [a["rel"] for a in page.find_all("a") if a.get("rel") in ("prev", "next")] \
        == ["prev", "next"]


def test_list_entries_show_title_date_authors_and_summary(sample_site: Path) -> None:
    page = read_page(sample_site / "site/index.html")
    entries = page.find_all("article", class_="entry")
    assert len(entries) == len(page.find_all("p", class_="summary")) == 10
    assert len(page.find_all("time")) == 10
    assert sum(1 for a in page.find_all("a") if (a["href"] or "").startswith("/authors/")
               and a["href"] != "/authors/") >= 10


def test_tag_index_lists_every_tag_with_its_count_most_used_first(sample_site: Path) -> None:
    site = sample_site / "site"
    html = (site / "tags/index.html").read_text(encoding="utf-8")
    listed = re.findall(r'href="/tags/([^/"]+)/">[^<]*<span class="count">(\d+)', html)
    assert {slug for slug, _ in listed} == {p.name for p in (site / "tags").iterdir()
                                           if p.is_dir()}
    for slug, count in listed:
        entries = read_page(site / "tags" / slug / "index.html").find_all("article")
        assert int(count) == len(entries), slug
    counts = [int(count) for _, count in listed]
    assert counts == sorted(counts, reverse=True)


def test_author_index_shows_each_author_with_count_and_bio_excerpt(sample_site: Path) -> None:
    page = read_page(sample_site / "site/authors/index.html")
    authors = sorted(p.name for p in (sample_site / "site/authors").iterdir() if p.is_dir())
    assert len(page.find_all("h2")) == len(authors) == 5
    for slug in authors:
        assert _bio_start(sample_site, slug)[:60] in page.text
    assert len(re.findall(r"\d+ articles?", page.text)) == 5


@pytest.mark.parametrize("listing", ["tags/river-tamsin", "authors/tomas-de-la-vega"])
def test_tag_and_author_pages_paginate_with_rel_links_and_keep_their_feed(
        tmp_path: Path, listing: str) -> None:
    site = _built(tmp_path, per_page="2") / "site"
    first = read_page(site / listing / "index.html")
    second = read_page(site / listing / "page/2/index.html")
    assert first.find_all("link", rel="next")[0]["href"] == f"/{listing}/page/2/"
    assert first.find_all("a", rel="next")[0]["href"] == f"/{listing}/page/2/"
    assert second.find_all("link", rel="prev")[0]["href"] == f"/{listing}/"
    for page in (first, second):
        assert page.find_all("link", rel="alternate")[0]["href"] == f"/{listing}/feed.xml"
        assert f"/{listing}/feed.xml" in page.links  # shown to readers too


def test_email_addresses_in_bios_are_not_left_for_harvesters(sample_site: Path) -> None:
    site = sample_site / "site"
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert "mailto:" not in text and not EMAIL.search(text), path
    assert "oisin.callaghan (at) harbourledger (dot) example" in \
        read_page(site / "authors/oisin-callaghan/index.html").text


def test_email_addresses_become_links_when_hiding_is_off(tmp_path: Path) -> None:
    site = _built(tmp_path, hide_emails="false") / "site"
    links = read_page(site / "authors/oisin-callaghan/index.html").links
    assert any(link.startswith("mailto:") for link in links)


def test_an_article_with_its_stylesheet_stays_under_30_kb(sample_site: Path) -> None:
    site = sample_site / "site"
    css = (site / "static/style.css").stat().st_size
    heaviest = max(p.stat().st_size for p in (site / "articles").glob("*/index.html"))
    assert heaviest + css < 30 * 1024, (heaviest, css)


def test_only_search_and_reading_lists_load_a_script(sample_site: Path) -> None:
    """Every other page has only the one-line service worker registration
    (offline reading: progressive enhancement) and, for articles, JSON-LD."""
    site = sample_site / "site"
    for path in html_pages(site):
        scripts = [s.get("src") for s in read_page(path).find_all("script")
                   if s.get("type") != "application/ld+json"]
        expected = ["/static/search.js"] if path == site / "search/index.html" else \
            ["/static/save-list.js"] if path.parent.parent.name == "lists" else []
        assert scripts == [*expected, None], path
        assert path.read_text(encoding="utf-8").count("serviceWorker.register(") == 1


def test_a_template_in_layouts_replaces_the_built_in_one(project: Path) -> None:
    (project / "layouts/entry.html").write_text(
        '<p class="my-entry"><a href="{{ entry.url }}">{{ entry.title }}</a></p>\n')
    run_cli("build", cwd=project, check=True)
    page = read_page(project / "site/index.html")
    assert len(page.find_all("p", class_="my-entry")) == 10
    assert not page.find_all("article", class_="entry")
    assert "Collected and annotated" in page.text  # the sample's own footer.html


def test_readme_documents_every_built_in_template() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layouts = readme.split("## Layouts", 1)[1].split("\n## ", 1)[0]
    for template in sorted(p.name for p in BUILTIN_TEMPLATES.iterdir()):
        assert f"`{template}`" in layouts, template


class _Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


@pytest.mark.parametrize("value", [
    "plain", "", "Tom & Jerry's \"<b>\"", "&amp; already", "ünïcode ‘quotes’ <", 7, 2.5, None,
    Markup("<i>marked</i>"), _Html(), dt.date(2025, 4, 1)])
def test_written_values_are_escaped_exactly_as_markupsafe_escapes_them(value: object) -> None:
    assert escape_output(value) == str(markupsafe.escape(value))


def test_a_template_writes_values_escaped_and_marked_html_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "{{ text }}|{{ html }}|{% set block %}{{ text }}{% endset %}{{ block }}"
        "|{% macro m(x) %}{{ x }}{% endmacro %}{{ m(text) }}|{{ text|upper }}")
    env = environment(tmp_path, site=None)
    rendered = env.get_template("page.html").render(text="<a & 'b'>", html=Markup("<br>"))
    escaped = "&lt;a &amp; &#39;b&#39;&gt;"
    assert rendered == f"{escaped}|<br>|{escaped}|{escaped}|&lt;A &amp; &#39;B&#39;&gt;"


def test_an_undefined_value_in_a_template_is_still_an_error(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("{{ missing }}")
    with pytest.raises(jinja2.UndefinedError):
        environment(tmp_path, site=None).get_template("page.html").render()
