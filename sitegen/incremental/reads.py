"""Which fields of the articles planning reads: what the stored plan depends on.

Planning (collect, then plan) is a pure function of the settings, the
content other than articles, and the article fields it reads. The engine
records those fields while it plans (`fields_read`), stores them with the
recipes, and keys the recipes by the sums of just those fields' digests
(`fingerprint.structure_key`): an edit to a field no planner read (the
built-in theme reads an article's place in the site, not its title or
summary) keeps the stored plan, and the pages that show the article are
rendered again through their fingerprints. What is stale is derived, not
declared: a theme's planner that groups articles by `source` reads
`source`, and a change to it then plans the site again.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator

from ..load import DIGESTED, Article

TEXT = "text"  # any field not in `DIGESTED`: they change with the article's file


@contextlib.contextmanager
def fields_read() -> Iterator[set[str]]:
    """The names of the fields of any `Article` read inside the block (as
    `load.DIGESTED` names them, or `TEXT`). Only for a process whose other
    threads do not touch articles meanwhile."""
    groups = {f.name: f.name if f.name in DIGESTED else TEXT for f in dataclasses.fields(Article)}
    read: set[str] = set()
    get = object.__getattribute__

    def tracked(self: Article, name: str) -> object:
        group = groups.get(name)
        if group is not None:
            read.add(group)
        return get(self, name)

    Article.__getattribute__ = tracked  # type: ignore[method-assign]
    try:
        yield read
    finally:
        del Article.__getattribute__


ALL = frozenset((*DIGESTED, TEXT))  # what planning may read, when unknown
