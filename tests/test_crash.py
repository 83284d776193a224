"""Whatever instant a build dies at, the next build equals a clean one.

Real `build.py build` processes are killed with SIGKILL at each named
point of the engine's writes (`sitegen.incremental.crashpoint`: before and
after every cache transaction, after each rendered chunk, around the
swap), after each kind of edit; the build after the kill must give the
site a `--no-cache` build of the same content gives, byte for byte.
(`test_atomic.py` kills builds at random instants.)
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUILD_PY
from corpus import write_collection

ARTICLES = 100  # the render runs in chunks, as on a large site, and a build takes well under 1 s
Manifest = dict[str, str]


def _manifest(site: Path) -> Manifest:
    return {p.relative_to(site).as_posix(): hashlib.blake2b(p.read_bytes()).hexdigest()
            for p in site.rglob("*") if p.is_file()}


def _build(project: Path, *extra: str, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BUILD_PY), "build", "--no-ingest", "-q", *extra],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


class _Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir()
        (root / "config.yaml").write_text(
            "title: Crash test\nbase_url: https://example.org/reading/\nsearch: false\n")
        self.files = write_collection(root / "content", ARTICLES)
        self.references: dict[str, Manifest] = {}
        self.moves = 0

    def state(self) -> str:
        digest = hashlib.blake2b()
        for path in sorted((self.root / "content").rglob("*.md")):
            digest.update(f"{path}\0".encode() + path.read_bytes())
        return digest.hexdigest()

    def clean(self) -> Manifest:
        """The site a `--no-cache` build makes of the content as it is now."""
        state = self.state()
        if state not in self.references:
            out = self.root.parent / f"clean-{len(self.references)}"
            result = _build(self.root, "--no-cache", "--out", str(out))
            assert result.returncode == 0, result.stderr
            self.references[state] = _manifest(out)
        return self.references[state]

    def assert_next_build_is_clean(self, after: str) -> None:
        result = _build(self.root)
        assert result.returncode == 0, result.stderr
        site, clean = _manifest(self.root / "site"), self.clean()
        wrong = sorted(p for p in site.keys() | clean.keys() if site.get(p) != clean.get(p))
        assert not wrong, f"after a kill at {after}: {len(wrong)} files differ, e.g. {wrong[:5]}"


def _retitle(project: _Project) -> None:
    """A new title for an article (which decides what list pages show)."""
    path = project.files[7]
    path.write_text(path.read_text().replace('title: "', 'title: "Revised ', 1))


def _edit_body(project: _Project) -> None:
    """A paragraph more at the end of an article (its text only)."""
    path = project.files[11]
    path.write_text(path.read_text() + "\nA paragraph of the next version.\n")


def _retitle_and_move(project: _Project) -> None:
    """A new title for one article, a new slug for another: one page goes,
    another comes."""
    _retitle(project)
    path = project.files[13]
    text = path.read_text()
    project.moves += 1
    text = text.replace(f"slug: moved-{project.moves - 1}\n", "", 1)
    path.write_text(text.replace("summary:", f"slug: moved-{project.moves}\nsummary:", 1))


def _points(project: _Project, edit: Callable[[_Project], None], log: Path,
            *extra: str) -> list[str]:
    """The crash points a build after `edit` reaches, in order, each named
    with its count (`render:chunk#2`); of a point reached many times, the
    first and the last time. Of the points before a cache transaction only
    the first: the cache holds the same there as after the one before."""
    log.unlink(missing_ok=True)
    edit(project)
    result = _build(project.root, *extra, env={"SITEGEN_CRASH_LOG": str(log)})
    assert result.returncode == 0, result.stderr
    reached = log.read_text().split()
    last = {point.split("#")[0]: point for point in reached}
    return [p for n, p in enumerate(reached) if (p.endswith("#1") or last[p.split("#")[0]] == p)
            and (n == 0 or ":before#" not in p)]


@pytest.mark.parametrize("edit", [_retitle_and_move, _edit_body])
def test_a_build_killed_at_any_named_point_is_followed_by_a_clean_site(
        tmp_path: Path, edit: Callable[[_Project], None]) -> None:
    project = _Project(tmp_path / "project")
    assert _build(project.root).returncode == 0
    points = _points(project, edit, tmp_path / "points.log")
    named = {p.split("#")[0] for p in points}
    assert {"cache:bodies:after", "publish:swapped", "cache:trees:after"} <= named
    assert edit is _edit_body or {"cache:pages:after", "cache:recipes:after"} <= named
    missed = []
    for point in points:
        edit(project)
        killed = _build(project.root, env={"SITEGEN_CRASH_AT": point})
        assert killed.returncode in (0, -9), killed.stderr
        if killed.returncode == 0:  # the state after a kill may need less work (no render)
            missed.append(point)
        project.assert_next_build_is_clean(after=point)
    assert len(missed) <= len(points) // 4, f"points not reached: {missed}"


def test_a_first_build_killed_at_any_named_point_is_followed_by_a_clean_site(
        tmp_path: Path) -> None:
    project = _Project(tmp_path / "project")
    points = _points(project, lambda _: None, tmp_path / "points.log",
                     "--out", str(tmp_path / "first"))
    for point in points:
        for leftover in (".cache", "site", ".site.staging"):
            subprocess.run(["rm", "-rf", str(project.root / leftover)], check=True)
        killed = _build(project.root, env={"SITEGEN_CRASH_AT": point})
        assert killed.returncode == -9, f"the build did not reach {point}: {killed.stderr}"
        project.assert_next_build_is_clean(after=point)
