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
`source`, and a change to it then plans the site again. (Only reads of
an article's attributes are seen: a planner that reached into an
article's `__dict__` would go unnoticed.)
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
    `load.DIGESTED` names them, or `TEXT`).

    Each field is watched by a descriptor on the class that, at its first
    read, notes the field and steps aside, so later reads cost what they
    always do. A read by another thread meanwhile counts too: the stored
    plan then depends on more than it needs, never on less."""
    read: set[str] = set()
    watches = [_Watch(f.name, f.name if f.name in DIGESTED else TEXT, read)
               for f in dataclasses.fields(Article)]
    try:
        yield read
    finally:
        for watch in watches:
            watch.restore()


_NONE = object()


class _Watch:
    """One field of `Article`, watched until its first read (a data
    descriptor on the class: it comes before the instance's own value)."""

    def __init__(self, name: str, group: str, read: set[str]) -> None:
        self.name, self.group, self.read = name, group, read
        self.default = Article.__dict__.get(name, _NONE)  # the field's default, if any
        self.watching = True
        setattr(Article, name, self)

    def restore(self) -> None:
        """Give the class its attribute back (the field's default, or none)."""
        if not self.watching:
            return
        self.watching = False
        if self.default is _NONE:
            delattr(Article, self.name)
        else:
            setattr(Article, self.name, self.default)

    def __get__(self, instance: Article | None, owner: type) -> object:
        self.read.add(self.group)
        self.restore()
        # the value at hand, not `getattr` again: that would come back here
        # while another thread is between `restore`'s two steps
        value = self.default if instance is None else instance.__dict__.get(self.name,
                                                                             self.default)
        if value is _NONE:
            raise AttributeError(self.name)
        return value

    def __set__(self, instance: Article, value: object) -> None:
        instance.__dict__[self.name] = value  # (a frozen dataclass's own `__init__` sets so)


ALL = frozenset((*DIGESTED, TEXT))  # what planning may read, when unknown
