"""Reproducible everywhere: the same inputs give byte-identical output on any
file system, whatever order its folders list their files in.

One project is made on disk and one on tmpfs (`/dev/shm`), their seeds,
layouts and content files created in opposite orders (ext4 lists a folder
in hash order, tmpfs newest first), then both are ingested and built with
the search index by real `build.py` processes and compared byte for byte:
content, site, search index and all.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

TMPFS = Path("/dev/shm")
PEOPLE = ["Ana de la Cruz", "Siobhán O'Neill", "Jane Roe", "Marisol T. Echeverría"]
PLACES = ["Greywater Island", "Port Ellen", "Tamsin River", "Harbour Council"]


def _seeds() -> list[tuple[str, str]]:
    """(file name, text) of a small collection sharing authors and names."""
    seeds = []
    for n in range(48):
        place, other = PLACES[n % 4], PLACES[(n + 1) % 4]
        seeds.append((f"seed {n:02d}.txt",
                      f"2025-{n % 12 + 1:02d}-{n % 27 + 1:02d}\n\nFerry notes number {n} "
                      f"from {place}\n\nBy {PEOPLE[n % 4]}\n\nThe {place} ferry changed its "
                      f"timetable again, and the {other} crossing waits on it. Residents of "
                      f"{place} met on Tuesday; the {other} service answered in writing.\n\n"
                      f"Paragraph two of note {n} names {place} and {other} once more.\n"))
    return seeds


def _project(root: Path, reverse: bool) -> Path:
    """The sample project's settings and layouts plus the collection, every
    folder's files created in name order or in reverse."""
    def order(items: list) -> list:
        return items[::-1] if reverse else items

    (root / "seeds").mkdir(parents=True)
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    for name, text in order(_seeds()):
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    for source in order(sorted((ROOT / "seeds").iterdir())):
        shutil.copy(source, root / "seeds" / source.name)
    for source in order(sorted(p for p in (ROOT / "layouts").rglob("*") if p.is_file())):
        target = root / "layouts" / source.relative_to(ROOT / "layouts")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    static = root / "layouts" / "static"
    static.mkdir(exist_ok=True)
    for name in order(["a.txt", "b.txt", "c.txt", "notes/z.txt", "notes/y.txt"]):
        (static / name).parent.mkdir(exist_ok=True)
        (static / name).write_text(f"static file {name}\n")
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def on_tmpfs() -> Iterator[Path]:
    if not TMPFS.is_dir() or not os.access(TMPFS, os.W_OK):
        pytest.skip(f"no writable tmpfs at {TMPFS}")
    with tempfile.TemporaryDirectory(dir=TMPFS) as folder:
        yield Path(folder)


def test_the_same_inputs_give_the_same_bytes_on_disk_and_on_tmpfs(
        tmp_path: Path, on_tmpfs: Path) -> None:
    disk = _project(tmp_path / "disk", reverse=False)
    memory = _project(on_tmpfs / "memory", reverse=True)
    assert [p.name for p in os.scandir(disk / "seeds")] != \
        [p.name for p in os.scandir(memory / "seeds")], "the two list their seeds alike"
    for project in (disk, memory):
        run_cli("build", "--no-cache", cwd=project, check=True)
    assert _files(disk / "content") == _files(memory / "content")
    site, other = _files(disk / "site"), _files(memory / "site")
    assert any(path.startswith("pagefind/") for path in site)
    assert sorted(site) == sorted(other)
    assert [path for path in site if site[path] != other[path]] == []
