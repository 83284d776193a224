"""Rendering the pages that changed, on every core, straight into the staging folder.

Worker processes are forked with the pages in memory, so only page numbers
travel to them; each places its pages' bytes itself (a large site streams
to disk instead of sitting in memory) and sends back the bodies that
Python-Markdown converted (slow, so the cache keeps them) and, pickled,
the pages to keep for later builds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import jinja2

from ..load import read_body
from ..render import markdown, render_page
from ..render.pages import Page
from ..render.refs import Resolver
from .bodies import BodyFile
from .cache import BuildCache, PageBundle, bundle_pages
from .crashpoint import crash_point
from .parallel import MIN_PARALLEL, map_chunks


def render_into(pages: Sequence[Page], resolve: Resolver, env: jinja2.Environment,
                cache: BuildCache, place: Callable[[str, bytes], bool],
                advance: Callable[[int], None], parallel: bool = True,
                keep: dict[str, str] | None = None, ready: BodyFile | None = None) -> int:
    """Render `pages` and `place` each (path, bytes); return how many files
    were written (`place` returns False when it kept the previous file).

    The bodies come from `ready` (converted ahead) when given. Else pages
    showing one article's body (its own page) go first, so the bodies that
    feeds repeat are converted once and taken from the cache after.
    The pages at the paths in `keep` (path → shape digest) are stored in the
    cache for later builds; the workers pickle them on the way.
    """
    if ready is not None:
        cache.add_bodies(ready.by_python_markdown())
        # lists and feeds first: they are the slowest pages, and the last
        # chunks (which one worker may finish alone) had better be quick ones
        groups = [sorted(range(len(pages)), key=lambda i: len(pages[i].bodies) == 1)]
    else:
        groups = [[i for i, page in enumerate(pages) if len(page.bodies) <= 1],
                  [i for i, page in enumerate(pages) if len(page.bodies) > 1]]
    written = 0
    for group in groups:
        if ready is not None:
            known: Mapping[str, str] = ready
        else:
            known = cache.bodies(sorted({resolve.articles[r.slug].body_digest
                                         for i in group for r in pages[i].bodies}))
        job = _Job(pages, resolve, env, place, known, keep or {})
        work = sum(max(1, len(pages[i].bodies)) for i in group)  # a feed's bodies weigh most
        for count, wrote, new_bodies, kept in map_chunks(_render_chunk, job, group,
                                                         parallel and work >= MIN_PARALLEL,
                                                         min_items=0):
            crash_point("render:chunk")
            cache.add_bodies(new_bodies)
            cache.add_pages(kept)
            written += wrote
            advance(count)
    return written


@dataclass(frozen=True)
class _Job:
    pages: Sequence[Page]
    resolve: Resolver
    env: jinja2.Environment
    place: Callable[[str, bytes], bool]
    known: Mapping[str, str]  # body digest → HTML
    keep: dict[str, str]  # path → shape digest of the pages to store


def _render_chunk(job: _Job, numbers: Sequence[int]) -> tuple[int, int, dict[str, str],
                                                              list[PageBundle]]:
    """Render and place the pages with these `numbers` (in a worker process,
    which has the pages from the fork: only numbers travel); return how many
    pages, how many files written, the bodies Python-Markdown converted, and
    the pages to keep, pickled."""
    new: dict[str, str] = {}

    def body_html(slug: str) -> str:
        digest = job.resolve.articles[slug].body_digest
        body = job.known.get(digest) or new.get(digest)
        if body is None:
            body, slow = markdown.body_html(read_body(job.resolve.articles[slug]),
                                            job.resolve.raw_html)
            if slow:
                new[digest] = body
        return body

    kept = []
    written = 0
    for number in numbers:
        page = job.pages[number]
        written += job.place(page.path, render_page(job.env, page, job.resolve, body_html))
        if page.path in job.keep:
            kept.append(page)
    return len(numbers), written, new, bundle_pages(kept, job.keep)
