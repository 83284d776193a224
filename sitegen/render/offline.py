"""Offline reading: the web app manifest, the service worker and the page
it shows for an address it has not kept.

The worker (`sw.js`, at the top of the site so that its scope is all of
`base_url`) fetches every page from the network first and keeps a copy of
what the reader opened; without a network it serves that copy, or the
offline page. A reading list's page can ask it to keep the whole list.
Its cache is named by `version`, a digest of the program's version and
the site's settings (title, addresses; not its folders, so that builds
stay reproducible): a worker of another build drops the copies of older ones.
Pages never need it: without JavaScript nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import __version__
from ..search import BUNDLE_FOLDER
from ..urls import Urls, output_path
from . import views
from .pages import MANIFEST, WORKER, Page, SiteView


def offline_page(site: SiteView, urls: Urls) -> Page:
    return Page(output_path(urls.offline()), "offline.html", {
        "page": views.page_info("Offline", "This page is not saved for reading offline.",
                                urls.offline(), urls, kind="offline", feed=urls.feed(),
                                feed_title=site.title),
    })


def plan_worker(site: SiteView, urls: Urls) -> Iterator[Page]:
    """The manifest and the service worker."""
    yield Page(MANIFEST, MANIFEST, {})
    yield Page(WORKER, WORKER, {
        "version": views.digest(f"{__version__}\0{site!r}"),
        "offline_url": urls.path(urls.offline()),
        "keep": (urls.path(urls.offline()), site.css_url, site.icon_url, site.manifest_url),
        "skip": urls.path(f"{BUNDLE_FOLDER}/"),  # the search index: large, and no use offline
    })
