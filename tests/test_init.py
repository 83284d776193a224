"""`sitegen init`: a new project that builds at once, and a site with nothing
published that still builds."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from conftest import run_sitegen
from test_serve import start_preview

from sitegen.config import Config, IngestRules, load_config
from sitegen.errors import Diagnostics
from sitegen.starter import FILES


def test_init_then_build_then_check_succeeds(tmp_path: Path) -> None:
    made = run_sitegen("init", "demo", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "next: cd demo && sitegen build" in made.stdout
    demo = tmp_path / "demo"
    built = run_sitegen("build", cwd=demo)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""  # not even a warning
    checked = run_sitegen("check", cwd=demo)
    assert checked.returncode == 0, checked.stderr
    assert (demo / "site/articles/how-a-seed-becomes-a-page/index.html").is_file()
    assert (demo / "site/pagefind/shards.json").is_file()
    ignored = (demo / ".gitignore").read_text().split()
    assert "/site/" in ignored and "/.cache/" in ignored
    assert "layouts/" in (demo / "layouts/README.md").read_text()
    assert (demo / "content").is_dir()


def test_starter_config_names_and_explains_every_setting() -> None:
    text = (FILES / "config.yaml").read_text()
    names = [f.name for f in dataclasses.fields(Config) if f.name not in ("root", "source")]
    names += [f.name for f in dataclasses.fields(IngestRules)]
    for name in names:
        line = re.search(rf"^[ #]*{name}:.*$", text, re.MULTILINE)
        assert line, f"{name} is not in the starter config"
        explained = "#" in line.group(0).lstrip("# ") or \
            text[:line.start()].rstrip().splitlines()[-1].lstrip().startswith("#")
        assert explained, f"{name} has no comment"


def test_starter_config_holds_the_defaults(tmp_path: Path) -> None:
    assert run_sitegen("init", cwd=tmp_path).returncode == 0
    diag = Diagnostics()
    started = load_config(tmp_path / "config.yaml", diag)
    defaults = load_config(None, Diagnostics(), root=tmp_path)
    assert diag.warnings == []
    assert dataclasses.replace(started, source=None) == defaults


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = run_sitegen("init", cwd=tmp_path)
    assert result.returncode == 1
    assert "not empty" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_force_adds_files_and_overwrites_none(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("title: Mine\n")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/welcome-to-the-collection.txt").write_text("My own seed\n\nText.\n")
    result = run_sitegen("init", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "config.yaml").read_text() == "title: Mine\n"
    assert (tmp_path / "seeds/welcome-to-the-collection.txt").read_text() == \
        "My own seed\n\nText.\n"
    assert "kept config.yaml" in result.stdout
    assert "kept seeds/welcome-to-the-collection.txt" in result.stdout
    assert (tmp_path / ".gitignore").is_file() and (tmp_path / "layouts/README.md").is_file()


def test_init_in_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("")
    result = run_sitegen("init", "taken", cwd=tmp_path)
    assert result.returncode == 1 and "taken: not a folder" in result.stderr


def test_a_site_with_nothing_published_builds_then_gets_search(tmp_path: Path) -> None:
    assert run_sitegen("init", cwd=tmp_path).returncode == 0
    seed = next((tmp_path / "seeds").iterdir())
    seed.unlink()
    assert run_sitegen("new", "Not Yet", cwd=tmp_path).returncode == 0  # a draft
    built = run_sitegen("build", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "Pagefind" not in built.stderr
    site = tmp_path / "site"
    assert not (site / "pagefind").exists()
    search = (site / "search/index.html").read_text()
    assert "Nothing is published yet" in search and "search.js" not in search
    assert run_sitegen("check", cwd=tmp_path).returncode == 0

    assert run_sitegen("new", "Now Published", "--publish", cwd=tmp_path).returncode == 0
    assert run_sitegen("build", cwd=tmp_path).returncode == 0  # incremental
    assert (site / "pagefind/shards.json").is_file()
    assert "Nothing is published yet" not in (site / "search/index.html").read_text()


def test_serve_previews_a_new_project(tmp_path: Path) -> None:
    assert run_sitegen("init", cwd=tmp_path).returncode == 0
    preview = start_preview(tmp_path)
    try:
        status, page = preview.get("/articles/how-a-seed-becomes-a-page/")
        assert status == 200 and "How a Seed Becomes a Page" in page
    finally:
        preview.process.terminate()
        preview.process.wait(timeout=10)


def test_an_empty_folder_is_told_to_init(tmp_path: Path) -> None:
    for command in ("build", "ingest", "serve"):
        result = run_sitegen(command, cwd=tmp_path)
        assert result.returncode == 1, command
        assert "no project here (no config.yaml, seeds/ or content/); `sitegen init` starts " \
            "one" in result.stderr
    assert list(tmp_path.iterdir()) == []
