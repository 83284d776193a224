"""Search: a Pagefind index of the article pages, built into the staged site.

Pagefind reads the finished HTML, so indexing runs on the complete new
site just before it goes live (`write_site(..., before_swap=...)`). Only
article pages carry `data-pagefind-body`, and within them only the text
so marked is indexed. The index is static files under `pagefind/`: search
then works on any static host, with no server.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import SiteError

BUNDLE_FOLDER = "pagefind"
ARTICLE_PAGES = "articles/*/index.html"


def build_search_index(site_dir: Path) -> None:
    """Write the Pagefind index of the article pages in `site_dir` to `site_dir/pagefind/`."""
    try:
        from pagefind.index import IndexConfig, PagefindIndex
    except ImportError:
        raise SiteError("search needs the Pagefind package: "
                        "pip install 'pagefind[extended]' (or set `search: false`)") from None

    async def index_site() -> None:
        config = IndexConfig(output_path=str(site_dir / BUNDLE_FOLDER))
        async with PagefindIndex(config) as index:
            await index.add_directory(str(site_dir), glob=ARTICLE_PAGES)

    try:
        # Pagefind's API is async. Its own thread and event loop let this run
        # also where the caller's loop is running (the live preview's server).
        with ThreadPoolExecutor(max_workers=1) as worker:
            worker.submit(lambda: asyncio.run(index_site())).result()
    except Exception as exc:  # Pagefind's service reports its failures as plain Exceptions
        raise SiteError(f"building the search index failed: {exc}", site_dir) from exc
