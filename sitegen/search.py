"""Search: a Pagefind index of the article pages, built into the staged site.

Pagefind reads the finished HTML, so indexing runs on the complete new
site just before it goes live (the `before_swap` step of publishing). Only
article pages carry `data-pagefind-body`, and within them only the text
so marked is indexed. The index is static files under `pagefind/`: search
then works on any static host, with no server.

Indexing takes a while on a large site, so it runs only when an article
page changed: every index file carries one fingerprint, the digest of the
article pages' fingerprints, and while that holds the live site's index is
kept as it is.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import importlib.util
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError
from .parallel import die_with_parent

BUNDLE_FOLDER = "pagefind"
ARTICLE_PAGES = "articles/*/index.html"


@dataclass(frozen=True)
class SearchIndex:
    key: str  # the fingerprint of every index file: digest of the indexed pages'
    reused: dict[str, str]  # the live site's index files, when still right; else empty
    empty: bool = False  # no article pages: Pagefind refuses to index nothing, so no index

    def build(self, site_dir: Path, place: Callable[[str, bytes], object]) -> dict[str, str]:
        """Index `site_dir` and `place` the index files into it (so files
        that did not change stay as they were); return them with their
        fingerprint.

        Pagefind writes into a scratch folder inside `site_dir` (the staging
        folder): a build killed while indexing leaves it where the next
        build clears it, not in the project folder."""
        if self.empty:
            return {}
        with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site_dir) as scratch:
            build_search_index(site_dir, Path(scratch))
            made = {}
            for root, _, names in os.walk(scratch):
                for name in names:
                    source = Path(root, name)
                    path = f"{BUNDLE_FOLDER}/{source.relative_to(scratch).as_posix()}"
                    place(path, source.read_bytes())
                    made[path] = self.key
        return made


def search_outputs(new: dict[str, str], live: dict[str, str]) -> SearchIndex:
    """The index for a site whose files will have fingerprints `new`, given
    the fingerprints of the live site's files."""
    pages = sorted((p, f) for p, f in new.items() if fnmatch.fnmatch(p, ARTICLE_PAGES))
    key = hashlib.blake2b(repr(pages).encode(), digest_size=16).hexdigest()
    previous = {p: f for p, f in live.items() if p.startswith(f"{BUNDLE_FOLDER}/")}
    still_right = previous and all(f == key for f in previous.values())
    return SearchIndex(key, previous if still_right else {}, empty=not pages)


def build_search_index(site_dir: Path, output: Path | None = None) -> None:
    """Write the Pagefind index of the article pages in `site_dir` to
    `output` (default: `site_dir/pagefind/`).

    Pagefind runs as its own program, which exits only when every index
    file is complete. (Its Python API answers before its files are written
    to the end and then stops the indexer: on a busy machine some files
    were cut short.) The indexer dies with the build, so a killed build
    leaves nothing writing on.
    """
    if importlib.util.find_spec("pagefind") is None:
        raise SiteError("search needs the Pagefind package: "
                        "pip install 'pagefind[extended]' (or set `search: false`)")
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", ARTICLE_PAGES,
               "--output-path", str(output or site_dir / BUNDLE_FOLDER), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False,
                            preexec_fn=functools.partial(die_with_parent, os.getpid()))
    if result.returncode != 0:
        reason = result.stderr.strip() or result.stdout.strip() or f"exit {result.returncode}"
        raise SiteError(f"building the search index failed: {reason}", site_dir)
