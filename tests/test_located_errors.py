"""Every bad value, limit and name in the user's files is a located error
(`file:line: message`), exit 1, no traceback, the previous site kept; a bad
seed fails only itself."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from sitegen.errors import SiteError, refuse_odd_name

ARTICLE = "content/port-averill-health-officials-have-advised-people.md"
PROFILE = "content/authors/marisol-t-echeverria.md"


@pytest.fixture
def built(sample_site: Path, tmp_path: Path) -> Path:
    """A copy of the built sample project (content, site and cache)."""
    return Path(shutil.copytree(sample_site, tmp_path / "project", symlinks=True))


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _fails(project: Path, *args: str) -> str:
    """Build; it must fail plainly (exit 1, no traceback) and keep the site."""
    before = _snapshot(project / "site")
    result = run_cli(*(args or ("build", "--no-ingest")), cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert _snapshot(project / "site") == before
    return result.stderr


def _set_line(path: Path, key: str, line: str) -> int:
    """Replace the `key:` line of `path` with `line` (or add it); its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [i for i, text in enumerate(lines) if re.match(rf"\s*{key}:", text)]
    number = found[0] if found else 1
    lines[number:number + bool(found)] = [line]
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


@pytest.mark.parametrize("value", ["2026-02-30", "2025-13-01", "2025-01-01T25:61:00"])
def test_an_impossible_date_in_content_is_located(built: Path, value: str) -> None:
    line = _set_line(built / ARTICLE, "date", f"date: {value}")
    stderr = _fails(built)
    assert f"{Path(ARTICLE).name}:{line}:7: `{value}` is not a real date" in stderr


def test_an_impossible_date_in_an_author_profile_is_located(built: Path) -> None:
    line = _set_line(built / PROFILE, "name", "born: 2025-02-29")
    assert f"{Path(PROFILE).name}:{line}:7: `2025-02-29` is not a real date" in _fails(built)


def test_an_impossible_date_in_the_config_is_located(built: Path) -> None:
    line = _set_line(built / "config.yaml", "title", "title: 2026-02-30")
    assert f"config.yaml:{line}:8: `2026-02-30` is not a real date" in _fails(built)


def test_a_seed_with_an_impossible_date_fails_alone(built: Path) -> None:
    (built / "seeds/zz-bad-date.txt").write_text(
        "---\ntitle: A bad date\ndate: 2026-02-30\n---\nThe ferry ran late again.\n")
    stderr = _fails(built, "build")
    assert "zz-bad-date.txt:3:7: `2026-02-30` is not a real date" in stderr
    going = run_cli("build", "--keep-going", cwd=built)
    assert going.returncode == 0 and "Traceback" not in going.stderr
    assert "zz-bad-date.txt:3:7" in going.stderr and "built 14 articles" in going.stdout


def test_a_repeated_key_in_front_matter_names_both_lines(built: Path) -> None:
    path = built / ARTICLE
    path.write_text(path.read_text().replace("\nsource:", "\nsource: One\nsource:", 1))
    text = path.read_text().split("\n")
    first = text.index("source: One") + 1
    assert f"{path.name}:{first + 1}:1: `source` is given twice (lines {first} and " \
           f"{first + 1})" in _fails(built)


def test_a_repeated_key_in_the_config_names_both_lines(built: Path) -> None:
    config = built / "config.yaml"
    config.write_text(config.read_text() + "per_page: 5\n")
    line = len(config.read_text().split("\n")) - 1
    assert f"config.yaml:{line}:1: `per_page` is given twice (lines 13 and {line})" \
        in _fails(built)


def test_exploding_aliases_in_front_matter_are_refused_at_once(built: Path) -> None:
    laughs = "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))
    path = built / ARTICLE
    path.write_text(path.read_text().replace("---\n", "---\na0: &a0 [x, x, x]\n" + laughs +
                                             "x: *a9\n", 1))
    assert "once its aliases are expanded" in _fails(built)


def test_nesting_too_deep_for_the_parser_is_refused(built: Path) -> None:
    _set_line(built / ARTICLE, "note", "note: " + "[" * 30_000 + "]" * 30_000)
    assert f"{Path(ARTICLE).name}:2: YAML nested too deeply" in _fails(built)


def test_front_matter_tags_obey_max_tags(built: Path) -> None:
    tags = ", ".join(f"Tag {n}" for n in range(400))
    line = _set_line(built / ARTICLE, "tags", f"tags: [{tags}]")
    assert f"{Path(ARTICLE).name}:{line}: `tags` lists 400 tags; at most 8 are allowed " \
           "(`ingest.max_tags`" in _fails(built)


