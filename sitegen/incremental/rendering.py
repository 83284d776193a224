"""Rendering the pages that changed, on every core, straight into the staging folder.

Worker processes are forked with the pages in memory, so only page numbers
travel to them; each places its pages' bytes itself (a large site streams
to disk instead of sitting in memory) and sends back the bodies that
Python-Markdown converted (slow, so the cache keeps them) and, pickled,
the pages to keep for later builds. Work that needs a group of pages
rendered (`Along`) is done in the worker that rendered them.
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
from .parallel import MIN_PARALLEL, chunked, map_parts


@dataclass(frozen=True)
class Along:
    """Work on groups of pages done as soon as they are rendered, in the
    worker that rendered them, while their bytes are in memory: the search
    index of a shard is made from its article pages this way on a cold
    build, instead of reading them back from the staging folder."""

    groups: Sequence[Sequence[str]]  # paths of pages to render together
    then: Callable[[int, list[bytes]], object]  # (group number, its pages' bytes) → a result


def render_into(pages: Sequence[Page], resolve: Resolver, env: jinja2.Environment,
                cache: BuildCache, place: Callable[[str, bytes], bool],
                advance: Callable[[int], None], parallel: bool = True,
                keep: dict[str, str] | None = None, ready: BodyFile | None = None,
                along: Along | None = None) -> tuple[int, dict[int, object]]:
    """Render `pages` and `place` each (path, bytes); return how many files
    were written (`place` returns False when it kept the previous file), and
    the results of `along.then` by group number.

    The bodies come from `ready` (converted ahead) when given. Else pages
    showing one article's body (its own page) go first, so the bodies that
    feeds repeat are converted once and taken from the cache after.
    The pages at the paths in `keep` (path → shape digest) are stored in the
    cache for later builds; the workers pickle them on the way. The pages of
    each of `along.groups` are rendered in one part of the work, then given
    to `along.then`.
    """
    if ready is not None:
        cache.add_bodies(ready.by_python_markdown())
        # lists and feeds first: they are the slowest pages, and the last
        # parts (which one worker may finish alone) had better be quick ones
        groups = [sorted(range(len(pages)), key=lambda i: len(pages[i].bodies) == 1)]
    else:
        groups = [[i for i, page in enumerate(pages) if len(page.bodies) <= 1],
                  [i for i, page in enumerate(pages) if len(page.bodies) > 1]]
    number = {page.path: i for i, page in enumerate(pages)}
    together = [[number[path] for path in group] for group in (along.groups if along else ())]
    written, results = 0, {}
    for group in groups:
        if ready is not None:
            known: Mapping[str, str] = ready
        else:
            known = cache.bodies(sorted({resolve.articles[r.slug].body_digest
                                         for i in group for r in pages[i].bodies}))
        job = _Job(pages, resolve, env, place, known, keep or {}, along)
        work = sum(max(1, len(pages[i].bodies)) for i in group)  # a feed's bodies weigh most
        fork = parallel and work >= MIN_PARALLEL
        for count, wrote, new_bodies, kept, done in map_parts(_render_part, job,
                                                              _parts(group, together, fork),
                                                              fork):
            crash_point("render:chunk")
            cache.add_bodies(new_bodies)
            cache.add_pages(kept)
            results.update(done)
            written += wrote
            advance(count)
    return written, results


Part = tuple[int | None, Sequence[int]]  # a group of `Along` (or None), its page numbers


def _parts(numbers: Sequence[int], together: list[list[int]], parallel: bool) -> list[Part]:
    """The work on the pages `numbers`, in parts: the `together` groups
    among them, each a part of its own, then the others (in chunks when
    the work is spread over workers)."""
    members = set(numbers)
    grouped = [(n, group) for n, group in enumerate(together) if group and group[0] in members]
    apart = {i for _, group in grouped for i in group}
    rest = [i for i in numbers if i not in apart]
    chunks = chunked(rest) if parallel else [rest] if rest else []
    return [*((None, chunk) for chunk in chunks), *grouped]


@dataclass(frozen=True)
class _Job:
    pages: Sequence[Page]
    resolve: Resolver
    env: jinja2.Environment
    place: Callable[[str, bytes], bool]
    known: Mapping[str, str]  # body digest → HTML
    keep: dict[str, str]  # path → shape digest of the pages to store
    along: Along | None


def _render_part(job: _Job, part: Part) -> tuple[int, int, dict[str, str], list[PageBundle],
                                                 dict[int, object]]:
    """Render and place the pages of `part` (in a worker process, which has
    the pages from the fork: only numbers travel); return how many pages,
    how many files written, the bodies Python-Markdown converted, the pages
    to keep, pickled, and what `along.then` made of the part's group."""
    group, numbers = part
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
    rendered = []
    written = 0
    for number in numbers:
        page = job.pages[number]
        data = render_page(job.env, page, job.resolve, body_html)
        written += job.place(page.path, data)
        if group is not None:
            rendered.append(data)
        if page.path in job.keep:
            kept.append(page)
    done = {group: job.along.then(group, rendered)} if group is not None and job.along else {}
    return len(numbers), written, new, bundle_pages(kept, job.keep), done
