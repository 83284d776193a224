"""A build killed with SIGKILL at any moment leaves `site/` whole, and the
next build makes the site a clean build makes.

`site/` must always be exactly the previous complete site or the next one,
never a mix, and the build after each kill must give exactly the site a
`--no-cache` build of the same content gives, while leaving the files whose
bytes did not change untouched (same mtime). The builds are real `build.py
build` processes on a generated collection (`corpus.py`) large enough to
take a few seconds, killed at instants spread evenly over the whole run:
start-up, load, plan, render, search indexing, the swap, and past it.
(`test_crash.py` kills builds at each named point of the cache's writes.)
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import BUILD_PY
from corpus import write_collection

ARTICLES = 600  # a build of about 3 s here (search index included)
KILL_BUDGET = 30.0  # seconds spent killing builds and recovering, once MIN_KILLS are done
MIN_KILLS, MAX_KILLS = 6, 60  # kills after the first build: at least, at most
_GOLDEN = 0.6180339887  # steps of the golden ratio cover [0, 1) evenly, never repeating
Manifest = dict[str, str]  # site-relative path → digest of the bytes


def _manifest(site: Path) -> Manifest:
    if not site.exists():
        return {}
    return {p.relative_to(site).as_posix(): hashlib.blake2b(p.read_bytes()).hexdigest()
            for p in site.rglob("*") if p.is_file()}


def _mtimes(site: Path, paths: set[str]) -> dict[str, int]:
    return {path: (site / path).stat().st_mtime_ns for path in paths}


def _make_versions(work: Path) -> tuple[Path, Path]:
    """Two versions of a collection: B deletes, edits, retitles and adds articles of A."""
    first, second = work / "content-a", work / "content-b"
    write_collection(first, ARTICLES)
    shutil.copytree(first, second)
    files = sorted(second.glob("*.md"))
    for path in files[:10]:
        path.unlink()
    for path in files[10:40]:
        path.write_text(path.read_text() + "\nA paragraph added in the next version.\n")
    for path in files[40:50]:
        path.write_text(path.read_text().replace('title: "', 'title: "Revised: ', 1))
    for number, path in enumerate(files[50:60]):
        text = path.read_text().replace('title: "', f'title: "Added {number}: ', 1)
        (second / f"added-{number}.md").write_text(text)
    return first, second


@dataclass
class _Builds:
    """Runs `build.py build` on one project with one of two content folders."""

    project: Path
    contents: tuple[Path, Path]
    phases: list[tuple[str, float]] = field(default_factory=list)  # (phase, end time)

    def command(self, version: int, *extra: str) -> list[str]:
        return [sys.executable, str(BUILD_PY), "build", "--no-ingest",
                "--content", str(self.contents[version]), *extra]

    def complete(self, version: int) -> float:
        """Build `version` to the end; remember its phases; return its wall time."""
        started = time.monotonic()
        result = subprocess.run(self.command(version, "-v"), cwd=self.project,
                                capture_output=True, text=True, timeout=120)
        seconds = time.monotonic() - started
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        self.phases = _phases(result.stdout, seconds)
        return seconds

    def killed(self, version: int, delay: float) -> str:
        """Start a build of `version`, SIGKILL it after `delay` seconds; the
        phase it was probably in (from the last complete build's timings)."""
        process = subprocess.Popen(self.command(version, "-q"), cwd=self.project,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        _, stderr = process.communicate(timeout=30)
        assert b"Traceback" not in stderr, stderr.decode()
        self._assert_no_process_left()
        return next((name for name, end in self.phases if delay < end), "after exit")

    def _assert_no_process_left(self) -> None:
        """No worker of the killed build goes on writing in the project."""
        deadline = time.monotonic() + 5
        while _processes_in(self.project):
            assert time.monotonic() < deadline, f"left running: {_processes_in(self.project)}"
            time.sleep(0.02)


def _phases(verbose_output: str, seconds: float) -> list[tuple[str, float]]:
    """[(phase, when it ended)] from the `time: load 0.20s …` line; what
    precedes the first phase is start-up (imports, config, cache)."""
    laps = [(name, float(value)) for name, value in
            re.findall(r"(\w+) ([\d.]+)s", verbose_output.split("time:", 1)[1].split("\n")[0])]
    end = seconds - sum(value for _, value in laps)
    timeline = [("start-up", end)]
    for name, value in laps:
        end += value
        timeline.append((name, end))
    return timeline


def _processes_in(folder: Path) -> list[int]:
    """Processes whose working folder is `folder` (the build and its workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/cwd") == str(folder):
                    found.append(int(entry))
            except OSError:
                continue
    return found


def _reference(project: Path, builds: _Builds, version: int, out: Path) -> Manifest:
    subprocess.run(builds.command(version, "-q", "--no-cache", "--out", str(out)),
                   cwd=project, check=True, timeout=120)
    return _manifest(out)


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs Linux /proc")
def test_killed_builds_leave_the_previous_or_the_next_site(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "config.yaml").write_text(
        "title: Kill test\nbase_url: https://example.org/reading/\nsearch: true\n")
    builds = _Builds(project, _make_versions(tmp_path))
    sites = (_reference(project, builds, 0, tmp_path / "ref-a"),
             _reference(project, builds, 1, tmp_path / "ref-b"))
    assert sites[0] != sites[1]
    kills: Counter[str] = Counter()
    for fraction in (0.1, 0.4, 0.7):  # the first build: no site, or the whole site
        builds.killed(0, fraction * 3.0)
        kills["first build"] += 1
        assert _manifest(project / "site") in ({}, sites[0]), "a killed first build left a mix"
    outcomes = _kill_and_recover(builds, sites, kills)
    assert {p.name for p in project.iterdir()} <= {"config.yaml", "site", ".site.staging",
                                                    ".cache", ".sitegen.lock"}
    print(f"\n{sum(kills.values())} kills, site/ afterwards {dict(outcomes)}; "
          f"by phase (estimated from timings): {dict(kills)}")


def _kill_and_recover(builds: _Builds, sites: tuple[Manifest, Manifest],
                      kills: Counter[str]) -> Counter[str]:
    """Build A, then again and again kill a build of the other version and
    run the next build to its end (of the killed version, or every other
    time of the other one): it must give the clean site of its version.
    Count kills by phase in `kills`; return which site each kill left."""
    site = builds.project / "site"
    same_bytes = {p for p in sites[0].keys() & sites[1].keys() if sites[0][p] == sites[1][p]}
    duration = builds.complete(0)
    assert _manifest(site) == sites[0]
    stamps = _mtimes(site, same_bytes)
    outcomes: Counter[str] = Counter()
    live, started, number = 0, time.monotonic(), 0
    while number < MIN_KILLS or (time.monotonic() - started < KILL_BUDGET
                                 and number < MAX_KILLS):
        number += 1
        target = 1 - live
        # Kill points spread evenly over the whole run and a little past its end.
        kills[builds.killed(target, (number * _GOLDEN) % 1.0 * duration * 1.2)] += 1
        now = _manifest(site)
        assert now in (sites[live], sites[target]), \
            f"site/ is a mix after a kill: {_difference(now, sites[live], sites[target])}"
        outcomes["next" if now == sites[target] else "previous"] += 1
        live = target if number % 2 else 1 - target
        duration = builds.complete(live)
        assert _manifest(site) == sites[live], \
            f"the build after a kill is not the clean site: " \
            f"{_difference(_manifest(site), sites[live], sites[live])}"
        assert _mtimes(site, same_bytes) == stamps, "unchanged files were rewritten"
    return outcomes


def _difference(now: Manifest, previous: Manifest, following: Manifest) -> str:
    closer = min((previous, following), key=lambda m: len(set(m.items()) ^ set(now.items())))
    wrong = sorted(p for p in now.keys() | closer.keys() if now.get(p) != closer.get(p))
    return f"{len(wrong)} files differ from the nearer site, e.g. {wrong[:5]}"
