"""Loading with the cache: a content file unchanged since its cached parse
(same size, times and inode) is not read again; the others are parsed in
parallel when there are many."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..digest import digest
from ..errors import Diagnostics
from ..load import Content, Parsed, content_folder_missing, gather, parse_files
from .cache import BuildCache
from .parallel import map_chunks


def load(content_dir: Path, project_root: Path, files: list[tuple[str, str]],
         diag: Diagnostics, cache: BuildCache, parallel: bool,
         max_tags: int | None, raw_html: bool) -> Content:
    """The content of `files` ((path, stamp) pairs of `load.content_files`).

    With `raw_html`, the articles' body digests change: they key the
    converted bodies, whose HTML depends on the setting."""
    if content_folder_missing(content_dir, diag):
        return Content((), ())
    cached = cache.parsed()
    results: dict[str, Parsed] = {}
    todo = []
    for path, stamp in files:
        hit = cached.get(path)
        if hit and hit[0] == stamp:
            results[path] = hit[1]
        else:
            todo.append((path, stamp))
    fresh = {}
    for chunk in map_chunks(parse_files, (content_dir, project_root), todo, parallel):
        for path, stamp, parsed in chunk:
            results[path] = parsed
            fresh[path] = (stamp, parsed)
    changed = fresh.keys() | (cached.keys() - results.keys())
    if changed:
        cache.store_parsed(files, results, changed)
    content = gather([results[path] for path, _ in files], diag, max_tags)
    if raw_html:
        content = replace(content, articles=tuple(
            replace(a, body_digest=digest(f"raw:{a.body_digest}")) for a in content.articles))
    return content
