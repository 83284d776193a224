"""Incremental builds: after any kind of edit, the cached build writes exactly
the site a clean build writes, and leaves untouched files alone."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, copy_project, run_cli
from corpus import write_collection
from helpers import build_in_process

from sitegen.incremental import loading

Edit = Callable[[Path], None]


def _article(project: Path, index: int = 0) -> Path:
    return sorted((project / "content").glob("*.md"))[index]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def edit_body(p: Path) -> None:
    path = _article(p)
    path.write_text(path.read_text() + "\nA new closing paragraph.\n")


def edit_title(p: Path) -> None:
    _replace(_article(p, 3), "title: ", "title: Revised — ")


def _set(path: Path, key: str, value: str) -> None:
    """Give front matter field `key` a new value (the line must exist)."""
    lines = path.read_text().split("\n")
    assert any(line.startswith(f"{key}:") for line in lines), (key, path)
    path.write_text("\n".join(f"{key}: {value}" if line.startswith(f"{key}:") else line
                              for line in lines))


def edit_date(p: Path) -> None:
    _set(_article(p, 2), "date", "2019-05-05")


def edit_tags(p: Path) -> None:
    _set(_article(p, 4), "tags", "[Brand New Tag, Port Averill]")


def edit_authors(p: Path) -> None:
    _set(_article(p, 5), "authors", "[Guest Writer]")


def edit_summary(p: Path) -> None:
    _set(_article(p, 7), "summary", "A summary written by the curator.")


def add_note(p: Path) -> None:
    _replace(_article(p, 8), "title: ", "note: Read this one first.\ntitle: ")


def delete_article(p: Path) -> None:
    _article(p, 6).unlink()


def add_article(p: Path) -> None:
    (p / "content" / "an-added-article.md").write_text(
        "---\ntitle: An added article\ndate: 2025-07-01\nauthors: [Priya Nandakumar]\n"
        "tags: [Port Averill]\n---\n\nSomething new happened in Port Averill.\n")


def edit_template(p: Path) -> None:
    (p / "layouts" / "entry.html").write_text(
        '<article class="entry"><h2><a href="{{ entry.url }}">{{ entry.title }}</a></h2>'
        "<p>{{ entry.summary }}</p></article>\n")


def edit_config(p: Path) -> None:
    _replace(p / "config.yaml", "title: The Harbour Reader", "title: The Harbour Review")


def edit_static(p: Path) -> None:
    (p / "layouts" / "static").mkdir(exist_ok=True)  # git keeps no empty folder
    (p / "layouts" / "static" / "style.css").write_text("body { color: #123; }\n")


def edit_profile(p: Path) -> None:
    path = sorted((p / "content" / "authors").glob("*.md"))[0]
    path.write_text(path.read_text() + "\nShe also teaches.\n")


def _list(p: Path) -> Path:
    return p / "content" / "lists" / "fish-river-and-island.md"


def edit_list_order(p: Path) -> None:
    lines = _list(p).read_text().split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("  - "))
    lines[first], lines[first + 1] = lines[first + 1], lines[first]
    _list(p).write_text("\n".join(lines))


def edit_list_note(p: Path) -> None:
    slug = "fishing-licences-worth-millions-have-changed-hands-on-greywater-island"
    _replace(_list(p), f"{slug}\n", f"{slug}: Then *this*.\n")


def edit_list_intro(p: Path) -> None:
    _list(p).write_text(_list(p).read_text() + "\nA new closing line of the introduction.\n")


def add_list(p: Path) -> None:
    (p / "content" / "lists" / "two-stories.md").write_text(
        "---\ntitle: Two stories\narticles:\n"
        "  - port-averills-council-has-approved-a-budget-for-2026\n"
        "  - bus-and-tram-fares-across-port-averill-will-rise-by-an-average: Fares first.\n"
        "---\n\nMoney, twice.\n")


def delete_list(p: Path) -> None:
    _list(p).unlink()


def edit_listed_article_body(p: Path) -> None:
    path = p / "content" / "the-coastal-fisheries-council-voted-to-cut-the-winter-herring-quota.md"
    path.write_text(path.read_text() + "\nThe council meets again in March.\n")


EDITS = [edit_body, edit_title, edit_date, edit_tags, edit_authors, edit_summary, add_note,
         delete_article,
         add_article, edit_template, edit_config, edit_static, edit_profile,
         edit_list_order, edit_list_note, edit_list_intro, add_list, delete_list,
         edit_listed_article_body]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project with content ingested and a cached build done."""
    root = copy_project(tmp_path_factory.mktemp("incremental") / "project")
    run_cli("build", cwd=root, check=True)
    return root


