"""Loading with the cache: after an edit, only the changed files are parsed
and only the files that need it are loaded whole, while what the build
knows of every file (the catalog) and every problem it reports stay those
of a load of everything."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import write_collection

from sitegen.errors import Diagnostics
from sitegen.incremental import loading
from sitegen.incremental.cache import BuildCache
from sitegen.load import DIGESTED, content_files, load_content

ARTICLES = 30


def _load(root: Path, cache: BuildCache, max_tags: int | None = None
          ) -> tuple[loading.Loaded, Diagnostics]:
    diag = Diagnostics()
    files = dict(content_files(root / "content"))
    return loading.load((root / "content", root), files, diag, cache, False, max_tags,
                        False), diag


def _catalog_afresh(root: Path) -> loading.Catalog:
    """The catalog a load with an empty cache makes."""
    return _load(root, BuildCache(None))[0].catalog


def _same(one: loading.Catalog, other: loading.Catalog) -> bool:
    return (one.stamps, one.paths, one.views, one.texts, one.sums, one.articles,
            one.most_tags, one.whole) == \
        (other.stamps, other.paths, other.views, other.texts, other.sums, other.articles,
         other.most_tags, other.whole)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_collection(tmp_path / "content", ARTICLES)
    return tmp_path


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths `parse_files` parses from now on, in the loader."""
    parsed: list[str] = []
    real = loading.parse_files

    def parse_files(folders: tuple[Path, Path], files: list[tuple[str, str]]) -> list:
        parsed.extend(path for path, _ in files)
        return real(folders, files)

    monkeypatch.setattr(loading, "parse_files", parse_files)
    return parsed


