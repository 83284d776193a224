"""One build at a time: the project's lock, taken by every command that writes.

`build`, `ingest`, `serve`'s rebuilds and `deploy` change the same
folders (`content/`, the cache, the output folder and its staging twin);
two of them at once emptied `site/` and left stray folders. Each holds
the lock of the project (`.sitegen.lock` beside `config.yaml`) and of the
folder that holds its output folder while it runs.

The locks are the kernel's (`flock`): they vanish when the process ends,
however it ends (a SIGKILL included), so a lock file left behind is
harmless and never needs removing by hand. The holder writes who it is
into the file, so a second command can say what it waits for, or, when
told not to wait, fail at once naming it. A command takes the locks once,
for its whole run (`deploy`: the build, the check and the publishing), and
the worker processes it forks share them and die with it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from .config import Config
from .console import Console
from .errors import SiteError

PROJECT_LOCK = ".sitegen.lock"


def lock_files(root: Path, output_dir: Path) -> list[Path]:
    """The locks of a command on the project in `root` writing `output_dir`:
    the project's lock file, and the folder that holds the output folder
    (and its staging twin) itself, so nothing is left beside the site."""
    return [root / PROJECT_LOCK, output_dir.parent]


def one_at_a_time(config: Config, command: str, console: Console,
                  wait: bool = True) -> contextlib.AbstractContextManager[None]:
    """The locks of `command` on `config`'s project and output folder."""
    return exclusive(lock_files(config.root, config.output_dir), command, wait=wait,
                     waiting=console.info)


@contextlib.contextmanager
def exclusive(paths: list[Path], command: str, *, wait: bool = True,
              waiting: Callable[[str], None] = lambda _: None) -> Iterator[None]:
    """Hold every lock in `paths` (in this order) for the block: a path
    ending in `.lock` is a lock file (made when missing), any other a folder
    (locked when it exists).

    When another process holds one: with `wait`, call `waiting` with a
    message naming it and wait for it to end; else raise a `SiteError`.
    """
    with contextlib.ExitStack() as stack:
        for path in paths:
            stack.enter_context(_holding(path, command, wait, waiting))
        yield


@contextlib.contextmanager
def _holding(path: Path, command: str, wait: bool,
             waiting: Callable[[str], None]) -> Iterator[None]:
    handle = _open(path)
    if handle is None:  # nothing there yet, or nothing any sitegen command can write
        yield
        return
    try:
        _acquire(handle, path, wait, waiting)
        _sign(handle, command)
        yield
    finally:
        os.close(handle)  # closing the file releases the lock


def _open(path: Path) -> int | None:
    """The folder, or the lock file (made when missing; read-only when it
    cannot be written: a lock needs no more). None when there is nothing to
    lock: a folder yet to be made (the command makes it, or fails saying why)."""
    if path.suffix != ".lock":
        return os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC) \
            if path.is_dir() else None
    if not path.parent.is_dir():
        return None
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
    try:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None


def _acquire(handle: int, path: Path, wait: bool, waiting: Callable[[str], None]) -> None:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        holder = _holder(handle)
    if not wait:
        raise SiteError(f"{holder} is still running on this project; try again when it "
                        "has finished (or leave out --no-wait to wait for it)", path)
    waiting(f"waiting for {holder} to finish …")
    fcntl.flock(handle, fcntl.LOCK_EX)


def _sign(handle: int, command: str) -> None:
    """Write who holds the lock into its file, for those who wait."""
    started = dt.datetime.now().astimezone().isoformat(sep=" ", timespec="seconds")
    record = json.dumps({"command": command, "pid": os.getpid(), "started": started})
    with contextlib.suppress(OSError):  # a folder or read-only: those who wait learn less
        os.ftruncate(handle, 0)
        os.pwrite(handle, record.encode() + b"\n", 0)


def _holder(handle: int) -> str:
    """'the build started at … (pid N)', from the lock file's record."""
    try:
        record = json.loads(os.pread(handle, 4096, 0))
        return f"the {record['command']} started at {record['started']} (pid {record['pid']})"
    except (ValueError, KeyError, TypeError, OSError):
        return "another sitegen command"  # it has not signed the file yet
