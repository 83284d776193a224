"""Ingest runs: bad seeds, slug clashes, hand edits, the cache and parallel reading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_cli
from ingest_helpers import FIXTURES, add_seeds, articles, ingest

import sitegen.ingest as ingest_package
from sitegen.errors import Diagnostics
from sitegen.ingest import read
from sitegen.load import load_content
from sitegen.slugs import is_slug

GOOD = ("date_iso_first_line.txt", "byline_two_authors.txt", "bios_accents_particles.txt",
        "press_release.txt", "tags_defines_acronym.txt", "tags_uses_acronym.txt",
        "same_title_one.txt", "same_title_two.txt", "date_none.txt")
BAD = ("bad_empty.txt", "bad_whitespace.txt", "bad_binary.txt")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def test_bad_seeds_are_errors_naming_them_and_the_rest_ingests(tmp_path: Path) -> None:
    add_seeds(tmp_path, "date_iso_first_line.txt", *BAD)
    result = run_cli("ingest", cwd=tmp_path)
    assert result.returncode == 1
    for name in BAD:
        assert f"seeds/{name}:" in result.stderr
    assert "empty file" in result.stderr and "binary file" in result.stderr
    assert "4 seeds: 1 new, 0 updated, 0 unchanged, 3 skipped" in result.stdout
    assert list(articles(tmp_path)) == ["date_iso_first_line.txt"]


def test_keep_going_exits_zero_despite_bad_seeds(tmp_path: Path) -> None:
    add_seeds(tmp_path, "date_iso_first_line.txt", *BAD)
    result = run_cli("ingest", "--keep-going", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "bad_binary.txt" in result.stderr and "3 skipped" in result.stdout


def test_titles_with_the_same_slug_get_distinct_stable_files(tmp_path: Path) -> None:
    add_seeds(tmp_path, "same_title_one.txt", "same_title_two.txt")
    _, diag = ingest(tmp_path)
    [warning] = diag.warnings
    assert warning.path.endswith("same_title_two.txt") and "same_title_one.txt" in warning.message
    first = {n: m["title"] for n, (m, _) in articles(tmp_path).items()}
    files = sorted(p.name for p in (tmp_path / "content").glob("*.md"))
    assert files == ["ferry-fares-rise-2.md", "ferry-fares-rise.md"]
    ingest(tmp_path)
    assert sorted(p.name for p in (tmp_path / "content").glob("*.md")) == files
    shutil.rmtree(tmp_path / "content")
    ingest(tmp_path)
    again = {n: m["title"] for n, (m, _) in articles(tmp_path).items()}
    assert again == first
    assert "Ferry Fares Rise" in (tmp_path / "content/ferry-fares-rise.md").read_text()


def test_many_long_titles_alike_get_slugs_the_build_accepts(tmp_path: Path) -> None:
    """Numbered slugs of titles longer than the slug limit stay within it, so
    loading the content finds every slug once (the benchmark corpus broke this)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    title = ("West Ashgrove council adopts the revised coastal flooding and harbour upkeep "
             "protocols for winter")  # its slug is exactly 80 characters
    for n in range(12):
        (seeds / f"{n:03}.txt").write_text(
            f"{title}\n\n2025-03-{n + 1:02} The council met for the {n}th time and "
            "agreed the harbour maintenance protocols for the coming winter.\n")
    ingest(tmp_path)
    diag = Diagnostics()
    content = load_content(tmp_path / "content", tmp_path, diag)
    assert not diag.errors
    slugs = [a.slug for a in content.articles]
    assert len(set(slugs)) == 12 and all(is_slug(s) for s in slugs)


def test_summary_says_when_hand_edits_are_kept(tmp_path: Path) -> None:
    add_seeds(tmp_path, "date_iso_first_line.txt")
    ingest(tmp_path)
    [path] = (tmp_path / "content").glob("*.md")
    path.write_text(path.read_text().replace("title: ", "title: Edited ", 1))
    report, diag = ingest(tmp_path)
    assert "1 kept" in report.summary() and "edited by hand" in report.summary()
    assert "title: Edited " in path.read_text()
    assert not diag.warnings  # counted in the summary, not a warning: --strict passes


@pytest.fixture
def cached(tmp_path: Path) -> Path:
    add_seeds(tmp_path, *GOOD)
    ingest(tmp_path, cache_dir=tmp_path / ".cache")
    return tmp_path


def test_unchanged_reingest_is_replayed_from_the_cache(cached: Path, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a seed was read although nothing changed")

    monkeypatch.setattr(ingest_package, "read_seeds", refuse)
    monkeypatch.setattr(ingest_package, "index_content", refuse)
    report, diag = ingest(cached, cache_dir=cached / ".cache")
    assert {a.value for a, _ in report.articles} == {"unchanged"}
    assert len(report.articles) == len(GOOD)
    assert any("no date" in w.message for w in diag.warnings)  # still reported


def test_only_changed_seeds_are_read_again(cached: Path, monkeypatch) -> None:
    seed = cached / "seeds/date_iso_first_line.txt"
    seed.write_text(seed.read_text().replace("2025-03-03", "2025-03-04"))
    seen: list[str] = []
    real = read.read_seeds

    def spy(files, rules, track):
        seen.extend(f.name for f in files)
        return real(files, rules, track)

    monkeypatch.setattr(ingest_package, "read_seeds", spy)
    report, _ = ingest(cached, cache_dir=cached / ".cache")
    assert seen == ["date_iso_first_line.txt"]
    assert [p.name for a, p in report.articles if a.value == "updated"] == \
        [next(p.name for a, p in report.articles if "night-bus" in p.name)]


def test_a_run_with_the_cache_equals_a_run_without(cached: Path, tmp_path_factory) -> None:
    seeds = cached / "seeds"
    (seeds / "tags_uses_acronym.txt").unlink()
    shutil.copy(FIXTURES / "signature_end.txt", seeds)
    edited = next((cached / "content").glob("quayside*.md"))
    edited.write_text(edited.read_text() + "\nA curator's line.\n")
    fresh = tmp_path_factory.mktemp("fresh")
    shutil.copytree(seeds, fresh / "seeds")
    shutil.copytree(cached / "content", fresh / "content")
    with_cache, _ = ingest(cached, cache_dir=cached / ".cache")
    without_cache, _ = ingest(fresh)
    assert "1 new" in with_cache.summary() and "1 kept" in with_cache.summary()
    assert _files(cached / "content") == _files(fresh / "content")
    assert with_cache.summary() == without_cache.summary()


def test_parallel_reading_gives_the_same_content(tmp_path: Path, monkeypatch) -> None:
    add_seeds(tmp_path / "one", *GOOD)
    ingest(tmp_path / "one")
    monkeypatch.setattr(read, "PARALLEL_FROM", 2)
    add_seeds(tmp_path / "two", *GOOD)
    ingest(tmp_path / "two")
    assert _files(tmp_path / "one/content") == _files(tmp_path / "two/content")


def test_cli_keeps_an_edit_then_force_saves_it_aside(tmp_path: Path) -> None:
    add_seeds(tmp_path, "date_iso_first_line.txt")
    run_cli("ingest", cwd=tmp_path, check=True)
    [path] = (tmp_path / "content").glob("*.md")
    edited = path.read_text().replace("title: ", "title: Edited ", 1)
    path.write_text(edited)
    for _ in range(2):  # the second run is replayed from the cache
        result = run_cli("ingest", cwd=tmp_path, check=True)
        assert "1 kept" in result.stdout and "edited by hand" in result.stdout
        assert "warning" not in result.stderr
        assert path.read_text() == edited
    run_cli("ingest", "--force", cwd=tmp_path, check=True)
    assert path.read_text() != edited
    assert (tmp_path / f"content/.backup/{path.stem}.1.md").read_text() == edited
    assert "0 kept" not in run_cli("ingest", cwd=tmp_path, check=True).stdout


def test_cli_dry_run_after_a_change_writes_nothing(tmp_path: Path) -> None:
    seeds = add_seeds(tmp_path, "date_iso_first_line.txt", "date_uk_first_line.txt")
    run_cli("ingest", cwd=tmp_path, check=True)
    before = _files(tmp_path / "content")
    seed = seeds / "date_uk_first_line.txt"
    seed.write_text(seed.read_text().replace("3 March 2025", "4 March 2025"))
    result = run_cli("ingest", "--dry-run", "-v", cwd=tmp_path, check=True)
    assert "1 updated" in result.stdout and "would be updated" in result.stdout
    assert _files(tmp_path / "content") == before
    assert "1 updated" in run_cli("ingest", cwd=tmp_path, check=True).stdout


def test_deleted_content_is_rewritten_from_cached_seeds(cached: Path, monkeypatch) -> None:
    before = _files(cached / "content")
    shutil.rmtree(cached / "content")

    def refuse(*args, **kwargs):
        raise AssertionError("an unchanged seed was parsed for its names again")

    monkeypatch.setattr(ingest_package, "read_seeds", refuse)
    report, _ = ingest(cached, cache_dir=cached / ".cache")
    assert {a.value for a, _ in report.articles} == {"new"}
    assert _files(cached / "content") == before
