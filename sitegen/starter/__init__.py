"""`sitegen init`: the files of a new project, which builds at once.

The starter files live beside this module (`files/`); `gitignore` is
written as `.gitignore` (a dot file would be easy to lose in packaging).
An existing file is never replaced: each file is created exclusively, so
even a file that appears while init runs is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import SiteError

FILES = Path(__file__).parent / "files"
FOLDERS = ("seeds", "content", "layouts")
_RENAMED = {"gitignore": ".gitignore"}


@dataclass(frozen=True)
class Started:
    created: tuple[str, ...]  # paths relative to the project folder
    kept: tuple[str, ...]  # starter files that were there already, left as they were


def start_project(folder: Path, force: bool = False) -> Started:
    """Write the starter project into `folder` (made when missing). A folder
    with anything in it is refused unless `force`; even then nothing in it
    is overwritten."""
    if folder.exists() and not folder.is_dir():
        raise SiteError("not a folder", folder)
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise SiteError("the folder is not empty; `init --force` adds the starter files "
                        "and keeps every file already there", folder)
    try:
        for name in FOLDERS:
            (folder / name).mkdir(parents=True, exist_ok=True)
        created, kept = [], []
        for source in sorted(FILES.rglob("*")):
            if source.is_file():
                relative = source.relative_to(FILES).as_posix()
                relative = _RENAMED.get(relative, relative)
                (created if _create(folder / relative, source.read_bytes()) else kept).append(
                    relative)
    except OSError as exc:
        raise SiteError(f"cannot write the project: {exc.strerror}",
                        exc.filename or folder) from None
    return Started(tuple(created), tuple(kept))


def _create(path: Path, data: bytes) -> bool:
    """Write `path` unless it exists; True when written."""
    try:
        with path.open("xb") as file:
            file.write(data)
    except FileExistsError:
        return False
    return True
