"""Bad input: one clear line per problem, exit code 1, the previous site kept."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import run_cli


def _site_snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _break_and_build(project: Path, edit) -> tuple[str, dict[str, bytes], dict[str, bytes]]:
    run_cli("build", cwd=project, check=True)
    before = _site_snapshot(project / "site")
    edit(project)
    result = run_cli("build", "--no-ingest", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr, before, _site_snapshot(project / "site")


def _first_article(project: Path) -> Path:
    return sorted((project / "content").glob("*.md"))[0]


def test_broken_yaml_names_file_and_line_and_keeps_site(project: Path) -> None:
    def edit(p: Path) -> None:
        path = _first_article(p)
        lines = path.read_text().split("\n")
        lines[2] = "date: [2024-01-01"
        path.write_text("\n".join(lines))

    stderr, before, after = _break_and_build(project, edit)
    name = _first_article(project).name
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and name in errors[0]
    assert f"{name}:4:" in errors[0]  # the line after the broken flow list
    assert before == after


def test_missing_title_is_an_error_naming_the_file(project: Path) -> None:
    def edit(p: Path) -> None:
        path = _first_article(p)
        path.write_text("\n".join(line for line in path.read_text().split("\n")
                                  if not line.startswith("title:")))

    stderr, before, after = _break_and_build(project, edit)
    assert f"{_first_article(project).name}:2: missing required field `title`" in stderr
    assert before == after


def test_all_problems_are_reported_at_once(project: Path) -> None:
    def edit(p: Path) -> None:
        for path in sorted((p / "content").glob("*.md"))[:3]:
            path.write_text(path.read_text().replace("date: 20", "date: bad20", 1))

    stderr, before, after = _break_and_build(project, edit)
    assert stderr.count("`date` must be a date") == 3
    assert before == after


def test_unreadable_seed_fails_the_build_and_keeps_site(project: Path) -> None:
    run_cli("build", cwd=project, check=True)
    before = _site_snapshot(project / "site")
    (project / "seeds" / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert "broken.txt" in result.stderr and "binary" in result.stderr
    assert "Traceback" not in result.stderr
    assert _site_snapshot(project / "site") == before


def test_keep_going_builds_despite_a_bad_seed(project: Path) -> None:
    (project / "seeds" / "empty.txt").write_text("   \n\n")
    result = run_cli("build", "--keep-going", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "empty.txt" in result.stderr
    assert (project / "site/index.html").is_file()


def test_output_folder_that_is_not_a_site_is_not_replaced(project: Path, tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = run_cli("build", "--out", str(precious), cwd=project)
    assert result.returncode == 1
    assert "refusing to replace it" in result.stderr
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_unknown_config_key_warns_with_suggestion(project: Path) -> None:
    config = project / "config.yaml"
    config.write_text(config.read_text() + "\nper_pag: 5\n")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0
    assert 'unknown setting `per_pag` (did you mean "per_page"?)' in result.stderr
    strict = run_cli("build", "--strict", cwd=project)
    assert strict.returncode == 1


def test_config_type_error_names_the_line(project: Path) -> None:
    config = project / "config.yaml"
    lines = config.read_text().split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("per_page:"))
    lines[number] = "per_page: ten"
    config.write_text("\n".join(lines))
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert f"config.yaml:{number + 1}: `per_page` must be a whole number" in result.stderr


def test_new_creates_a_draft_that_builds_with_drafts(project: Path) -> None:
    result = run_cli("new", "A Note on Harbour Lights", cwd=project, check=True)
    path = project / "content" / "a-note-on-harbour-lights.md"
    assert path.is_file() and "created" in result.stdout
    run_cli("build", cwd=project, check=True)
    assert not (project / "site/articles/a-note-on-harbour-lights").exists()
    run_cli("build", "--drafts", cwd=project, check=True)
    assert (project / "site/articles/a-note-on-harbour-lights/index.html").is_file()
    again = run_cli("new", "A Note on Harbour Lights", cwd=project)
    assert again.returncode == 1 and "exists already" in again.stderr


def test_a_cold_build_leaves_no_empty_folder_for_a_draft(project: Path) -> None:
    run_cli("new", "A Quiet Draft", cwd=project, check=True)
    run_cli("build", "--no-cache", cwd=project, check=True)  # cold: folders made ahead
    site = project / "site"
    assert not (site / "articles/a-quiet-draft").exists()
    assert [d for d in site.rglob("*") if d.is_dir() and not any(d.iterdir())] == []


def test_yaml_error_in_config_names_file_line_and_column(project: Path) -> None:
    config = project / "config.yaml"
    config.write_text(config.read_text().replace("per_page: 10", "per_page: [10", 1))
    number = config.read_text().split("\n").index(
        next(line for line in config.read_text().split("\n") if line.startswith("per_page:"))) + 1
    result = run_cli("build", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: config.yaml:{number + 1}:1: YAML error: did not find expected "
                      f"',' or ']' (while parsing a flow sequence at line {number})"]
    assert not list((project / "content").glob("*.md"))  # nothing ran (nothing ingested)


def test_yaml_error_in_front_matter_names_file_line_and_column(project: Path) -> None:
    run_cli("ingest", cwd=project, check=True)
    path = _first_article(project)
    lines = path.read_text().split("\n")
    lines[1] = 'title: "unclosed'  # line 2 of the file
    path.write_text("\n".join(lines))
    result = run_cli("build", "--no-ingest", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {path}:7:8: YAML error: did not find expected key "
                      "(while parsing a block mapping at line 2)"]


def test_unknown_front_matter_key_warns_with_suggestion(project: Path) -> None:
    run_cli("ingest", cwd=project, check=True)
    path = _first_article(project)
    path.write_text(path.read_text().replace("\ntags:", "\ntagz:", 1))
    result = run_cli("build", "--no-ingest", cwd=project)
    assert result.returncode == 0, result.stderr
    assert re.search(rf"warning: \S*{re.escape(path.name)}:\d+: unknown front matter key "
                     r'`tagz` \(did you mean "tags"\?\)', result.stderr)
    assert run_cli("build", "--no-ingest", "--strict", cwd=project).returncode == 1


@pytest.mark.parametrize("command", [
    ["build"], ["ingest"], ["check"], ["deploy", "--to", "directory", "--dest", "x", "--dry-run"],
    ["new", "A title"], ["serve", "--port", "0"]])
def test_strict_turns_a_warning_into_an_error_in_every_command(project: Path,
                                                               command: list[str]) -> None:
    config = project / "config.yaml"
    config.write_text(config.read_text() + "\nper_pag: 5\n")
    result = run_cli(*command, "--strict", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.count("unknown setting `per_pag`") == 1  # printed once, as an error
    assert "error: " in result.stderr and "(strict)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((project / "content").glob("*.md"))  # stopped before doing anything


def test_two_articles_with_one_slug_name_both_files(project: Path) -> None:
    run_cli("ingest", cwd=project, check=True)
    shutil.rmtree(project / "content/lists")  # its list would also miss the renamed articles
    first, second = sorted((project / "content").glob("*.md"))[:2]
    for path in (first, second):
        text = re.sub(r"(?m)^slug: .*\n", "", path.read_text())  # a seed may pin its slug
        path.write_text(text.replace("---\n", "---\nslug: same-place\n", 1))
    result = run_cli("build", "--no-ingest", cwd=project)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert first.name in errors[0] and second.name in errors[0]
    assert "same-place" in errors[0]


def test_two_author_profiles_for_one_author_name_both_files(project: Path) -> None:
    run_cli("ingest", cwd=project, check=True)
    profile = sorted((project / "content" / "authors").glob("*.md"))[0]
    twin = profile.with_name("zz-twin.md")
    twin.write_text(profile.read_text())
    result = run_cli("build", "--no-ingest", cwd=project)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and profile.name in errors[0] and twin.name in errors[0]
