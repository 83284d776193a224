"""The cache's record of the output folders: which fingerprint each file holds.

The live site (role `front`) and its staging twin (role `back`) are each
known only while the folder's identity on disk is the one recorded; how
their manifests are stored (a base and deltas) is `manifests.py`'s.
"""

from __future__ import annotations

import contextlib
import dataclasses
import pickle
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import manifests
from .frozen import unpickle
from .manifests import Delta, Stored

if TYPE_CHECKING:
    from .fingerprint import Basis


@dataclass(frozen=True)
class Tree:
    """What an output folder holds: its identity on disk and path → fingerprint
    (and, for the live site, what its page fingerprints were made from)."""

    identity: str
    manifest: dict[str, str]
    basis: Basis | None = None


@dataclass(frozen=True)
class Folders:
    """What the cache knows of the live folder and of its staging twin, each
    only while the folder's identity on disk is the one recorded."""

    front: Tree | None
    stored: Stored | None  # how `front` is stored (a swap writes the next deltas from it)
    back: Delta | None  # how the staging folder differs from the live one


UNKNOWN = Folders(None, None, None)


class TreeRecords:
    """The rows of the `trees` and `tree_bases` tables of the build cache."""

    def __init__(self, db: sqlite3.Connection,
                 writing: Callable[[str], contextlib.AbstractContextManager[None]]) -> None:
        """`writing(what)`: one transaction of the cache (with its crash points)."""
        self.db, self._writing = db, writing

    def folders(self, front: str, back: str, identities: tuple[str, str]) -> Folders:
        """What is known of the folders in roles `front` (the live site) and
        `back` (its staging twin) whose identities on disk are `identities`."""
        row = self.db.execute("SELECT identity, base, delta, basis FROM trees WHERE role = ?",
                              (front,)).fetchone()
        if row is None or row[0] != identities[0]:
            return UNKNOWN
        base = self.db.execute("SELECT state FROM tree_bases WHERE id = ?", (row[1],)).fetchone()
        try:
            state, deltas = unpickle(base[0]), unpickle(row[2])
            meta = unpickle(row[3]) if row[3] else None
        except Exception:  # no base, or a damaged one: no manifest
            return UNKNOWN
        stored = Stored(row[1], deltas, sum(map(len, state)))
        manifest, views, texts = map(manifests.apply, state, deltas)
        basis = dataclasses.replace(meta, views=views, texts=texts) if meta else None
        kept = self.db.execute("SELECT identity, delta FROM trees WHERE role = ?",
                               (back,)).fetchone()
        staged = unpickle(kept[1]) if kept and kept[0] == identities[1] else None
        return Folders(Tree(row[0], manifest, basis), stored, staged)

    def forget(self, role: str) -> None:
        with self._writing("trees"):
            self.db.execute("DELETE FROM trees WHERE role = ?", (role,))

    def swap(self, front: str, back: str, live: Tree, previous: str | None,
             old: Folders, changed: Iterable[str] | None = None,
             articles: Iterable[str] | None = None) -> None:
        """After a swap: `live` takes role `front`, and the tree that was there
        (`old.front`) moves to role `back` with the identity `previous` (or
        goes, when None). `changed`: the paths at which the two manifests
        may differ (None: anywhere); `articles`: likewise, the articles whose
        digests may differ. Only what changed is written, unless
        the deltas have grown enough to write a new base."""
        views, texts = (live.basis.views, live.basis.texts) if live.basis else ({}, {})
        meta = dataclasses.replace(live.basis, views={}, texts={}) if live.basis else None
        was, stored = old.front, old.stored
        before = None if was is None else (was.manifest, *((was.basis.views, was.basis.texts)
                                                           if was.basis else ({}, {})))
        deltas, back_delta = manifests.after_swap(before, stored,
                                                  (live.manifest, views, texts), changed,
                                                  articles)
        with self._writing("trees"):
            self.db.execute("DELETE FROM trees WHERE role = ?", (back,))
            if deltas is None or stored is None:
                self.db.execute("DELETE FROM tree_bases")
                base = self.db.execute("INSERT INTO tree_bases (state) VALUES (?)", (
                    pickle.dumps((live.manifest, views, texts), protocol=5),)).lastrowid
                deltas = ({}, {}, {})
            else:
                base = stored.base
            self.db.execute("INSERT OR REPLACE INTO trees VALUES (?, ?, ?, ?, ?)", (
                front, live.identity, base, pickle.dumps(deltas, protocol=5),
                pickle.dumps(meta, protocol=5) if meta else None))
            if previous is not None and back_delta is not None:
                self.db.execute("INSERT INTO trees VALUES (?, ?, NULL, ?, NULL)",
                                (back, previous, pickle.dumps(back_delta, protocol=5)))

    def stage(self, role: str, identity: str, delta: Delta) -> None:
        """Record the folder `identity` in role `role` (the staging twin) as
        holding the live site's manifest changed by `delta`."""
        with self._writing("trees"):
            self.db.execute("INSERT OR REPLACE INTO trees VALUES (?, ?, NULL, ?, NULL)",
                            (role, identity, pickle.dumps(delta, protocol=5)))
