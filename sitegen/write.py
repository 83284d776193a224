"""Stage 5, write: the rendered files → the output folder, all or nothing.

The new site is written into a staging folder beside the output folder and
then exchanged with it in one atomic step (Linux `renameat2` with
`RENAME_EXCHANGE`), so the output folder always holds either the previous
complete site or the new complete one, also when the build is killed. A
file whose bytes did not change is hard-linked from the previous site
instead of rewritten, so its modification time stays (rsync and browser
caches rely on that). Two outputs for one path are an error.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError

_SITE_MARKERS = ("index.html", "sitemap.xml")


@dataclass(frozen=True)
class WriteReport:
    written: int  # new or changed files
    unchanged: int
    removed: int

    @property
    def total(self) -> int:
        return self.written + self.unchanged


def write_site(out_dir: Path, outputs: Iterable[tuple[str, bytes]],
               before_swap: Callable[[Path], None] | None = None) -> WriteReport:
    """Write `outputs` (site-relative path, bytes) as the new `out_dir`.

    `before_swap(staging)` may add to the complete new site (a search
    index) before it goes live; if it raises, the previous site stays.
    """
    refuse_foreign_folder(out_dir)
    staging = out_dir.with_name(f".{out_dir.name}.staging")
    remove_tree(staging)  # the leftovers of a build that was killed
    staging.mkdir(parents=True)
    written = unchanged = 0
    seen: set[str] = set()
    try:
        for relative, data in outputs:
            _check_path(relative, seen)
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if _link_if_same(out_dir / relative, target, data):
                unchanged += 1
            else:
                target.write_bytes(data)
                written += 1
        if before_swap is not None:
            before_swap(staging)
    except BaseException:
        remove_tree(staging)
        raise
    removed = _count_removed(out_dir, seen)
    swap_folders(staging, out_dir)
    remove_tree(staging)  # now the previous site
    return WriteReport(written, unchanged, removed)


def refuse_foreign_folder(out_dir: Path) -> None:
    """Refuse to replace a non-empty folder that is not a site we built.

    Replacing the output folder deletes what was in it, so `--out ~` must
    not throw away a home folder.
    """
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise SiteError("output path exists and is not a folder", out_dir)
    if any(out_dir.iterdir()) and not all((out_dir / m).is_file() for m in _SITE_MARKERS):
        raise SiteError("output folder is not empty and does not look like a built site "
                        "(no index.html and sitemap.xml); refusing to replace it", out_dir)


def swap_folders(new: Path, current: Path) -> None:
    """Put `new` in place of `current`; afterwards `new` holds the old folder."""
    if not current.exists():
        new.rename(current)
        new.mkdir()
        return
    if _exchange(new, current):
        return
    old = current.with_name(f".{current.name}.old")
    remove_tree(old)
    current.rename(old)
    new.rename(current)
    old.rename(new)


def remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux); False where that is not supported."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check_path(relative: str, seen: set[str]) -> None:
    parts = relative.split("/")
    if relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise SiteError(f"refusing to write outside the site: {relative!r}")
    if relative in seen:
        raise SiteError(f"two pages would be written to the same path {relative!r}")
    seen.add(relative)


def _link_if_same(previous: Path, target: Path, data: bytes) -> bool:
    """Hard-link `previous` to `target` when it already holds `data`."""
    try:
        if previous.stat().st_size != len(data) or previous.read_bytes() != data:
            return False
        os.link(previous, target)
        return True
    except OSError:
        return False


def _count_removed(out_dir: Path, kept: set[str]) -> int:
    if not out_dir.is_dir():
        return 0
    return sum(1 for p in out_dir.rglob("*")
               if p.is_file() and p.relative_to(out_dir).as_posix() not in kept)
