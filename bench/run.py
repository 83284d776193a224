#!/usr/bin/env python3
"""Benchmark: build times and peak memory on a synthetic corpus, beside Hugo.

    python3 bench/run.py                 # 10,000 articles, 3 runs each
    python3 bench/run.py --n 100000 --runs 1 --no-search

Makes the corpora with ../shared/bench/make_corpus.py (seed 1), then times,
as whole processes: a cold build (no cache, no output), a no-op rebuild, a
rebuild after editing one article's text, after editing one article's
title, ingest of all seeds into an empty content folder and a re-ingest
with nothing changed. Peak memory is the largest sum of the resident sizes
of the build's whole process tree (workers included, shared pages counted
once: the proportional set size), sampled every 20 ms. Before each cold
build (and each ingest into an empty folder) the previous output is moved
aside, not deleted, and the disk given a moment to settle: on this
machine's ext4 (no journal), creating files in the minute after deleting
many is several times slower, as the kernel's inode allocator skips
recently deleted inodes (`recently_deleted()`); a fresh checkout's first
build does not pay that, and neither tool should. What was moved aside
is deleted at the end.
When `hugo` is installed it builds the same Markdown with the minimal Hugo
site in ../shared/bench/hugo-site, and the table shows the ratio. The site
is built with `search: false`, as Hugo builds no search index; the time
Pagefind adds is measured on its own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench"
CLI = [sys.executable, str(ROOT / "build.py")]
BUILD = [*CLI, "build", "--no-ingest", "-q"]
# Reported for this machine in issue 4 (Pelican 4.12 with its cache, Eleventy 3.1).
PEERS = {"Pelican": (30.7, 12.1, 230), "Eleventy": (21.0, 15.2, 710)}


@dataclass
class Run:
    seconds: float
    peak_mib: float


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure; the median counts")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--no-search", dest="search", action="store_false",
                        help="skip the rebuild with Pagefind (its memory grows with the "
                             "collection: about 2 GiB at 10,000 articles)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    try:
        rows = measure(work, args.n, args.runs, args.search)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(rows, args.n)
    return 0


Row = tuple[str, Run | None, Run | None, str]  # measure, ours, Hugo's, target


def measure(work: Path, n: int, runs: int, with_search: bool) -> list[Row]:
    project = work / "project"
    corpus(n, "markdown", project / "content")
    corpus(n, "seeds", work / "seeds")
    (project / "config.yaml").write_text(
        "title: Benchmark\nbase_url: http://example.org/\nper_page: 10\nsearch: false\n")
    hugo = hugo_site(work, n) if shutil.which("hugo") else None

    def clean() -> None:
        for name in ("site", ".site.staging", ".cache"):
            set_aside(project / name, work)
        settle()

    cold = median([timed(BUILD, project, clean)
                   for _ in range(runs)])
    noop = median([timed(BUILD, project) for _ in range(runs)])
    articles = sorted((project / "content").glob("*.md"))
    body = median([timed(BUILD, project,
                         lambda i=i: append(articles[i * 7], "One more sentence."))
                   for i in range(runs)])
    title = median([timed(BUILD, project,
                          lambda i=i: retitle(articles[i * 11 + 1])) for i in range(runs)])
    search = timed(BUILD, project, lambda: enable_search(project, articles[2])) \
        if with_search else None
    fresh = work / "ingest"

    def empty_content() -> None:
        set_aside(fresh, work)
        settle()

    ingest_cmd = [*CLI, "ingest", "-q", "--seeds", str(work / "seeds"), "--content", str(fresh),
                  "--config", str(project / "config.yaml")]
    ingest_new = median([timed(ingest_cmd, project, empty_content) for _ in range(runs)])
    ingest_again = median([timed(ingest_cmd, project) for _ in range(runs)])
    hugo_run = None
    if hugo is not None:
        def clean_hugo() -> None:
            set_aside(hugo / "public", work)
            settle()

        hugo_run = median([timed(["hugo", "--quiet"], hugo, clean_hugo) for _ in range(runs)])
    return [
        ("cold build (no cache)", cold, hugo_run, "≤ Hugo, ≤ ¼ Pelican"),
        ("no-op rebuild", noop, hugo_run, "≤ 0.3 s"),
        ("rebuild, one article's text edited", body, hugo_run, "≤ 0.5 s"),
        ("rebuild, one article's title edited", title, hugo_run, ""),
        ("rebuild with Pagefind search, one edit", search, None, ""),
        ("ingest, all seeds new", ingest_new, None, "≤ 10 s"),
        ("re-ingest, nothing changed", ingest_again, None, "≤ 1 s"),
    ]


def set_aside(path: Path, work: Path) -> None:
    """Move `path` into `work`'s trash folder (deleted with `work`)."""
    if path.exists():
        trash = work / "trash"
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{len(list(trash.iterdir()))}-{path.name}")


