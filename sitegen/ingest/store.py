"""Writing content files without ever losing what a person wrote.

A content file whose text no longer matches the `output_hash` it was
written with has been edited by hand: ingest keeps it. `--force` writes the
new version only after copying the edited one into `content/.backup/`.
Every write goes through a temporary file and a rename, so a file is never
half-written.
"""

from __future__ import annotations

import enum
import os
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ..errors import SiteError
from ..yamlfile import parse_mapping
from .emit import recorded_hash, text_hash

BACKUP_FOLDER = ".backup"
PROFILES_FOLDER = "authors"
FileStamps = dict[str, tuple[int, int]]  # file name → (size, modification time in ns)
_SEED_LINE = re.compile(r"^seed:.*$", re.MULTILINE)


class Action(enum.Enum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT = "kept"  # edited by hand, left alone
    REPLACED = "replaced"  # edited by hand, saved aside and re-created (--force)


@dataclass(frozen=True)
class Existing:
    """Content files already in `content/` that came from a seed."""

    by_seed: dict[str, Path]  # seed file name → content file
    slugs: set[str]  # every article file stem, taken or not by a seed


@dataclass(frozen=True)
class Written:
    """What ingest last wrote to (or found in) a content file, to skip it next time."""

    size: int
    mtime_ns: int
    intended: str  # hash of the front matter and body ingest meant to write
    kept: bool  # edited by hand, left as it was


def list_files(folder: Path, suffix: str) -> FileStamps:
    """Size and modification time of the files in `folder` ending in `suffix`."""
    found: FileStamps = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(suffix) and entry.is_file():
                    stat = entry.stat()
                    found[entry.name] = (stat.st_size, stat.st_mtime_ns)
    except (FileNotFoundError, NotADirectoryError):
        pass
    return found


def list_content(content_dir: Path) -> FileStamps:
    """Every article and author profile file: `x.md` and `authors/x.md`."""
    found = list_files(content_dir, ".md")
    for name, stat in list_files(content_dir / PROFILES_FOLDER, ".md").items():
        found[f"{PROFILES_FOLDER}/{name}"] = stat
    return found


def index_content(content_dir: Path, listing: FileStamps,
                  known: dict[str, tuple[int, int, str | None]]) -> tuple[Existing, dict]:
    """The seed of every article file; `known` (name → size, time, seed) spares
    reading files that did not change. Returns the index and the updated `known`."""
    by_seed: dict[str, Path] = {}
    slugs: set[str] = set()
    seen: dict[str, tuple[int, int, str | None]] = {}
    for name in sorted(n for n in listing if "/" not in n):
        size, mtime = listing[name]
        cached = known.get(name)
        seed = cached[2] if cached and cached[:2] == (size, mtime) else _seed_of(content_dir / name)
        seen[name] = (size, mtime, seed)
        slugs.add(name[:-3])
        if seed:
            by_seed.setdefault(seed, content_dir / name)
    return Existing(by_seed, slugs), seen


def seed_label(name: str) -> str:
    """The `seed:` value naming the seed file `name`: the name itself, or,
    when its bytes are not UTF-8 (they cannot be written in a UTF-8 file),
    `/` and the bytes %-escaped: a file name never holds a `/`."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return "/" + urllib.parse.quote_from_bytes(os.fsencode(name), safe="")


def seed_name(label: str) -> str:
    """The seed file name a `seed:` value names (see `seed_label`)."""
    if label.startswith("/"):
        return os.fsdecode(urllib.parse.unquote_to_bytes(label[1:]))
    return label


def _seed_of(path: Path) -> str | None:
    """The seed file name in the `seed:` of a content file, read as YAML
    (quotes, backslashes and escapes in it are the emitter's, not the name's)."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    end = head.find("\n---", 4)
    match = _SEED_LINE.search(head[: end if end > 0 else len(head)])
    if not match:
        return None
    try:
        value = parse_mapping(match.group(0), path).get("seed")
    except SiteError:
        return None  # load reports the broken front matter
    return seed_name(value) if isinstance(value, str) and value else None


def plan_write(path: Path, text: str, force: bool) -> Action:
    """What writing `text` to `path` would do (see `Action`)."""
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Action.NEW
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteError(f"cannot read existing content file: {exc}", path) from None
    if current == text:
        return Action.UNCHANGED
    if recorded_hash(current) != text_hash(current):
        return Action.REPLACED if force else Action.KEPT
    return Action.UPDATED


def apply_write(path: Path, text: str, action: Action) -> None:
    if action in (Action.UNCHANGED, Action.KEPT):
        return
    if action is Action.REPLACED:
        save_aside(path)
    write_atomic(path, text)


def save_aside(path: Path) -> Path:
    """Copy an edited file into `.backup/` next to it, under a free name."""
    folder = path.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    n = 1
    while (folder / f"{path.stem}.{n}.md").exists():
        n += 1
    target = folder / f"{path.stem}.{n}.md"
    write_atomic(target, path.read_text(encoding="utf-8"))
    return target


def write_atomic(path: Path, text: str) -> None:
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)
