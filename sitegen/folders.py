"""The output folder's siblings on disk: the staging folder where the next
site is prepared, the spare copy a cold build keeps and the trash of
folders on their way out; how they are named, swapped in atomically
(Linux `renameat2` with `RENAME_EXCHANGE`) and removed. (`write.py`
decides what goes into them.)
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import glob
import os
import shutil
from collections.abc import Iterable
from pathlib import Path


def staging_folder(out_dir: Path) -> Path:
    """Where the next site is prepared: `.site.staging/` beside `site/`."""
    return out_dir.with_name(f".{out_dir.name}.staging")


def spare_folder(out_dir: Path) -> Path:
    """Where a cold build keeps a spare copy of the new site: `.site.spare/`."""
    return out_dir.with_name(f".{out_dir.name}.spare")


def trash_folder(out_dir: Path, number: int) -> Path:
    """A folder on its way out: `.site.trash-<number>` beside `site/`."""
    return out_dir.with_name(f".{out_dir.name}.trash-{number}")


def left_in_trash(out_dir: Path) -> list[str]:
    """The trash folders beside `out_dir` (a killed build leaves them)."""
    return sorted(str(p) for p in out_dir.parent.glob(f".{glob.escape(out_dir.name)}.trash-*"))


def remove_trees(paths: Iterable[str]) -> None:
    for path in paths:
        remove_tree(Path(path))


def make_folders(paths: list[str]) -> None:
    """Make these folders (with their parents; one call each when the parent exists)."""
    for path in paths:
        try:
            os.mkdir(path)
        except FileNotFoundError:
            os.makedirs(path, exist_ok=True)
        except FileExistsError:
            pass


def identity(folder: Path) -> str:
    """Which folder this is on disk; changes when it is replaced or renamed."""
    try:
        st = folder.stat()
    except OSError:
        return ""
    return f"{st.st_dev}:{st.st_ino}:{st.st_ctime_ns}"


def swap_folders(new: Path, current: Path) -> None:
    """Put `new` in place of `current`; afterwards `new` holds the old folder
    (or does not exist, when there was none)."""
    if not current.exists():
        new.rename(current)
        return
    if _exchange(new, current):
        return
    old = current.with_name(f".{current.name}.old")
    remove_tree(old)
    current.rename(old)
    new.rename(current)
    old.rename(new)


def discard_staging(out_dir: Path) -> None:
    """After a failed build: remove what it staged beside `out_dir`, so the
    disk is left as it was (a full disk gets its space back). The cache then
    no longer trusts a staging folder, and the next build makes it anew."""
    for folder in (staging_folder(out_dir), spare_folder(out_dir)):
        with contextlib.suppress(OSError):
            remove_tree(folder)


def remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux); False where that is not supported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def links_work(folder: Path, other: Path) -> bool:
    """Whether a file of `folder` can be hard-linked into `other` (not every
    file system has hard links); leaves both as they were."""
    probe = folder / ".link-probe"
    try:
        probe.touch()
        os.link(probe, other / probe.name)
        os.unlink(other / probe.name)
        return True
    except OSError:
        return False
    finally:
        probe.unlink(missing_ok=True)
