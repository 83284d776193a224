"""What a build reads, and whether anything changed since the last build.

A build with nothing to do runs only this and the catalog of the content
files (`catalog.py`), so neither imports anything heavy: Jinja2, Markdown,
the planner and the search indexer are loaded only when there is something
to build (importing them all was a third of a no-op build's time).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ..assets import Asset, content_inputs
from ..config import Config
from ..digest import digest
from ..folders import identity
from ..theme import THEME_DIR
from .cache import BuildCache, environment_key
from .catalog import Catalog


@dataclass(frozen=True)
class Inputs:
    """What the build reads, by file stamp, and one digest of all but the
    content files (which the cache's catalog of them stands for)."""

    files: dict[str, str]  # content files: path → stamp
    assets: tuple[Asset, ...]
    digest: str


def read_inputs(config: Config) -> Inputs:
    files, assets = content_inputs(config.content_dir, config.root)
    stamps = [(str(a.source), a.stamp) for a in assets]
    return Inputs(files, tuple(assets), _inputs_digest(config, stamps))


def last_build(config: Config, cache: BuildCache, inputs: Inputs,
               catalog: Catalog) -> dict[str, Any] | None:
    """The record of the last build when nothing changed since (the content
    files are those of `catalog`, the one it left) and its site is still
    the live one: then there is nothing to do."""
    last = cache.last_build()
    if not last or last["inputs"] != inputs.digest or \
            last["site"] != identity(config.output_dir):
        return None
    return last if last["content"] == catalog.token and inputs.files == catalog.stamps \
        else None


def _inputs_digest(config: Config, files: list[tuple[str, str]]) -> str:
    """A digest of every input's file stamps and all the settings: when it
    is the same as after the last build, and the site is the one that build
    made, there is nothing to do. (All settings: one that changes no page
    may still change what is an error, like `ingest.max_tags`.)"""
    parts = [repr(config), environment_key(), *(f"{p}={s}" for p, s in files)]
    for folder in (config.layouts_dir, THEME_DIR):
        for root, _, names in os.walk(folder):
            for name in names:
                st = os.stat(os.path.join(root, name))
                parts.append(f"{root}/{name}={st.st_mtime_ns}:{st.st_size}:{st.st_ino}")
    # (a file name that is not UTF-8 is refused when loaded; here it must not stop the digest)
    return digest("\n".join(parts))