def _same_trees(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two folders (empty when identical)."""
    comparison = filecmp.dircmp(a, b)
    differ = [*comparison.left_only, *comparison.right_only]
    _, mismatched, unreadable = filecmp.cmpfiles(a, b, comparison.common_files, shallow=False)
    differ += mismatched + unreadable
    for name in comparison.common_dirs:
        differ += [f"{name}/{d}" for d in _same_trees(a / name, b / name)]
    return differ


def _differences_from_clean_build(project: Path, clean: Path) -> list[str]:
    """Paths in which `project`'s site differs from a clean build of it into `clean`."""
    shutil.rmtree(clean, ignore_errors=True)
    run_cli("build", "--no-ingest", "--no-cache", "--out", str(clean), cwd=project, check=True)
    return _same_trees(project / "site", clean)


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.__name__)
def test_incremental_build_equals_clean_build(built: Path, tmp_path: Path, edit: Edit) -> None:
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    shutil.rmtree(project / ".site.staging", ignore_errors=True)
    run_cli("build", "--no-ingest", cwd=project, check=True)  # cache now matches this copy
    edit(project)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    assert _differences_from_clean_build(project, tmp_path / "clean") == []
    edit_body(project)  # a second edit exercises the other half of the output pair
    run_cli("build", "--no-ingest", cwd=project, check=True)
    assert _differences_from_clean_build(project, tmp_path / "clean") == []


def rename_article(p: Path) -> None:
    """An article's file moves; its slug, in its front matter, stays."""
    path = _article(p, 1)
    path.rename(path.with_name(f"moved-{path.name}"))


# Every kind of edit, one after another in one project, list edits before the
# list goes; articles move between files (and cache shards) on the way.
SEQUENCE = [edit_body, rename_article, edit_title, add_article, edit_tags, edit_body,
            edit_list_order, edit_date, delete_article, edit_summary, edit_list_note,
            rename_article, edit_authors, add_note, edit_profile, add_list, edit_list_intro,
            edit_listed_article_body, edit_static, delete_list, edit_template, edit_body]


def test_a_long_run_of_edits_keeps_equalling_a_clean_build(built: Path, tmp_path: Path) -> None:
    """The cache is updated build after build, never made afresh (content
    catalog shards, manifest deltas, search index shards, the staging pair):
    after each edit of a long run, the site is still what a clean build makes."""
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    with (project / "config.yaml").open("a") as config:
        config.write("search_shard_size: 4\n")  # several index shards to keep right
    run_cli("build", "--no-ingest", cwd=project, check=True)
    for step, edit in enumerate(SEQUENCE):
        edit(project)
        run_cli("build", "--no-ingest", cwd=project, check=True)
        differences = _differences_from_clean_build(project, tmp_path / "clean")
        assert differences == [], f"after edit {step}, {edit.__name__}"


def _retitle_again(project: Path) -> None:
    _replace(_article(project, 3), "title: ", "title: Again — ")


def _small_feeds(project: Path) -> None:
    """Feeds of two entries: a feed shows the text of the articles it lists,
    so with the sample's twenty every article would be loaded whole."""
    config = project / "config.yaml"
    config.write_text(re.sub(r"(?m)^feed_entries: .*$", "feed_entries: 2", config.read_text()))


