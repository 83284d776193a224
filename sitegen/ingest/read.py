"""Seed files → `SeedInfo`: everything ingest needs to know about one seed.

Reading is the costly part of ingest and each seed is independent of the
others, so many new seeds are read by a pool of processes, one per core.
A `SeedInfo` holds no body text (it is what the cache keeps); the body, as
escaped Markdown, comes alongside when a seed has just been read.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from ..config import IngestRules
from ..confine import leads_outside
from ..digest import digest
from ..errors import SiteError
from ..processes import workers
from ..text import sentences, summarize
from .candidates import Candidates, candidates
from .decode import decode
from .emit import markdown_body, seed_hash
from .language import detect_language
from .parse import Seed, parse_seed
from .tags import vocabulary_tags

_SUMMARY_READ = 1200
PARALLEL_FROM = 64  # fewer new seeds than this are read in this process
_CHUNK = 32


@dataclass(frozen=True)
class SeedFile:
    """A seed file as listed: its identity for the cache."""

    path: Path
    size: int
    mtime_ns: int

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class SeedInfo:
    file: SeedFile
    digest: str  # hash of the seed's bytes (`seed_hash`)
    fingerprint: str  # hash of its words, to find the same article twice
    seed: Seed  # without paragraphs
    summary: str  # the lead (without a dateline)
    follow: str  # what follows the lead's first sentence: the summary under a headline made of it
    names: Candidates
    vocabulary: tuple[str, ...]  # config vocabulary tags the text earns
    body_hash: str  # hash of the Markdown body
    language: str | None = None  # ISO 639-1 code, when it can be told


@dataclass(frozen=True)
class Failure:
    """A seed that could not be read: the error, ready to report."""

    error: SiteError


Result = tuple[SeedInfo, str] | Failure
Track = Callable[[list[SeedFile]], Iterable[SeedFile]]
T = TypeVar("T")


def list_seeds(seeds_dir: Path, root: Path) -> tuple[list[SeedFile], list[Path]]:
    """Every visible regular file in `seeds/`, by name; and, refused, the
    links among them that lead outside the project folder `root`."""
    found, outside = [], []
    with os.scandir(seeds_dir) as entries:
        for entry in entries:
            if entry.name.startswith(".") or entry.name.endswith("~") or not entry.is_file():
                continue
            if entry.is_symlink() and leads_outside(Path(entry.path), root):
                outside.append(Path(entry.path))
                continue
            stat = entry.stat()
            found.append(SeedFile(Path(entry.path), stat.st_size, stat.st_mtime_ns))
    return sorted(found, key=lambda f: f.name), sorted(outside)


def read_seed(file: SeedFile, rules: IngestRules) -> Result:
    """Read, decode and parse one seed; problems come back as a `Failure`."""
    try:
        data, text, seed = _parsed(file)
    except SiteError as exc:
        return Failure(exc)
    body = markdown_body(seed.paragraphs)
    info = SeedInfo(
        file=file, digest=seed_hash(data),
        fingerprint=digest(" ".join(text.split())),
        seed=replace(seed, paragraphs=()), summary=summarize(seed.lead),
        follow=_following(seed),
        names=candidates((seed.lead, *seed.paragraphs[1:])),  # not the dateline's place
        vocabulary=tuple(vocabulary_tags("\n".join(seed.paragraphs), rules)),
        body_hash=digest(body),
        language=detect_language(seed.paragraphs))
    return info, body


def _following(seed: Seed) -> str:
    """A summary of the text after the lead's first sentence."""
    at = seed.paragraphs.index(seed.lead) + 1 if seed.lead in seed.paragraphs else 1
    first = sentences(seed.lead[:_SUMMARY_READ])[:1]
    after = seed.lead[len(first[0]):] if first and seed.lead.startswith(first[0]) else ""
    rest = " ".join([after.strip(), *seed.paragraphs[at:at + 2]]).strip()
    return summarize(rest[:_SUMMARY_READ]) if rest else ""  # a summary is ~300 characters


def read_seed_body(file: SeedFile) -> str | Failure:
    """Only the Markdown body of a seed whose `SeedInfo` is known already."""
    try:
        return markdown_body(_parsed(file)[2].paragraphs)
    except SiteError as exc:
        return Failure(exc)


def _parsed(file: SeedFile) -> tuple[bytes, str, Seed]:
    try:
        data = file.path.read_bytes()
        text = decode(data, str(file.path))
        return data, text, parse_seed(text, file.name)
    except OSError as exc:
        raise SiteError(f"cannot read seed: {exc.strerror}", file.path) from None
    except SiteError as exc:
        raise SiteError(exc.message, file.path, exc.line, exc.col) from None



def read_seeds(files: list[SeedFile], rules: IngestRules, track: Track) -> Iterator[Result]:
    """`read_seed` for each file, in order; in parallel when there are many."""
    return _map(partial(read_seed, rules=rules), files, track)


def read_bodies(files: list[SeedFile], track: Track) -> Iterator[str | Failure]:
    """`read_seed_body` for each file, in order; in parallel when there are many."""
    return _map(read_seed_body, files, track)


def _map(read: Callable[[SeedFile], T], files: list[SeedFile], track: Track) -> Iterator[T]:
    jobs = workers()
    if len(files) < PARALLEL_FROM or jobs < 2:
        yield from map(read, track(files))
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        results = pool.map(read, files, chunksize=_CHUNK)
        for _, result in zip(track(files), results, strict=True):
            yield result

