"""The output folder and its staging twin, with the manifests the cache keeps of them.

Each folder's manifest (path → fingerprint of every file) is trusted only
while the folder's identity on disk is the one recorded with it; the
staging folder's is forgotten before the folder is touched, and both are
written after the swap (see the package docstring on crash consistency).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..folders import identity, left_in_trash, make_folders, remove_trees, staging_folder
from ..marker import MARKER
from ..write import Staging
from .cache import BuildCache
from .crashpoint import crash_point
from .manifests import apply
from .parallel import start_aside
from .trees import Tree

if TYPE_CHECKING:
    from .fingerprint import Basis


class Outputs:
    def __init__(self, out_dir: Path, cache: BuildCache, marker: bytes, force: bool,
                 parallel: bool = False) -> None:
        """`marker`, `force`: see `write.Staging`; `parallel`: work may be
        done in child processes (this process has no other threads)."""
        self.cache, self.parallel = cache, parallel
        self.roles = {"front": f"{out_dir}|front", "back": f"{out_dir}|back"}
        self.known = cache.trees.folders(self.roles["front"], self.roles["back"],
                                         (identity(out_dir), identity(staging_folder(out_dir))))
        front = self.known.front
        live = front.manifest if front else {}
        self.basis = front.basis if live and front else None  # of the live site's fingerprints
        staged = self.known.back
        trusted = staged is not None and bool(live)
        # folders on their way out, deleted aside: those a killed build left, and
        # the ones this build moves out of the way (an old staging folder, the old site)
        self._trash = left_in_trash(out_dir)
        self.staging = Staging(out_dir, live, apply(dict(live), staged) if trusted else None,
                               marker, force, spare=cache.persistent, trash=self._trash)
        if trusted:
            self.staging.differs = set(staged or ())
        # work started aside: the functions that wait for it, and what the
        # staging folder holds when it succeeded (None: what `Staging` knows)
        self._aside: list[Callable[[], bool]] = []
        self._holds: dict[str, str] | None = None
        self._making: list[Callable[[], bool]] = []  # waits for the folders made aside
        self._folders: set[str] = set()  # the folders made or being made aside
        self._deleting: list[Callable[[], bool]] = []  # waits for the trash being deleted

    def make_folders_early(self, folders: Iterable[str]) -> None:
        """On a cold build, make `folders` in the staging folder (and its
        spare) in a child process, while this one goes on (plans the pages,
        or fingerprints them) and a core would idle; the first call starts
        the staging folder anew. (Ten thousand new folders took a good part
        of the rendering time.) The render does not wait for them: `put`
        makes a folder not made yet itself, and only the swap waits."""
        staging = self.staging
        if not staging.cold:
            return
        if staging.base is None:
            self._in_flux()
            staging.start_anew()
            self._take_out_trash()
        wanted = sorted(set(folders) - self._folders - {""})
        self._folders.update(wanted)
        wait = start_aside(make_folders, staging.folders(wanted)) if wanted else None
        if wait is not None:
            self._making.append(wait)

    def link_live_early(self) -> None:
        """When the live site is known but the staging folder is not (after
        a failed build, or a build without a lasting cache), start the
        staging folder anew now and link the live site's files into it in
        a child process, while this one loads and plans. (Linking ten
        thousand files into new folders cost as much as the rest of a
        one-article rebuild.)"""
        staging = self.staging
        if staging.cold or staging.base is not None:
            return
        self._in_flux()
        staging.start_anew()
        self._take_out_trash()
        wait = start_aside(staging.link_live, sorted(staging.front))
        if wait is not None:
            self._aside.append(wait)
            self._holds = dict(staging.front)

    def sync(self, new: dict[str, str], changed: Iterable[str] | None = None) -> list[str]:
        """The staging folder made as close to `new` as it can be without
        rendering; the paths that still need their bytes. `changed`: the
        paths whose fingerprint may differ from the live site's (None: any).
        (Folders that could not be made aside, `put` makes as it goes; when
        the live site could not be linked, the staging folder is made anew.)"""
        done = all([wait() for wait in self._aside])
        if self._holds is not None:
            self.staging.base = self._holds if done else None
            self.staging.differs = set() if done else None
        self._aside, self._holds = [], None
        self._in_flux()
        todo = self.staging.sync(new, changed)
        self._take_out_trash()
        return todo

    def settle(self) -> None:
        """Wait for the work started aside, if it is still running."""
        for wait in [*self._aside, *self._making, *self._deleting]:
            wait()
        self._aside, self._holds, self._making, self._deleting = [], None, [], []

    def _take_out_trash(self) -> None:
        """Delete the folders in the trash: in a child process while this one
        goes on, when it may fork. (A killed build leaves them to the next.)"""
        if not self._trash:
            return
        folders = list(self._trash)
        self._trash.clear()
        wait = start_aside(remove_trees, folders) if self.parallel else None
        if wait is None:
            remove_trees(folders)
        else:
            self._deleting.append(wait)

    def publish(self, new: dict[str, str], basis: Basis | None = None,
                changed: Iterable[str] | None = None,
                articles: Iterable[str] | None = None) -> int:
        """Swap the staging folder in and record both folders (`basis`: of
        the new site's page fingerprints; `changed`: the paths whose
        fingerprint may differ from the live site's, None: any; `articles`:
        likewise, the articles whose digests may differ); how many
        files went away. With a lasting cache, the previous site stays as
        the next build's staging folder, or after a cold build, the spare
        copy of the new one."""
        staging = self.staging
        for wait in self._making:  # no folder may be made in the staging folder once it is live
            wait()
        self._making = []
        old = staging.front if self.cache.persistent and staging.front else None
        crash_point("publish:before-swap")
        removed = staging.publish(new, keep_previous=old is not None, changed=changed)
        crash_point("publish:swapped")
        spare = staging.take_spare()  # a cold build's copy of the new site: the next staging folder
        crash_point("publish:spare-taken")
        self._take_out_trash()
        self.cache.trees.swap(self.roles["front"], self.roles["back"],
                              Tree(identity(staging.out_dir), staging.manifest(new), basis),
                              identity(staging.dir) if old is not None else None, self.known,
                              {*changed, MARKER} if changed is not None else None, articles)
        if spare:  # recorded after the live site's manifest, as the same one
            self.cache.trees.stage(self.roles["back"], identity(staging.dir), {})
        return removed

    def _in_flux(self) -> None:
        self.cache.trees.forget(self.roles["back"])
