"""The cache is a cache: deleting `.cache/` never changes what ingest does.

Seed file names with quotes, backslashes, line breaks, YAML syntax and
bytes that are not UTF-8 go through the `seed:` field of the content files
and come back as the same names, so an ingest without its cache finds every
article's file again: nothing new, nothing orphaned (real files, real
`build.py ingest` processes)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from sitegen.ingest.store import seed_label, seed_name

TRICKY = [b'quote".txt', b"apos'trophe.txt", b"back\\slash.txt", b"new\nline.txt",
          b"not-utf8-\xff\xfe.txt", b"  spaced  .txt", b"#hash: colon.txt", b"tab\there.txt",
          b"caf\xc3\xa9 \xe2\x80\x94 dash.txt", b"yes", b"[list].txt", b"- dash.txt",
          b"%2F looks escaped.txt", b"100%.txt", b"\\u00e9.txt"]


def _seeds(project: Path) -> None:
    seeds = project / "seeds"
    seeds.mkdir(parents=True)
    for number, name in enumerate(TRICKY):
        (seeds / os.fsdecode(name)).write_text(
            f"2025-03-{number + 1:02d}\n\nFerry timetable number {number} changes\n\n"
            f"By Jane Roe\n\nThe harbour ferries of Greywater Island keep schedule {number} "
            "through the winter, the council said on Monday.\n")


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.md")}


def test_deleting_the_cache_changes_nothing_ingest_does(tmp_path: Path) -> None:
    project = tmp_path / "project"
    _seeds(project)
    first = run_cli("ingest", cwd=project, check=True)
    assert f"{len(TRICKY)} new" in first.stdout
    before = _contents(project / "content")
    shutil.rmtree(project / ".cache")
    again = run_cli("ingest", "-v", cwd=project, check=True)
    assert f"{len(TRICKY)} seeds: 0 new," in again.stdout, again.stdout
    assert "no seed any more" not in again.stdout
    assert f"{len(TRICKY)} unchanged" in again.stdout
    assert _contents(project / "content") == before


@pytest.mark.parametrize("name", [os.fsdecode(n) for n in TRICKY])
def test_a_seed_label_names_its_seed(name: str) -> None:
    label = seed_label(name)
    label.encode("utf-8")  # it can be written into a content file
    assert seed_name(label) == name
