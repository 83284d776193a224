"""What is stale is derived, not declared: a new page kind and a new
front-matter field, added the way a theme or a feature would add them (a
planner of pages, one schema line, a template), stay right in incremental
builds without a change to the engine (`sitegen.incremental`)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from corpus import write_collection

from sitegen import frontmatter, pipeline, render
from sitegen.config import load_config
from sitegen.console import Console
from sitegen.errors import Diagnostics
from sitegen.incremental.cache import BuildCache
from sitegen.incremental.reads import TEXT, fields_read
from sitegen.load import Article, load_content
from sitegen.render import Plan, plan
from sitegen.render.pages import Page
from sitegen.render.refs import ref
from sitegen.slugs import slugify

SOURCES_TEMPLATE = """<!doctype html><title>{{ source }}</title><ul>
{% for entry in entries %}<li>{{ entry.title }}: {{ entry.fields.get("mood", "calm") }}</li>
{% endfor %}</ul>
"""


def _plan_with_sources(collection, config) -> Plan:
    """The site's plan and one page more per `source`: a page kind of a theme."""
    base = plan(collection, config)
    by_source: dict[str, list] = {}
    for article in collection.articles:
        by_source.setdefault(article.source or "unknown", []).append(ref(article))
    pages = [Page(f"sources/{slugify(name)}/index.html", "sources.html",
                  {"source": name, "entries": tuple(refs)})
             for name, refs in sorted(by_source.items())]
    return Plan((*base.pages, *pages), base.counts)


def _site(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def _build(project: Path, out: Path | None = None) -> None:
    diag = Diagnostics()
    config = load_config(project / "config.yaml", diag)
    if out is not None:
        config = dataclasses.replace(config, output_dir=out)
    cache = BuildCache(None if out else config.cache_dir)
    try:
        pipeline.build(config, diag, Console(verbosity=0), cache, parallel=False)
    finally:
        cache.close()
    assert not diag.errors


def _set(path: Path, key: str, value: str) -> None:
    text = path.read_text()
    lines = [line for line in text.split("\n") if not line.startswith(f"{key}:")]
    lines.insert(1, f"{key}: {value}")
    path.write_text("\n".join(lines))


@pytest.fixture
def themed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose theme adds `sources/<source>/` pages that show a new
    front-matter field, `mood`."""
    monkeypatch.setattr(frontmatter, "ARTICLE", (*frontmatter.ARTICLE, frontmatter.Field("mood")))
    monkeypatch.setattr(render, "plan", _plan_with_sources)  # where the pipeline takes it from
    project = tmp_path / "project"
    write_collection(project / "content", 30)
    (project / "layouts").mkdir()
    (project / "layouts/sources.html").write_text(SOURCES_TEMPLATE)
    (project / "config.yaml").write_text("title: T\nbase_url: https://example.org/\n"
                                         "search: false\n")
    for number in range(0, 30, 3):
        _set(project / f"content/article-{number:05d}.md", "source", f"Paper {number % 2}")
    return project


@pytest.mark.parametrize("edit", [
    lambda p: _set(p / "content/article-00003.md", "mood", "stormy"),  # the new field
    lambda p: _set(p / "content/article-00006.md", "source", "Paper 1"),  # moves between pages
    lambda p: _set(p / "content/article-00004.md", "source", "Paper 2"),  # a page comes
    lambda p: (p / "content/article-00003.md").unlink(),
    lambda p: _set(p / "content/article-00009.md", "title", '"A new title"'),
], ids=["new-field", "move", "new-page", "delete", "retitle"])
def test_incremental_equals_clean_with_a_new_page_kind_and_field(themed: Path, edit) -> None:
    _build(themed)
    _set(themed / "content/article-00003.md", "mood", "sunny")
    _build(themed)
    assert "sunny" in (themed / "site/sources/paper-1/index.html").read_text()
    edit(themed)
    _build(themed)
    _build(themed, themed.parent / "clean")
    assert _site(themed / "site") == _site(themed.parent / "clean")


def _counting_plans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time the pipeline plans the site."""
    planned: list[int] = []
    real = render.plan

    def counted(collection, config) -> Plan:
        planned.append(1)
        return real(collection, config)

    monkeypatch.setattr(render, "plan", counted)
    return planned


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    write_collection(project / "content", 30)
    (project / "config.yaml").write_text("title: T\nbase_url: https://example.org/\n"
                                         "search: false\n")
    return project


@pytest.mark.parametrize("field, value, plans", [
    ("title", '"A new title"', 0), ("summary", "A new summary.", 0), ("note", "Read it.", 0),
    ("date", "2001-02-03", 1), ("tags", "[a new tag]", 1), ("authors", "[A. New]", 1),
])
def test_only_fields_the_planner_read_plan_the_site_again(
        plain: Path, monkeypatch: pytest.MonkeyPatch, field: str, value: str,
        plans: int) -> None:
    """The built-in theme places an article by its slug, date, tags and
    authors; its title, summary and note reach the pages that show it at
    render time, through their fingerprints."""
    _build(plain)
    planned = _counting_plans(monkeypatch)
    _set(plain / "content/article-00007.md", field, value)
    _build(plain)
    assert len(planned) == plans
    _build(plain, plain.parent / "clean")
    assert _site(plain / "site") == _site(plain.parent / "clean")


def test_fields_read_names_the_fields_read_in_the_block_only(plain: Path) -> None:
    [article, *_] = load_content(plain / "content", plain, Diagnostics()).articles
    with fields_read() as read:
        assert article.title and article.reading_minutes >= 0
    assert article.slug
    assert read == {"title", TEXT}  # `reading_minutes` reads `words`, which is the text's
    with fields_read() as read:
        assert Article.extra == () and article.language is None  # defaults stay defaults
    assert read == {"extra", "language"} and Article.language is None


def test_a_site_without_articles_keeps_its_plan_too(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Planning read no article field at all: an empty set of fields, not
    an unknown one (which would plan the site again at every build)."""
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "layouts/static").mkdir(parents=True)
    (project / "config.yaml").write_text("title: T\nbase_url: https://example.org/\n"
                                         "search: false\n")
    _build(project)
    planned = _counting_plans(monkeypatch)
    (project / "layouts/static/extra.css").write_text("p { margin: 0 }\n")
    _build(project)
    assert planned == [] and (project / "site/static/extra.css").is_file()
