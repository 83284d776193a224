#!/usr/bin/env python3
"""Benchmark: build times and peak memory on a synthetic corpus, beside Hugo
and Hugo followed by Pagefind, all measured in the same run.

    python3 bench/run.py                     # 10,000 articles, 3 runs each
    python3 bench/run.py --n 2000 --runs 1   # quick (figures are noisy on a shared machine)
    python3 bench/run.py --n 100000 --runs 1 --settings default

Makes the corpora with ../shared/bench/make_corpus.py (seed 1), then times,
as whole processes, for the default settings (search on) and for
`search: false`: a cold build (no cache, no output) and the first rebuild
after it with one article's text edited, a no-op rebuild, a rebuild after
editing one article's text, after editing one article's title, after
taking a tag off an article, after adding an article (a copy of another
under a new title); then ingest
of all seeds into an empty content folder and a re-ingest with nothing
changed. Beside the wall time it prints the CPU time (user and system) of
the whole process tree: a run slower than another that took no more CPU
time waited (on the disk, on other programs) rather than worked. The program's
modules are compiled to bytecode first, as an installed program's are
(where `PYTHONDONTWRITEBYTECODE` is set, every run would compile them
again, a good part of a no-op rebuild). Peak memory is
the largest sum of the proportional set sizes (PSS: pages shared by forked
workers counted once) of the whole process tree, Pagefind included, sampled
every 20 ms in the first second and every 250 ms after (see `PeakMemory`).
Before each cold build (and each ingest into an empty folder) the previous
output is moved aside, not deleted, and the disk given a moment
to settle: on this machine's ext4 (no journal), creating files in the minute
after deleting many is several times slower, as the kernel's inode allocator
skips recently deleted inodes (`recently_deleted()`); a fresh checkout's
first build does not pay that, and neither tool should. What was moved aside
is deleted at the end.

The peers, on the same Markdown, when `hugo` is installed (`apt-get
install hugo`): Hugo with the minimal site in ../shared/bench/hugo-site
(no search), and Hugo followed by the Pagefind program on Hugo's output,
which is what a Hugo user does for search (timed and measured as one
process tree), each run once just before each of sitegen's cold builds
(with both settings, twice as often as they are): a busy spell of a shared
machine then weighs on both sides of a ratio. Hugo has no incremental build: an
edit costs a cold build.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
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
SETTINGS = {"default": "search: true\n", "search: false": "search: false\n"}


@dataclass
class Run:
    seconds: float
    peak_mib: float
    cpu_seconds: float  # user and system time of the whole process tree


Row = tuple[str, Run | None, str]  # measure, result, target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure; the median counts")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--settings", choices=[*SETTINGS, "both"], default="both",
                        help="which settings to time sitegen with (default both)")
    parser.add_argument("--no-peers", dest="peers", action="store_false",
                        help="skip Hugo and Hugo + Pagefind")
    parser.add_argument("--no-ingest", dest="ingest", action="store_false",
                        help="skip the ingest measures")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    settings = list(SETTINGS) if args.settings == "both" else [args.settings]
    compileall.compile_dir(ROOT / "sitegen", quiet=1)
    try:
        peers = Peers(work, args.n) if args.peers else None
        rows = [row for name in settings
                for row in measure_sitegen(work, args.n, args.runs, name, peers)]
        if args.ingest:
            rows += measure_ingest(work, args.n, args.runs)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(rows, peers.medians() if peers else {}, args.n, args.runs)
    return 0


def measure_sitegen(work: Path, n: int, runs: int, setting: str,
                    peers: Peers | None = None) -> list[Row]:
    project = work / f"project-{setting.replace(':', '').replace(' ', '-')}"
    if not (project / "content").is_dir():
        corpus(n, "markdown", project / "content")
    (project / "config.yaml").write_text(
        "title: Benchmark\nbase_url: http://example.org/\nper_page: 10\n" + SETTINGS[setting])
    articles = sorted((project / "content").glob("*.md"))

    def clean() -> None:
        for name in ("site", ".site.staging", ".cache"):
            set_aside(project / name, work)
        settle()

    colds, firsts = [], []
    for i in range(runs):
        if peers is not None:  # beside each cold build: the machine is as busy for both
            peers.measure()
        colds.append(timed(BUILD, project, clean))
        firsts.append(timed(BUILD, project, lambda i=i: append(articles[i * 13 + 5], "First.")))
    noop = median([timed(BUILD, project) for _ in range(runs)])
    body = median([timed(BUILD, project,
                         lambda i=i: append(articles[i * 7], "One more sentence."))
                   for i in range(runs)])
    title = median([timed(BUILD, project,
                          lambda i=i: retitle(articles[i * 11 + 1])) for i in range(runs)])
    retagged = median([timed(BUILD, project, lambda i=i: drop_first_tag(articles, i * 19 + 2))
                       for i in range(runs)])
    added = median([timed(BUILD, project, lambda i=i: add_copy(articles[i * 17 + 3], i))
                    for i in range(runs)])
    for i in range(runs):  # the corpus as it was, for the next run with `--keep`
        (project / "content" / f"added-{i}.md").unlink()
    search = setting == "default"
    return [
        (f"{setting}: cold build", median(colds),
         "≤ 1.5 × Hugo" if search else "≤ 0.9 × Hugo"),
        (f"{setting}: first edit after a cold build", median(firsts), "≤ 1 s" if search else ""),
        (f"{setting}: no-op rebuild", noop, "≤ 0.3 s"),
        (f"{setting}: one article's text edited", body, "≤ 1 s" if search else "≤ 0.5 s"),
        (f"{setting}: one article's title edited", title, ""),
        (f"{setting}: one article's tags edited", retagged, ""),
        (f"{setting}: one article added", added, ""),
    ]


def measure_ingest(work: Path, n: int, runs: int) -> list[Row]:
    corpus(n, "seeds", work / "seeds")
    config = work / "ingest-config.yaml"
    config.write_text("title: Benchmark\nbase_url: http://example.org/\n")
    fresh = work / "ingest"

    def empty_content() -> None:
        set_aside(fresh, work)
        settle()

    command = [*CLI, "ingest", "-q", "--seeds", str(work / "seeds"), "--content", str(fresh),
               "--config", str(config)]
    return [("ingest, all seeds new", median([timed(command, work, empty_content)
                                              for _ in range(runs)]), "≤ 10 s"),
            ("re-ingest, nothing changed", median([timed(command, work) for _ in range(runs)]),
             "≤ 1 s")]


class Peers:
    """Hugo, and Hugo followed by Pagefind, cold, on the same corpus; one
    run of each just before each cold build of sitegen's, so that a machine
    busier in one part of the benchmark than in another weighs on both."""

    def __init__(self, work: Path, n: int) -> None:
        self.work = work
        self.runs: dict[str, list[Run]] = {"Hugo": [], "Hugo + Pagefind": []}
        self.site = hugo_site(work, n) if shutil.which("hugo") else None
        if self.site is None:
            print("hugo is not installed (apt-get install hugo): no peers measured",
                  file=sys.stderr)

    def measure(self) -> None:
        if self.site is None:
            return
        from pagefind_bin_extended import get_executable  # installed with sitegen

        with_pagefind = ["sh", "-c", 'hugo --quiet && "$0" --site public --silent',
                         str(get_executable())]
        for name, command in (("Hugo", ["hugo", "--quiet"]), ("Hugo + Pagefind", with_pagefind)):
            self.runs[name].append(timed(command, self.site, self._clean))

    def medians(self) -> dict[str, Run]:
        return {name: median(runs) for name, runs in self.runs.items() if runs}

    def _clean(self) -> None:
        assert self.site is not None
        set_aside(self.site / "public", self.work)
        settle()


def set_aside(path: Path, work: Path) -> None:
    """Move `path` into `work`'s trash folder (deleted with `work`), into a
    folder of its own (a name made from a count collided once an entry had
    been removed by hand)."""
    if path.exists():
        trash = work / "trash"
        trash.mkdir(exist_ok=True)
        path.rename(Path(tempfile.mkdtemp(dir=trash)) / path.name)


def settle() -> None:
    os.sync()
    time.sleep(2)


def corpus(n: int, form: str, out: Path) -> None:
    subprocess.run([sys.executable, str(SHARED / "make_corpus.py"), "--n", str(n), "--seed", "1",
                    "--format", form, "--out", str(out)], check=True, capture_output=True)


def hugo_site(work: Path, n: int) -> Path:
    site = work / "hugo"
    if not (site / "content" / "articles").is_dir():  # (`--keep`: made by an earlier run)
        corpus(n, "hugo", site / "content" / "articles")
    shutil.copy(SHARED / "hugo-site" / "config.yaml", site / "config.yaml")
    shutil.copytree(SHARED / "hugo-site" / "layouts", site / "layouts", dirs_exist_ok=True)
    return site


def append(path: Path, sentence: str) -> None:
    path.write_text(path.read_text() + f"\n{sentence}\n")


def retitle(path: Path) -> None:
    path.write_text(path.read_text().replace('title: "', 'title: "Revised — ', 1))


def drop_first_tag(articles: list[Path], start: int) -> None:
    """An edit that moves an article in the site (out of a tag's pages)
    without adding or removing one: the first tag taken off the first
    article from `start` on that has two or more."""
    for path in articles[start:]:
        text = path.read_text()
        edited = re.sub(r'^tags: \["[^"]*", ', "tags: [", text, count=1, flags=re.MULTILINE)
        if edited != text:
            path.write_text(edited)
            return
    raise SystemExit("no article with two tags to edit")


def add_copy(path: Path, number: int) -> None:
    """A new article: a copy of the one at `path`, under another title and slug
    (its date puts it among the others, not first: the front pages after it
    move by one, as they do for any article dated in the past)."""
    text = path.read_text().replace('title: "', f'title: "Added {number} — ', 1)
    text = "\n".join(line for line in text.split("\n") if not line.startswith("slug:"))
    (path.parent / f"added-{number}.md").write_text(text)


def timed(command: list[str], cwd: Path, before=None) -> Run:
    if before is not None:
        before()
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    peak = PeakMemory(process.pid)
    peak.start()
    # wait4: the child's CPU time, with that of the processes it waited for
    # (worker processes; Pagefind after Hugo)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    peak.stop()
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return Run(seconds, peak.mib, usage.ru_utime + usage.ru_stime)


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mib for r in runs),
               statistics.median(r.cpu_seconds for r in runs))


class PeakMemory(threading.Thread):
    """The largest total proportional set size of a process and its descendants.

    Sampled every 20 ms in the first second, then every 250 ms: reading
    every process of /proc and the page tables of the measured ones
    (`smaps_rollup`) every 20 ms took a third of a core of this 2-core
    machine from the build being timed (3.2 s of CPU time during a Hugo
    build at 10,000 articles, 4.8 s during sitegen's)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.mib, self.running = pid, 0.0, True

    def run(self) -> None:
        started = time.monotonic()
        while self.running:
            self.mib = max(self.mib, sum(_pss(p) for p in _tree(self.pid)) / 1024)
            time.sleep(0.02 if time.monotonic() - started < 1 else 0.25)

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


def print_table(rows: list[Row], peers: dict[str, Run], n: int, runs: int) -> None:
    print(f"\n{n:,} articles, {os.cpu_count()} cores, median of {runs}; wall time, CPU time "
          "(user and system) and peak memory (PSS) of the whole process tree. On a shared "
          "machine these are noisy.\n")
    hugo = peers.get("Hugo")
    print("| measure | time | CPU time | memory | × Hugo's cold build | target |\n"
          "|---|---|---|---|---|---|")
    peer_rows: list[Row] = [(f"peer: {name}, cold build", run, "") for name, run in peers.items()]
    for name, run, target in [*peer_rows, *rows]:
        if run is None:
            continue
        ratio = f"{run.seconds / hugo.seconds:.2f}" if hugo else "—"
        print(f"| {name} | {run.seconds:.2f} s | {run.cpu_seconds:.1f} s | {run.peak_mib:.0f} MiB "
              f"| {ratio} | {target} |")


if __name__ == "__main__":
    sys.exit(main())
