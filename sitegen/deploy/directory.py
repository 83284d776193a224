"""Deploy to a folder: a mirror of the built site that changes only what differs.

A file is copied when its size or modification time differs from the
site's (the build keeps the time of files whose bytes did not change, and
the copy takes the site's time), so a second deploy of the same site
copies nothing. Each file is copied under a temporary name and renamed into
place, so a reader never gets half a file. Files the site no longer has are
removed, with the folders they leave empty.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import SiteError
from ..marker import refuse_foreign_folder, site_of
from .outcome import Outcome, counted

Stamp = tuple[int, int]  # size, modification time (ns)


def deploy_directory(site: Path, dest: Path, dry_run: bool = False,
                     force: bool = False) -> Outcome:
    """Make `dest` hold exactly the files of `site` (its marker file
    included). `dest` must be missing, empty or this site's earlier
    mirror, unless `force`."""
    if dest.resolve() == site.resolve() or dest.resolve().is_relative_to(site.resolve()) \
            or site.resolve().is_relative_to(dest.resolve()):
        raise SiteError(f"cannot mirror the site into {dest}: the two folders overlap", dest)
    refuse_foreign_folder(dest, site_of(site), force)
    wanted, present = _files(site), _files(dest)
    copies = sorted(path for path, stamp in wanted.items() if present.get(path) != stamp)
    removals = sorted(present.keys() - wanted.keys())
    if not dry_run:
        for path in removals:
            _remove(dest, path)
        for path in copies:
            _copy(site / path, dest / path)
    verb = ("would copy", "would remove") if dry_run else ("copied", "removed")
    summary = (f"{dest}: {verb[0]} {counted(len(copies), 'file')}, {verb[1]} "
               f"{len(removals)}, {len(wanted) - len(copies)} unchanged")
    return Outcome(summary, (*(f"{verb[0]} {p}" for p in copies),
                             *(f"{verb[1]} {p}" for p in removals)))


def _files(root: Path) -> dict[str, Stamp]:
    """Relative path → stamp of every file below `root`; links count as
    files (they are replaced, never followed)."""
    found: dict[str, Stamp] = {}
    for folder, dirs, names in os.walk(root):
        for name in [*names, *(d for d in dirs if os.path.islink(os.path.join(folder, d)))]:
            path = Path(folder, name)
            st = path.lstat()
            found[path.relative_to(root).as_posix()] = (st.st_size, st.st_mtime_ns)
    return found


def _remove(root: Path, relative: str) -> None:
    """Remove a file and the folders it leaves empty."""
    path = root / relative
    path.unlink()
    for folder in path.parents:
        if folder == root or any(folder.iterdir()):
            return
        folder.rmdir()


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    shutil.copy2(source, partial, follow_symlinks=False)
    os.replace(partial, target)