def test_lists_show_kept_views_instead_of_loading_their_articles(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A title edit renders again the lists that show the article (its
    year's archive lists a tenth of a large collection): the first loads
    the articles listed beside it to make their views, which are kept; the
    next edit takes them from the cache and loads only the articles whose
    text the pages show."""
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    _small_feeds(project)
    build_in_process(project)
    loaded: list[int] = []
    real = loading.articles

    def articles(*args: Any) -> dict:
        loaded.append(len(set(args[3])))  # the slugs asked for
        return real(*args)

    monkeypatch.setattr(loading, "articles", articles)
    edit_title(project)
    build_in_process(project)
    _retitle_again(project)
    build_in_process(project)
    assert 0 < loaded[1] < loaded[0]
    assert _differences_from_clean_build(project, tmp_path / "clean") == []


def _built_collection(tmp_path: Path, count: int) -> tuple[Path, Path]:
    """A project of `count` synthetic articles, built in this process; and
    the file of the article in the middle."""
    project = tmp_path / "project"
    article = write_collection(project / "content", count)[count // 2]
    (project / "config.yaml").write_text("title: T\nbase_url: https://example.org/\n")
    build_in_process(project)
    return project, article


def test_a_text_edit_reads_only_the_stored_recipes_of_the_pages_it_can_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The recipes of every page are stored in chunks and read back on need:
    a text edit reads those holding the pages that show the article (its
    own, its neighbours, the lists and feeds), not the whole site's (280,000
    recipes at 100,000 articles)."""
    from sitegen.incremental import recipes
    from sitegen.incremental.cache import BuildCache

    monkeypatch.setattr(recipes, "CHUNK", 8)
    project, article = _built_collection(tmp_path, 300)
    read: set[int] = set()
    real = BuildCache._recipe_chunk

    def chunk(self: BuildCache, structure: str, number: int) -> list:
        read.add(number)
        return real(self, structure, number)

    monkeypatch.setattr(BuildCache, "_recipe_chunk", chunk)
    article.write_text(article.read_text() + "\nA new closing paragraph.\n")
    build_in_process(project)
    pages = [p for p in (project / "site").rglob("*")
             if p.suffix in (".html", ".xml") and "pagefind" not in p.parts]
    assert 0 < len(read) < len(pages) / 8 / 4
    assert _differences_from_clean_build(project, tmp_path / "clean") == []


def test_a_structural_edit_fingerprints_again_only_the_pages_whose_recipe_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tag taken off an article plans the site again, but a page planned
    as it was (the same recipe as the live site's) that shows no edited
    article keeps the live site's fingerprint: only the pages the edit
    reaches are fingerprinted again (at 100,000 articles, all 280,000 took
    1.7 s), and the steps after it look only at those."""
    from sitegen.incremental import fingerprint

    project, article = _built_collection(tmp_path, 300)
    made: list[str] = []
    real = fingerprint.page_fingerprint

    def counted(item: Any, *args: Any) -> str:
        made.append(item.path)
        return real(item, *args)

    monkeypatch.setattr(fingerprint, "page_fingerprint", counted)
    _set(article, "tags", "[Harbour Board]")
    build_in_process(project)
    pages = [p for p in (project / "site").rglob("*")
             if p.suffix in (".html", ".xml") and "pagefind" not in p.parts]
    assert f"articles/{article.stem}/index.html" in made  # (its slug is its file's stem)
    assert 0 < len(made) < len(pages) / 4
    assert _differences_from_clean_build(project, tmp_path / "clean") == []


def test_planning_anew_keeps_the_cycle_collector_off_the_planned_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The planned pages and their recipes (three million objects at
    100,000 articles) last until the build ends and make no garbage: the
    cycle collector is off while they are made (it walked them 62 times,
    1.45 s, in an edit at 100,000 that planned the site anew), and on
    again after."""
    import gc

    from sitegen import render

    project, article = _built_collection(tmp_path, 30)
    collecting: list[bool] = []
    real = render.plan

    def plan(*args: Any) -> Any:
        collecting.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(render, "plan", plan)
    _set(article, "tags", "[Harbour Board]")
    build_in_process(project)
    assert collecting == [False]
    assert gc.isenabled()


def test_a_view_kept_for_another_base_url_is_not_shown(built: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    _small_feeds(project)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    edit_title(project)  # keeps the views of the articles its lists show
    run_cli("build", "--no-ingest", cwd=project, check=True)
    _replace(project / "config.yaml", "base_url: https://example.org/",
             "base_url: https://example.org/reader/")
    run_cli("build", "--no-ingest", cwd=project, check=True)
    _retitle_again(project)  # the same lists, with the other base URL
    run_cli("build", "--no-ingest", cwd=project, check=True)
    assert _differences_from_clean_build(project, tmp_path / "clean") == []


def test_body_edit_leaves_unrelated_pages_untouched(built: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    shutil.rmtree(project / ".site.staging", ignore_errors=True)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    site = project / "site"
    before = {p: p.stat().st_ino for p in site.rglob("*") if p.is_file()}
    path = _article(project)
    path.write_text(path.read_text() + "\nOne more sentence.\n")
    result = run_cli("build", "--no-ingest", cwd=project, check=True)
    after = {p: p.stat().st_ino for p in site.rglob("*") if p.is_file()}
    changed = sorted(p.relative_to(site).as_posix() for p in after if after[p] != before.get(p))
    pages = [c for c in changed if not c.startswith("pagefind/")]  # the search index follows
    own = f"articles/{path.stem}/index.html"
    assert own in pages
    # besides its own page, only the feeds that carry its text: the lists,
    # neighbours and archive pages that show its title and summary are unchanged
    assert all(c.endswith(".xml") for c in pages if c != own), pages
    assert len(pages) <= 12, pages
    assert "(0 written" not in result.stdout


def test_an_added_article_leaves_its_authors_other_pages_untouched(built: Path,
                                                                  tmp_path: Path) -> None:
    """An article page says who wrote it and links to their other articles,
    but not how many there are: a new article by a prolific author renders
    its neighbours and lists again, not every page the author wrote."""
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    shutil.rmtree(project / ".site.staging", ignore_errors=True)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    site = project / "site"
    by_author = [p.relative_to(site).as_posix() for p in site.glob("articles/*/index.html")
                 if "/authors/priya-nandakumar/" in p.read_text(encoding="utf-8")]
    before = _files(site)
    add_article(project)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    after = _files(site)
    changed = [p for p in by_author if after[p] != before[p]
               and "An added article" not in (site / p).read_text(encoding="utf-8")]
    assert len(by_author) > 3 and changed == []


def _files(folder: Path) -> dict[str, int]:
    """Relative path → inode of every file under `folder`."""
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*")
            if p.is_file()}


def test_a_cold_build_leaves_the_staging_folder_ready_for_the_first_edit(
        built: Path, tmp_path: Path) -> None:
    """A cold build leaves a copy of the new site (hard links) as the staging
    folder, recorded in the cache: the first edit works in that folder as
    any later edit does, instead of linking the whole site into a new one."""
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    for name in (".cache", "site", ".site.staging"):
        shutil.rmtree(project / name, ignore_errors=True)
    run_cli("build", "--no-ingest", cwd=project, check=True)  # cold: no cache, no site
    site, staging = project / "site", project / ".site.staging"
    assert _files(staging) == _files(site)  # the same files: the same inodes
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site.")) == \
        [".site.staging"]
    folder = f"articles/{_article(project, 3).stem}"
    folders = {name: (staging / name).stat().st_ino for name in (".", folder)}
    edit_body(project)
    result = run_cli("build", "--no-ingest", "-v", cwd=project, check=True)
    assert {name: (site / name).stat().st_ino for name in folders} == folders
    assert "(0 written" not in result.stdout
    assert _differences_from_clean_build(project, tmp_path / "clean") == []


def test_folders_made_aside_are_all_made_before_the_site_goes_live(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold build makes its folders in a child process, and renders
    without waiting for it; the swap waits: a folder the child made late
    would land in the live site or in a spare copy already taken."""
    from sitegen import cli, folders
    from sitegen.incremental import outputs

    def slowly(paths: list[str]) -> None:
        time.sleep(1.5)  # (in the child: the render is done long before)
        folders.make_folders(paths)
        (tmp_path / "made").write_text("")

    monkeypatch.setattr(outputs, "make_folders", slowly)
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    for name in (".cache", "site", ".site.staging"):
        shutil.rmtree(project / name, ignore_errors=True)
    monkeypatch.chdir(project)
    assert cli.main(["build", "--no-ingest", "-q"]) == 0
    assert (tmp_path / "made").exists()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site.")) == \
        [".site.staging"]
    site, staging = project / "site", project / ".site.staging"
    assert {p.relative_to(staging) for p in staging.rglob("*")} == \
        {p.relative_to(site) for p in site.rglob("*")}


def test_a_cold_build_over_an_old_site_leaves_no_old_folder_behind(built: Path,
                                                                  tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    run_cli("build", "--no-ingest", cwd=project, check=True)  # a staging folder too, now
    shutil.rmtree(project / ".cache")  # lost: the next build is a cold one
    left = project / ".site.trash-7"  # as a killed build leaves it
    (left / "articles").mkdir(parents=True)
    (left / "articles/index.html").write_text("an old page")
    edit_body(project)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site.")) == \
        [".site.staging"]
    assert _differences_from_clean_build(project, tmp_path / "clean") == []


def test_a_failed_first_rebuild_leaves_no_staging_folder(built: Path, tmp_path: Path) -> None:
    """The first rebuild after the staging folder was lost links the live
    site into a new one in a child process; when the build fails meanwhile,
    the child is done before the staging folder is removed."""
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    run_cli("build", "--no-ingest", cwd=project, check=True)  # the cache now knows this copy
    shutil.rmtree(project / ".site.staging")
    _article(project).write_text("no front matter\n")
    assert run_cli("build", "--no-ingest", cwd=project).returncode == 1
    assert not (project / ".site.staging").exists()
    assert (project / "site" / "index.html").is_file()


def test_nothing_changed_writes_nothing(built: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    result = run_cli("build", "--no-ingest", cwd=project, check=True)
    assert "(0 written" in result.stdout and "0 removed" in result.stdout


def test_a_build_with_nothing_to_do_loads_no_renderer(built: Path, tmp_path: Path) -> None:
    """Deciding that nothing changed imports only what it needs: no Jinja2,
    Markdown, search indexer or planner (importing them all was a third of
    a no-op build's time)."""
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    heavy = ["jinja2", "markdown", "sitegen.render", "sitegen.search", "sitegen.collect",
             "sitegen.load", "sitegen.incremental.engine", "sitegen.incremental.fingerprint"]
    script = ("import sys; from sitegen.cli import main; code = main(['build', '--no-ingest']); "
              f"print(sorted(set({heavy!r}) & set(sys.modules))); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True,
                            text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert "(0 written" in result.stdout
    assert result.stdout.rstrip().endswith("[]"), result.stdout


def test_deleting_the_site_folder_rebuilds_it_whole(built: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    shutil.rmtree(project / "site")
    run_cli("build", "--no-ingest", cwd=project, check=True)
    assert _differences_from_clean_build(project, tmp_path / "clean") == []


def test_pages_missing_from_the_cache_are_planned_again(built: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    with sqlite3.connect(project / ".cache" / "build.sqlite") as db:
        db.execute("DELETE FROM pages")
    edit_body(project)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    assert _differences_from_clean_build(project, tmp_path / "clean") == []


def test_settings_that_change_no_page_render_nothing(built: Path, tmp_path: Path) -> None:
    """Ingest's rules and the seeds folder change no page: nothing is rendered
    again (the whole config used to be one digest, so every page was)."""
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    run_cli("build", "--no-ingest", cwd=project, check=True)
    _replace(project / "config.yaml", "max_tags: 8", "max_tags: 12")
    _replace(project / "config.yaml", "stop: [Mastodon, Bluesky]", "stop: [Mastodon]")
    _replace(project / "config.yaml", "seeds_dir: seeds", "seeds_dir: raw")
    result = run_cli("build", "--no-ingest", cwd=project, check=True)
    assert "(0 written" in result.stdout and "0 removed" in result.stdout
    assert _differences_from_clean_build(project, tmp_path / "clean") == []


def _fingerprints(project: Path, structure: str,
                  previous: tuple[Any, dict[str, str]] | None = None,
                  earlier: Any = None) -> tuple[Any, Any]:
    """The fingerprints of `project`'s site planned now (`structure`: the
    key to record), keeping `previous` (a basis and manifest) where they
    hold, as the engine does; and the recipes they were made from."""
    from sitegen.collect import collect
    from sitegen.config import load_config
    from sitegen.errors import Diagnostics
    from sitegen.incremental import fingerprint
    from sitegen.load import load_content
    from sitegen.render import plan, site_of, static_files, templates

    config = load_config(project / "config.yaml", Diagnostics())
    content = load_content(config.content_dir, config.root, Diagnostics())
    recipes = fingerprint.recipes_of(plan(collect(content), config).pages)
    env = templates.environment(config.layouts_dir, site_of(config))
    digests = ({a.slug: a.view_digest for a in content.articles},
               {a.slug: a.digest for a in content.articles})
    result = fingerprint.fingerprints(
        recipes, static_files(config.layouts_dir), digests, config, env, (), structure,
        previous, showing=_index_of(recipes), earlier=earlier)
    return result, recipes


def _index_of(recipes: Any) -> Callable[[set[str]], set[int]]:
    """`showing` as the cache answers it from the index stored with `recipes`."""
    from sitegen.incremental.recipes import recipe_index

    index = recipe_index(recipes)
    return lambda slugs: {p for slug in slugs for p in index.get(slug, ())}


def test_fingerprints_kept_from_the_live_site_equal_fingerprints_made_afresh(
        built: Path, tmp_path: Path) -> None:
    """After edits that change articles but not the site's structure (a body;
    a body long enough to change the reading time shown in lists), the
    fingerprints kept from the previous build where they still hold are
    exactly those made afresh."""
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    first, _ = _fingerprints(project, "same")
    before = first.files
    edit_body(project)
    path = _article(project, 2)
    path.write_text(path.read_text() + "\n" + "word " * 600 + "\n")
    kept, _ = _fingerprints(project, "same", (first.basis, before))
    afresh, _ = _fingerprints(project, "same")
    assert kept.files == afresh.files
    assert afresh.changed is None
    changed = {p for p in afresh.files if afresh.files[p] != before[p]}
    assert kept.changed is not None and changed <= kept.changed
    assert len(kept.changed) < len(before) / 2  # only the pages showing the edited articles
    assert any(p.startswith("tags/") for p in changed)  # the reading time shows in lists


@pytest.mark.parametrize("edit", [edit_tags, edit_date, edit_authors, add_article,
                                  delete_article, add_list], ids=lambda e: e.__name__)
def test_fingerprints_kept_after_planning_anew_equal_fingerprints_made_afresh(
        built: Path, tmp_path: Path, edit: Edit) -> None:
    """After an edit that plans the site again, the pages planned as before
    keep the live site's fingerprints where no article they show changed:
    exactly those made afresh, and the paths that may have changed (pages
    gone among them) are a small part of the site."""
    from sitegen.incremental.fingerprint import Earlier

    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    first, recipes = _fingerprints(project, "before")
    edit(project)
    earlier = Earlier("before", recipes, _index_of(recipes))
    kept, _ = _fingerprints(project, "after", (first.basis, first.files), earlier)
    afresh, _ = _fingerprints(project, "after")
    assert kept.files == afresh.files
    changed = {p for p in afresh.files if afresh.files[p] != first.files.get(p)}
    changed |= first.files.keys() - afresh.files.keys()
    assert kept.changed is not None and changed <= kept.changed
    assert len(kept.changed) < len(afresh.files) / 2
