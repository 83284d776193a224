"""The recipes of every page of the site (`Recipe`: what a page's fingerprint
is made of), as one build holds them.

Planned in this build, they are all at hand. Stored by an earlier build,
they are read back from the cache a chunk at a time, when a page's recipe
is asked for: a text edit asks for the few pages that show the article
(found through the stored index, `recipe_index`), and reading all of them
and making a `Recipe` of each took 0.4 s at 100,000 articles (280,000
pages). The paths of all pages and the templates they use are at hand
either way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import NamedTuple

CHUNK = 1024  # recipes stored together: about ten chunks for a text edit at 100,000 articles
# A recipe as stored in a chunk: its path is kept once, in the list of all paths.
# template, shape, slugs of the articles shown, slugs of the bodies shown
StoredItem = tuple[str, str, tuple[str, ...], tuple[str, ...]]


class Recipe(NamedTuple):
    """What a page's fingerprint is made of; kept between builds."""

    path: str
    template: str
    shape: str  # digest of the context, articles reduced to their slugs
    members: tuple[str, ...]  # slugs of the articles the page shows, in order
    bodies: tuple[str, ...]  # slugs of the articles whose full text it shows


class Recipes:
    """The recipes of every page, in planned order (a position is a page's
    number in it, as in the stored index)."""

    def __init__(self, paths: Sequence[str], templates: Collection[str],
                 read_chunk: Callable[[int], list[StoredItem]],
                 chunk_size: int | None = None) -> None:
        """`read_chunk(n)`: the stored items of positions `n * chunk_size`
        to `(n + 1) * chunk_size` (those of paths `paths`); `chunk_size`:
        `CHUNK` unless they were stored in chunks of another size."""
        self.paths = paths
        self.templates = frozenset(templates)
        self.chunk_size = chunk_size or CHUNK
        self._read_chunk = read_chunk
        self._chunks: dict[int, list[Recipe]] = {}
        self._all: list[Recipe] | None = None
        self._positions: dict[str, int] | None = None

    @classmethod
    def planned(cls, items: list[Recipe], chunk_size: int | None = None) -> Recipes:
        """The recipes planned in this build, all at hand (to be stored in
        chunks of `chunk_size`)."""
        made = cls([item.path for item in items], {item.template for item in items},
                   lambda number: [], chunk_size)
        made._all = items
        return made

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, position: int) -> Recipe:
        if self._all is not None:
            return self._all[position]
        number, offset = divmod(position, self.chunk_size)
        return self._chunk(number)[offset]

    def __iter__(self) -> Iterator[Recipe]:
        if self._all is None:
            self._all = [item for number in range(self.chunks) for item in self._chunk(number)]
        return iter(self._all)

    @property
    def chunks(self) -> int:
        return -(-len(self.paths) // self.chunk_size)

    def stored(self) -> Iterator[list[StoredItem]]:
        """The recipes as `read_chunk` gives them back, a chunk at a time."""
        items = list(self)
        for start in range(0, len(items), self.chunk_size):
            yield [item[1:] for item in items[start:start + self.chunk_size]]

    def shapes(self) -> Iterator[tuple[str, str, str]]:
        """The path, template and shape of every recipe, in order: stored
        ones read a chunk at a time and not kept. (The shape stands for the
        rest of the recipe: it is a digest of the articles shown too.)"""
        if self._all is not None:
            yield from ((item.path, item.template, item.shape) for item in self._all)
            return
        for number in range(self.chunks):
            start = number * self.chunk_size
            for path, item in zip(self.paths[start:start + self.chunk_size],
                                  self._read_chunk(number), strict=True):
                yield path, item[0], item[1]

    def at(self, paths: Collection[str]) -> list[Recipe]:
        """The recipes of those of `paths` that are pages, in planned order."""
        if self._positions is None:
            self._positions = dict(zip(self.paths, range(len(self.paths)), strict=True))
        positions = self._positions
        return [self[p] for p in sorted(positions[path] for path in paths if path in positions)]

    def _chunk(self, number: int) -> list[Recipe]:
        found = self._chunks.get(number)
        if found is None:
            start = number * self.chunk_size
            paths = self.paths[start:start + self.chunk_size]
            found = self._chunks[number] = [
                Recipe(path, *item) for path, item in
                zip(paths, self._read_chunk(number), strict=True)]
        return found


def recipe_index(recipes: Recipes) -> dict[str, list[int]]:
    """Article slug → positions (in `recipes`) of the recipes that show it
    (in a list or its text): the pages an edit of that article can change."""
    index: dict[str, list[int]] = {}
    for position, item in enumerate(recipes):
        for slug in {*item.members, *item.bodies}:
            found = index.get(slug)
            if found is None:
                index[slug] = [position]
            else:
                found.append(position)
    return index