def settle() -> None:
    os.sync()
    time.sleep(2)


def corpus(n: int, form: str, out: Path) -> None:
    subprocess.run([sys.executable, str(SHARED / "make_corpus.py"), "--n", str(n), "--seed", "1",
                    "--format", form, "--out", str(out)], check=True, capture_output=True)


def hugo_site(work: Path, n: int) -> Path:
    site = work / "hugo"
    corpus(n, "hugo", site / "content" / "articles")
    shutil.copy(SHARED / "hugo-site" / "config.yaml", site / "config.yaml")
    shutil.copytree(SHARED / "hugo-site" / "layouts", site / "layouts")
    return site


def append(path: Path, sentence: str) -> None:
    path.write_text(path.read_text() + f"\n{sentence}\n")


def retitle(path: Path) -> None:
    path.write_text(path.read_text().replace('title: "', 'title: "Revised — ', 1))


def enable_search(project: Path, path: Path) -> None:
    config = project / "config.yaml"
    if "search: true" not in config.read_text():
        config.write_text(config.read_text().replace("search: false", "search: true"))
        subprocess.run(BUILD, cwd=project, check=True)
    append(path, "Searchable words.")


def timed(command: list[str], cwd: Path, before=None) -> Run:
    if before is not None:
        before()
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    peak = PeakMemory(process.pid)
    peak.start()
    if process.wait() != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    seconds = time.monotonic() - started
    peak.stop()
    return Run(seconds, peak.mib)


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mib for r in runs))


class PeakMemory(threading.Thread):
    """The largest total resident size of a process and its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.mib, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.mib = max(self.mib, sum(_pss(p) for p in _tree(self.pid)) / 1024)
            time.sleep(0.02)

    def stop(self) -> None:
        self.running = False
        self.join()


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _pss(pid: int) -> int:
    """Proportional set size in KiB: a page shared by forked workers counts
    once in all, where resident sizes would count it in every process."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def print_table(rows: list[Row], n: int) -> None:
    print(f"\n{n:,} articles, {os.cpu_count()} cores; median wall time, peak memory (PSS) of "
          "the process tree\n")
    print("| measure | sitegen | Hugo | sitegen / Hugo | target |\n|---|---|---|---|---|")
    for name, ours, hugo, target in rows:
        if ours is None:
            continue
        theirs = f"{hugo.seconds:.2f} s, {hugo.peak_mib:.0f} MiB" if hugo else "—"
        ratio = f"{ours.seconds / hugo.seconds:.2f}" if hugo else "—"
        print(f"| {name} | {ours.seconds:.2f} s, {ours.peak_mib:.0f} MiB | {theirs} | {ratio} "
              f"| {target} |")
    print("\nReported peers (issue 4, same machine): " + "; ".join(
        f"{name} cold {c} s, rebuild {r} s, {m} MiB" for name, (c, r, m) in PEERS.items()))


if __name__ == "__main__":
    sys.exit(main())
