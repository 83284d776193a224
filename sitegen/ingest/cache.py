"""What ingest remembers between runs, in the config's `cache_dir`.

Two files, so that the common case reads only the small one:

* `ingest-run.pickle`: the state of seeds and content after the last run
  (every file's size and modification time), its outcome, what was last
  written to each content file, and which seed each content file belongs
  to. When nothing changed since, the run is replayed from it.
* `ingest-seeds.pickle`: the `SeedInfo` of every seed, keyed by file name,
  size and modification time, so unchanged seeds are not read again.

Both are thrown away when the program's code (`environment_key`) or the
ingest rules change;
a damaged or unreadable cache is ignored. The cache only saves time: a
run with it gives the same result as a run without it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import IngestRules
from ..incremental.cache import environment_key
from .read import SeedInfo
from .report import IngestReport
from .store import FileStamps, Written

_RUN = "ingest-run.pickle"
_SEEDS = "ingest-seeds.pickle"


@dataclass
class RunCache:
    """The last run: its state, its outcome and what it knows about content files."""

    state: str = ""
    report: IngestReport | None = None
    problems: list[tuple[bool, Any]] = field(default_factory=list)  # (is error, SiteError)
    written: dict[str, Written] = field(default_factory=dict)  # content path → last write
    seed_of: dict[str, tuple[int, int, str | None]] = field(default_factory=dict)


def state(rules: IngestRules, seeds: FileStamps, content: FileStamps,
          where: tuple[Path, Path]) -> str:
    """A fingerprint of everything a run's outcome depends on."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (environment_key(), repr(rules), where, sorted(seeds.items()),
                 sorted(content.items())):
        digest.update(repr(part).encode())
    return digest.hexdigest()


def load_run(cache_dir: Path | None, rules: IngestRules) -> RunCache:
    found = _load(cache_dir, _RUN, rules)
    return found if isinstance(found, RunCache) else RunCache()


def load_seeds(cache_dir: Path | None, rules: IngestRules) -> dict[str, SeedInfo]:
    found = _load(cache_dir, _SEEDS, rules)
    return found if isinstance(found, dict) else {}


def save(cache_dir: Path | None, rules: IngestRules, run: RunCache,
         seeds: dict[str, SeedInfo] | None) -> None:
    """Store the run (and the seeds, when they changed); a failure only costs time."""
    if cache_dir is None:
        return
    _store(cache_dir, _RUN, rules, run)
    if seeds is not None:
        _store(cache_dir, _SEEDS, rules, seeds)


def _key(rules: IngestRules) -> str:
    return f"{environment_key()}:{rules!r}"


def _load(cache_dir: Path | None, name: str, rules: IngestRules) -> object:
    if cache_dir is None:
        return None
    try:
        with open(cache_dir / name, "rb") as file:
            key, value = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
            ImportError, IndexError):
        return None
    return value if key == _key(rules) else None


def _store(cache_dir: Path, name: str, rules: IngestRules, value: object) -> None:
    temporary = cache_dir / f".{name}.tmp"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as file:
            pickle.dump((_key(rules), value), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache_dir / name)
    except OSError:
        temporary.unlink(missing_ok=True)