def test_front_matter_authors_are_limited(built: Path) -> None:
    names = ", ".join(f"Writer {n}" for n in range(400))
    line = _set_line(built / ARTICLE, "authors", f"authors: [{names}]")
    assert f"{Path(ARTICLE).name}:{line}: `authors` lists 400 names; at most 100" in _fails(built)


def test_seed_tags_beyond_max_tags_are_cut_with_a_warning(built: Path) -> None:
    tags = ", ".join(f"Tag {n}" for n in range(30))
    (built / "seeds/zz-tags.txt").write_text(
        f"---\ntitle: Many tags\ntags: [{tags}]\n---\nThe ferry ran late again.\n")
    result = run_cli("build", cwd=built)
    assert result.returncode == 0, result.stderr
    assert "zz-tags.txt: the seed gives 30 tags; `ingest.max_tags` keeps the first 8" \
        in result.stderr
    assert "tags: [Tag 0, Tag 1, Tag 2, Tag 3, Tag 4, Tag 5, Tag 6, Tag 7]\n" in \
        (built / "content/many-tags.md").read_text()


@pytest.mark.parametrize(("key", "line", "message"), [
    ("max_tags", "  max_tags: -5", "`ingest.max_tags` must be from 0 to 100"),
    ("per_page", "per_page: 0", "`per_page` must be from 1 to 10,000"),
    ("feed_entries", "feed_entries: 99999999", "`feed_entries` must be from 1 to 10,000"),
    ("language", 'language: "en\\"x"', "`language` must be a language tag"),
    ("language", "language: en_US", "`language` must be a language tag"),
    ("base_url", "base_url: 'http://[::1'", "`base_url`: not a valid URL"),
])
def test_settings_out_of_range_are_located(built: Path, key: str, line: str,
                                           message: str) -> None:
    number = _set_line(built / "config.yaml", key, line)
    assert f"config.yaml:{number}: {message}" in _fails(built)


@pytest.mark.parametrize("language", ["pt-BR", "zh-Hant-TW", "sr-Latn", "de-CH-1996", "en"])
def test_real_language_tags_are_accepted(built: Path, language: str) -> None:
    _set_line(built / "config.yaml", "language", f"language: {language}")
    result = run_cli("build", "--no-ingest", cwd=built)
    assert result.returncode == 0, result.stderr
    assert f'lang="{language}"' in (built / "site/index.html").read_text()


@pytest.mark.parametrize("url", ["http://[::1", "ftp://example.org/", "http://x:99999/"])
def test_a_bad_base_url_flag_is_blamed_on_the_flag(built: Path, url: str) -> None:
    stderr = _fails(built, "build", "--no-ingest", "--base-url", url)
    assert "error: --base-url: " in stderr and "config.yaml" not in stderr


def test_content_names_that_are_not_utf8_are_reported(built: Path) -> None:
    """(A seed's name may be anything: see test_seed_names.py.)"""
    content = os.fsencode(built / "content")
    Path(os.fsdecode(content + b"/x\xe9.md")).write_bytes((built / ARTICLE).read_bytes())
    assert "x\ufffd.md: the file name is not UTF-8" in _fails(built, "build", "--no-ingest")
    Path(os.fsdecode(content + b"/x\xe9.md")).unlink()
    going = run_cli("build", "--keep-going", cwd=built)
    assert going.returncode == 0 and "Traceback" not in going.stderr


@pytest.mark.parametrize(("name", "shown"), [
    ("a\x01b.md", "a\ufffdb.md"), ("tab\there.md", "tab\ufffdhere.md"),
    ("del\x7f.md", "del\ufffd.md"), ("line\nbreak.md", "line\ufffdbreak.md"),
])
def test_control_characters_in_a_file_name_are_refused_and_shown_replaced(
        tmp_path: Path, name: str, shown: str) -> None:
    with pytest.raises(SiteError) as caught:
        refuse_odd_name(tmp_path / name)
    assert caught.value.path == str(tmp_path / shown)
    assert refuse_odd_name(tmp_path / "caf\u00e9 \u2014 notes.md") is None


@pytest.mark.parametrize(("template", "line", "message"), [
    ("<p>\n{{ 1 / 0 }}</p>\n", 2, "template error: ZeroDivisionError: division by zero"),
    ("<p>\n{{ site.title | int(1, 2, 3, 4) }}</p>\n", 2, "template error: TypeError"),
    ("<p>\n\n{% include 'missing.html' %}</p>\n", 3, "template not found: missing.html"),
    ("<p>\n{{ site.nothing.at_all }}</p>\n", 2, "template error:"),
])
def test_template_errors_name_the_template_and_line(built: Path, template: str, line: int,
                                                    message: str) -> None:
    (built / "layouts/footer.html").write_text(template)
    assert f"{built / 'layouts/footer.html'}:{line}: {message}" in _fails(built)
