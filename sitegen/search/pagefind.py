"""Running Pagefind on one shard of the article pages.

Each shard is indexed by the Pagefind program (`pagefind --site`) in a
folder of its own that holds hard links to the shard's staged article
pages, so the indexer sees those pages and nothing else. Shards are
indexed side by side, one program per core.

Why the program, not Pagefind's Python API (its service mode): the
service acknowledges `WriteFiles` while its last writes are still queued
(tokio's `File::write_all` returns before the data reaches the kernel,
and the file is dropped without `flush`), and the API's `close()` then
terminates the service, so on a busy machine files were cut short at a
4 KiB boundary (Pagefind issue #1271, fixed upstream by flushing in
#1272, not yet in the release we use). The program's exit waits for every
pending write, so a zero exit means complete files. Measured on 500
article pages, the program also needs no more CPU time than the service
fed HTML (0.90 s against 1.11 s) or plain-text records (0.9–1.0 s).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import SiteError
from ..parallel import die_with_parent, workers

# What the search page needs of a shard's bundle; Pagefind's own UI is not used.
_UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.",
           "pagefind-highlight.js", "playground/")


@functools.cache
def executable() -> Path:
    """The Pagefind program of the installed `pagefind[extended]` package."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None  # type: ignore[assignment]
    found = get_executable() if get_executable else None
    if found is None or not Path(found).is_file():
        raise SiteError("search needs the Pagefind package: "
                        "pip install 'pagefind[extended]' (or set `search: false`)")
    return Path(found)


def indexer_key() -> str:
    """Which Pagefind program this is: another version writes other files."""
    program = executable()
    st = program.stat()
    return f"{program}:{st.st_size}:{st.st_mtime_ns}"


def index_shards(site_dir: Path, scratch: Path,
                 shards: Sequence[tuple[str, Sequence[str]]]) -> Iterator[tuple[str, Path]]:
    """Index each (name, article pages) shard of `site_dir`; yield each
    shard's name with the folder holding its bundle, as each is done.

    Work happens in `scratch` (inside the staging folder, so a build killed
    meanwhile leaves it where the next build clears it)."""
    with ThreadPoolExecutor(max_workers=max(1, min(workers(), len(shards)))) as pool:
        jobs = [pool.submit(_index_one, site_dir, scratch / name, pages) for name, pages in shards]
        try:
            for (name, _), job in zip(shards, jobs):
                yield name, job.result()
        finally:
            for job in jobs:
                job.cancel()


def _index_one(site_dir: Path, work: Path, pages: Sequence[str]) -> Path:
    source, output = work / "site", work / "bundle"
    for page in pages:
        target = source / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / page, target)
        except OSError:  # a file system without hard links
            shutil.copyfile(site_dir / page, target)
    run_pagefind(source, output)
    return output


def run_pagefind(site: Path, output: Path) -> None:
    """Index every HTML page under `site` into `output`. The indexer dies
    with the build, so a killed build leaves nothing writing on."""
    command = [str(executable()), "--site", str(site), "--output-path", str(output), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False,
                            preexec_fn=functools.partial(die_with_parent, os.getpid()))
    if result.returncode != 0:
        said = (result.stderr.strip() or result.stdout.strip()).splitlines()
        reason = " ".join(line.strip() for line in said[:2]) if said else f"exit {result.returncode}"
        raise SiteError(f"building the search index failed: {reason}")


def bundle_files(bundle: Path) -> Iterator[tuple[str, Path]]:
    """The files of a Pagefind bundle the search page uses, by relative path,
    in a stable order."""
    for root, folders, names in os.walk(bundle):
        folders.sort()
        for name in sorted(names):
            path = Path(root, name)
            relative = path.relative_to(bundle).as_posix()
            if not relative.startswith(_UNUSED):
                yield relative, path


def place_bundle(bundle: Path, folder: str, key: str,
                 place: Callable[[str, bytes], object]) -> dict[str, str]:
    """`place` each used file of `bundle` under `folder`; return them with `key`."""
    made = {}
    for relative, path in bundle_files(bundle):
        place(folder + relative, path.read_bytes())
        made[folder + relative] = key
    return made