def test_an_edit_parses_one_file_and_loads_only_the_files_that_are_no_plain_article(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = BuildCache(root / ".cache")
    first, _ = _load(root, cache)
    assert first.complete and len(first.content.articles) == ARTICLES
    edited = sorted((root / "content").glob("article-*.md"))[4]
    edited.write_text(edited.read_text() + "\nOne more sentence.\n")
    parsed = _counting(monkeypatch)

    loaded, diag = _load(root, BuildCache(root / ".cache"))
    assert parsed == [str(edited)]
    assert not loaded.complete and not diag.errors and not diag.warnings
    assert loaded.content.articles == ()  # none was needed whole
    assert len(loaded.content.profiles) == len(first.content.profiles)
    assert _same(loaded.catalog, _catalog_afresh(root))
    assert loaded.catalog.token != first.catalog.token


def test_the_catalog_follows_added_and_deleted_files(root: Path) -> None:
    cache = BuildCache(root / ".cache")
    _load(root, cache)
    articles = sorted((root / "content").glob("article-*.md"))
    articles[0].unlink()
    articles[1].rename(root / "content" / "renamed.md")
    (root / "content" / "new0.md").write_text(
        articles[2].read_text().replace("title:", "slug: x\ntitle:", 1))
    loaded, _ = _load(root, cache)
    assert _same(loaded.catalog, _catalog_afresh(root))
    assert loaded.catalog.articles == ARTICLES
    for step in range(8):  # the article with slug x moves from file to file (and shard to shard)
        (root / "content" / f"new{step}.md").rename(root / "content" / f"new{step + 1}.md")
        loaded, _ = _load(root, cache)
        assert _same(loaded.catalog, _catalog_afresh(root)) and loaded.catalog.paths["x"]


def _changed_sums(one: loading.Catalog, other: loading.Catalog) -> set[str]:
    names = (*DIGESTED, "text")
    return {name for name, a, b in zip(names, one.sums, other.sums, strict=True) if a != b}


def test_each_fields_digest_sum_changes_with_that_field_only(root: Path) -> None:
    cache = BuildCache(root / ".cache")
    before = _load(root, cache)[0].catalog
    path = sorted((root / "content").glob("article-*.md"))[3]
    path.write_text(path.read_text() + "\nMore text.\n")
    body = _load(root, cache)[0].catalog
    path.write_text(path.read_text().replace("title: \"", "title: \"Revised ", 1))
    title = _load(root, cache)[0].catalog
    assert _changed_sums(before, body) == {"text"} and body.texts != before.texts
    assert _changed_sums(body, title) == {"title", "text"} and title.articles == body.articles


def test_two_articles_trading_titles_change_the_title_sum(root: Path) -> None:
    cache = BuildCache(root / ".cache")
    before = _load(root, cache)[0].catalog
    one, other = sorted((root / "content").glob("article-*.md"))[1:3]
    texts = one.read_text(), other.read_text()
    titles = [next(line for line in text.split("\n") if line.startswith("title:"))
              for text in texts]
    one.write_text(texts[0].replace(titles[0], titles[1], 1))
    other.write_text(texts[1].replace(titles[1], titles[0], 1))
    assert "title" in _changed_sums(before, _load(root, cache)[0].catalog)


def test_problems_of_unchanged_files_are_reported_again(root: Path) -> None:
    """A warning (an image without alt text) and an error (two articles with
    one slug, a reading list naming no article) stay reported while other
    files are edited."""
    cache = BuildCache(root / ".cache")
    articles = sorted((root / "content").glob("article-*.md"))
    articles[1].write_text(articles[1].read_text() + "\n![](picture.png)\n")
    _load(root, cache)
    articles[2].write_text(articles[2].read_text() + "\nMore.\n")
    loaded, diag = _load(root, cache)
    assert not loaded.complete
    assert [str(w.path) for w in diag.warnings] == [str(articles[1])] and not diag.errors

    (root / "content/lists").mkdir()
    (root / "content/lists/best.md").write_text(
        "---\ntitle: Best\narticles:\n  - no-such-article\n---\n\nAn intro.\n")
    _load(root, cache)
    articles[3].write_text(articles[3].read_text() + "\nMore.\n")
    _, diag = _load(root, cache)
    assert any("no-such-article" in e.message for e in diag.errors)

    slug = articles[5].stem
    articles[6].write_text(articles[6].read_text().replace("title:", f"slug: {slug}\ntitle:", 1))
    _load(root, cache)
    articles[7].write_text(articles[7].read_text() + "\nMore.\n")
    loaded, diag = _load(root, cache)
    assert loaded.complete  # two articles share a slug: every file is loaded to say which
    assert any(f"slug `{slug}`" in e.message for e in diag.errors)


def test_too_many_tags_is_reported_when_the_limit_shrinks(root: Path) -> None:
    cache = BuildCache(root / ".cache")
    _load(root, cache)
    _, diag = _load(root, cache, max_tags=1)
    expected = Diagnostics()
    load_content(root / "content", root, expected, max_tags=1)
    assert [str(e) for e in diag.errors] == [str(e) for e in expected.errors]
    assert diag.errors


def test_a_shard_whose_parses_cannot_be_read_is_parsed_again(root: Path) -> None:
    cache = BuildCache(root / ".cache")
    _load(root, cache)
    cache.db.execute("UPDATE content SET parsed = x'00'")
    cache.db.commit()
    path = sorted((root / "content").glob("article-*.md"))[0]
    path.write_text(path.read_text() + "\nMore.\n")
    loaded, diag = _load(root, cache)
    assert _same(loaded.catalog, _catalog_afresh(root)) and not diag.errors
    wanted = set(loaded.catalog.paths)
    found = loading.articles((root / "content", root), cache, loaded.catalog, wanted, False)
    assert set(found) == wanted


def test_articles_are_loaded_by_slug(root: Path) -> None:
    cache = BuildCache(root / ".cache")
    loaded = _load(root, cache)[0]
    everything = {a.slug: a for a in loaded.content.articles}
    some = sorted(everything)[::7]
    found = loading.articles((root / "content", root), cache, loaded.catalog, some, False)
    assert found == {slug: everything[slug] for slug in some}
