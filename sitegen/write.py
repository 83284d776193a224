"""Stage 5, write: the rendered files → the output folder, all or nothing.

The next site is prepared in a staging folder beside the output folder
(`site/` → `.site.staging/`) and then exchanged with it in one atomic step
(Linux `renameat2` with `RENAME_EXCHANGE`), so the output folder always
holds either the previous complete site or the new complete one, also
when the build is killed at any moment.

The two folders are kept as a pair (double buffering): after a swap the
staging folder holds the previous site, and the engine's cache knows which
page fingerprint each file of each folder holds (`Staging` is given them). The next build then only
touches the files that differ: pages unchanged since the previous build
are hard-linked from the live site, and a file is written only when its
bytes changed, so unchanged files keep their modification time (rsync and
browser caches rely on that). Files are never modified in place: a new
version is a new file, so the two folders can share the unchanged ones.

A cold build (no live site known) has no previous site to keep: it links
each file it places into a spare folder as well (`.site.spare/`, one
system call a file, in the process that wrote it), and after the swap the
spare takes the staging folder's place. The first edit then starts from a
staging folder that holds the whole site, like any later one, instead of
linking tens of thousands of files into new folders first (which cost
more than the rest of a one-article rebuild).

Every site carries its marker file (`marker.py`), and a non-empty output
folder without one is not replaced: sitegen did not write it. The folders
themselves (naming, swapping, removing) are `folders.py`'s.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .digest import digest
from .errors import SiteError
from .folders import (
    links_work,
    make_folders,
    remove_tree,
    spare_folder,
    staging_folder,
    swap_folders,
    trash_folder,
)
from .marker import MARKER, refuse_foreign_folder

T = TypeVar("T")
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class WriteReport:
    written: int  # files whose bytes are new
    unchanged: int
    removed: int

    @property
    def total(self) -> int:
        return self.written + self.unchanged


class Staging:
    """The next site, prepared beside the live one in `out_dir`.

    `front` is what the live site holds (path → fingerprint; empty when
    unknown), `base` what the staging folder holds (None when unknown: it is
    then made anew). Whoever keeps these manifests between builds (the
    engine) must forget `base` before the staging folder is touched.
    """

    def __init__(self, out_dir: Path, front: dict[str, str], base: dict[str, str] | None,
                 marker: bytes, force: bool = False, spare: bool = False,
                 trash: list[str] | None = None) -> None:
        """`marker`: the bytes of the site's marker file (see `marker.py`);
        `force`: replace the output folder even when sitegen did not write it;
        `spare`: on a cold build, keep a spare copy of the new site for the
        next build to start from (see `take_spare`); `trash`: where to put
        the folders on their way out (an old staging folder, the previous
        site), renamed aside at once for the caller to delete while the
        build goes on (None: they are deleted at once; deleting a
        10,000-article site took over a second)."""
        if not front:  # else the engine knows the folder as the one it wrote
            refuse_foreign_folder(out_dir, force=force)
        self.out_dir = out_dir
        self.dir = staging_folder(out_dir)
        self.front, self.base = front, base
        self.differs: set[str] | None = None  # paths where `base` may differ from `front`, if known
        self.marker = marker
        self.own = {MARKER: digest(marker)}
        self.out_str, self.dir_str = str(out_dir), str(self.dir)
        self.live_exists = out_dir.is_dir()
        self.want_spare = spare
        self.spare: str | None = None  # the spare folder, while it is being made
        self.trash = trash

    @property
    def cold(self) -> bool:
        """No live site is known: every file will be written."""
        return not self.front

    def start_anew(self) -> None:
        """An empty staging folder; on a cold build, an empty spare folder
        too, when wanted and the file system has hard links (one left by
        a killed build goes either way)."""
        self._discard(self.dir)
        self.dir.mkdir(parents=True)
        self.base, self.differs = {}, None
        spare = spare_folder(self.out_dir)
        self._discard(spare)
        if self.cold and self.want_spare:
            spare.mkdir()
            if links_work(self.dir, spare):
                self.spare = str(spare)
            else:
                spare.rmdir()

    def folders(self, relative: list[str]) -> list[str]:
        """The paths of these folders in the staging folder (and the spare)."""
        roots = [self.dir_str] if self.spare is None else [self.dir_str, self.spare]
        return [os.path.join(root, folder) for root in roots for folder in relative]

    def link_live(self, paths: list[str]) -> None:
        """Link these files of the live site into the (empty) staging folder:
        the folders first, parents before children, then the files (two
        system calls where each file alone would take four)."""
        for folder in sorted({os.path.dirname(path) for path in paths} - {""}):
            make_folders([os.path.join(self.dir_str, folder)])
        for path in paths:
            os.link(os.path.join(self.out_str, path), os.path.join(self.dir_str, path))

    def manifest(self, new: dict[str, str]) -> dict[str, str]:
        """Every file of a site whose outputs are `new`: they and the marker."""
        return {**new, **self.own}

    def unchanged(self, new: dict[str, str], changed: Iterable[str] | None = None) -> bool:
        """True when the live site already is exactly `new` (`changed`: the
        paths whose fingerprint may differ from the live site's; None: any)."""
        if changed is None:
            return bool(self.front) and self.front == self.manifest(new)
        front = self.front
        return bool(front) and front.get(MARKER) == self.own[MARKER] and \
            all(new.get(path) == front.get(path) for path in changed)

    def sync(self, new: dict[str, str], changed: Iterable[str] | None = None) -> list[str]:
        """Bring the staging folder as close to `new` as possible without
        rendering; return the paths that still need their bytes (`put`).
        `changed`: the paths whose fingerprint may differ from the live
        site's (None: any); then only those, and the files in which the
        staging folder differs from the live site, are looked at."""
        if self.base is None:
            self.start_anew()
        new = self.manifest(new)
        if changed is None:
            paths: Iterable[str] = new
            gone: Iterable[str] = self.base.keys() - new.keys()
        else:
            looked = {*changed, *self._differing(), MARKER}
            paths = sorted(path for path in looked if path in new)
            gone = sorted(path for path in looked if path in self.base and path not in new)
        todo = []
        for path in paths:
            fingerprint = new[path]
            if self.base.get(path) == fingerprint:
                continue  # already there (its path was checked when it was written)
            _check_path(path)
            if self.front.get(path) == fingerprint and \
                    self._link(os.path.join(self.out_str, path), path):
                continue
            todo.append(path)
        for path in gone:
            _remove_file(self.dir, path)
        if MARKER in todo:
            todo.remove(MARKER)
            self.put(MARKER, self.marker)
        return todo

    def _differing(self) -> list[str]:
        """The paths at which the staging folder and the live site differ."""
        if self.differs is not None:
            return list(self.differs)
        base, front = self.base or {}, self.front
        return [*(path for path, fingerprint in base.items() if front.get(path) != fingerprint),
                *(front.keys() - base.keys())]

    def put(self, path: str, data: bytes) -> bool:
        """Place `data` at `path` in the staging folder; True when written,
        False when the live site's identical file could be linked instead.

        Plain `os` calls on strings: a cold build places every file, and
        pathlib's overhead was a good part of the time."""
        live = os.path.join(self.out_str, path)
        target = os.path.join(self.dir_str, path)
        written = not (self.live_exists and _same_bytes(live, data) and self._link(live, path))
        if written:
            _write_new(target, data)
        if self.spare is not None:
            _new_name(lambda name: os.link(target, name), os.path.join(self.spare, path))
        return written

    def keep_live(self, path: str) -> bool:
        """Link the live site's file at `path` in; False when it cannot be."""
        _check_path(path)
        return self._link(os.path.join(self.out_str, path), path)

    def publish(self, new: dict[str, str], keep_previous: bool,
                changed: Iterable[str] | None = None) -> int:
        """Swap the staging folder in; return how many old files went away
        (`changed`: the paths whose fingerprint may differ from the live
        site's; None: any). Afterwards the staging folder holds the previous
        site when `keep_previous` (for the next build to start from), else
        nothing."""
        removed = self._removed(self.manifest(new), changed)
        swap_folders(self.dir, self.out_dir)
        if not keep_previous:
            self._discard(self.dir)
        return removed

    def take_spare(self) -> bool:
        """After `publish(…, keep_previous=False)`: the spare copy of the
        site, when this build made one, becomes the staging folder. True
        when it did."""
        if self.spare is None:
            return False
        os.rename(self.spare, self.dir_str)
        self.spare = None
        return True

    def _discard(self, folder: Path) -> None:
        """Delete `folder`, or move it into the trash (see `__init__`)."""
        if self.trash is None:
            remove_tree(folder)
        elif folder.exists() or folder.is_symlink():
            number = 1
            while (target := trash_folder(self.out_dir, number)).exists() or target.is_symlink():
                number += 1
            folder.rename(target)
            self.trash.append(str(target))

    def _removed(self, new: dict[str, str], changed: Iterable[str] | None) -> int:
        if self.front and changed is not None:
            return sum(1 for path in changed if path in self.front and path not in new)
        if self.front:
            return len(self.front.keys() - new.keys())
        if not self.out_dir.is_dir():
            return 0
        # the cache does not know the live site (a lost cache, a new version
        # of the program): walk it, on strings (a Path per file was most of the walk)
        start = len(os.path.join(self.out_str, ""))
        return sum(1 for folder, _, files in os.walk(self.out_str) for name in files
                   if os.path.join(folder, name)[start:].replace(os.sep, "/") not in new)

    def _link(self, source: str, path: str) -> bool:
        try:
            _new_name(lambda name: os.link(source, name), os.path.join(self.dir_str, path))
            return True
        except OSError:
            return False


def _write_new(target: str, data: bytes) -> None:
    """`data` as a new file at `target` (replacing a previous version)."""
    handle = _new_name(lambda name: os.open(name, _NEW_FILE, 0o644), target)
    try:
        written = 0
        while written < len(data):
            written += os.write(handle, data[written:])
    except OSError as exc:  # a full disk: say which file
        raise OSError(exc.errno, exc.strerror, target) from None
    finally:
        os.close(handle)


def _new_name(create: Callable[[str], T], target: str) -> T:
    """`create(target)`, which makes a new file at `target`, first making its
    folder or removing a previous version (which may be shared with the live
    site) when it fails for want of either. (Trying first saves a system
    call or two per file: a cold build places every file into new folders.)"""
    try:
        return create(target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
    except FileExistsError:
        os.unlink(target)
    return create(target)


def _check_path(relative: str) -> None:
    parts = relative.split("/")
    if relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise SiteError(f"refusing to write outside the site: {relative!r}")


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _remove_file(root: Path, relative: str) -> None:
    """Remove a file and the folders it leaves empty."""
    path = root / relative
    try:
        path.unlink()
    except FileNotFoundError:
        return
    folder = path.parent
    while folder != root:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent

