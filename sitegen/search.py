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
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError

BUNDLE_FOLDER = "pagefind"
ARTICLE_PAGES = "articles/*/index.html"


@dataclass(frozen=True)
class SearchIndex:
    key: str  # the fingerprint of every index file: digest of the indexed pages'
    reused: dict[str, str]  # the live site's index files, when still right; else empty

    def build(self, site_dir: Path, place: Callable[[str, bytes], object]) -> dict[str, str]:
        """Index `site_dir` and `place` the index files into it (so files
        that did not change stay as they were); return them with their
        fingerprint."""
        with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site_dir.parent) as scratch:
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
    return SearchIndex(key, previous if still_right else {})


def build_search_index(site_dir: Path, output: Path | None = None) -> None:
    """Write the Pagefind index of the article pages in `site_dir` to
    `output` (default: `site_dir/pagefind/`)."""
    import asyncio  # here, not at the top: most builds never index
    from concurrent.futures import ThreadPoolExecutor

    try:
        from pagefind.index import IndexConfig, PagefindIndex
    except ImportError:
        raise SiteError("search needs the Pagefind package: "
                        "pip install 'pagefind[extended]' (or set `search: false`)") from None

    async def index_site() -> None:
        config = IndexConfig(output_path=str(output or site_dir / BUNDLE_FOLDER))
        async with PagefindIndex(config) as index:
            await index.add_directory(str(site_dir), glob=ARTICLE_PAGES)

    try:
        # Pagefind's API is async. Its own thread and event loop let this run
        # also where the caller's loop is running (the live preview's server).
        with ThreadPoolExecutor(max_workers=1) as worker:
            worker.submit(lambda: asyncio.run(index_site())).result()
    except Exception as exc:  # Pagefind's service reports its failures as plain Exceptions
        raise SiteError(f"building the search index failed: {exc}", site_dir) from exc
