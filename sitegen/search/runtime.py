"""Pagefind's search runtime: the files the browser runs, taken from the
installed Pagefind program once.

The search page loads `pagefind.js`, which starts `pagefind-worker.js`
and the WebAssembly of the index's language (`wasm.<language>.pagefind`,
with the Snowball stemmer for queries; `wasm.unknown.pagefind`, without
one, only for a language Pagefind has no stemmer for). They do not depend
on the pages, so we get them by letting the program index a one-page site
in the site's language and keep them in the build cache
(`search-runtime/`), named after the program (`program_key`): a build then
never runs Pagefind. The program must be the release whose index format
`bundle.py` writes; another is refused rather than given an index it
cannot read.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..digest import digest
from ..errors import SiteError
from .pagefind import VERSION as FORMAT_VERSION
from .pagefind import Service, program_key

ENTRY = "pagefind-entry.json"
_FOLDER = "search-runtime"


@dataclass(frozen=True)
class Runtime:
    wasm: str | None  # the language's WebAssembly, as the entry names it; None: unknown
    files: dict[str, bytes]  # path in a shard's folder → bytes


def start_runtime(language: str, cache_dir: Path | None) -> Callable[[], Runtime]:
    """The runtime files for an index in `language` (lower case), to be had
    by calling what this returns. When they are not kept, the Pagefind
    program is started now, so that it runs while the pages render."""
    folder = _kept(language, cache_dir)
    if folder is not None:
        return functools.partial(_read_kept, folder, language)
    return functools.partial(_from_program, Service(_requests(language)), language, cache_dir)


def _read_kept(folder: Path, language: str) -> Runtime:
    return _runtime({p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}, language)


def _from_program(service: Service, language: str, cache_dir: Path | None) -> Runtime:
    files = _runtime_files(service.answer(), language)
    if cache_dir is not None:
        _keep(_folder(language, cache_dir), files)
    return _runtime(files, language)


def _runtime(files: dict[str, bytes], language: str) -> Runtime:
    files = dict(files)
    entry = json.loads(files.pop(ENTRY))
    return Runtime(entry["languages"][language]["wasm"], files)


def _folder(language: str, cache_dir: Path) -> Path:
    return cache_dir / _FOLDER / digest(f"{program_key()}\n{language}")


def _kept(language: str, cache_dir: Path | None) -> Path | None:
    """The folder of the kept runtime, if there is one."""
    folder = _folder(language, cache_dir) if cache_dir is not None else None
    return folder if folder is not None and (folder / ENTRY).is_file() else None


def _requests(language: str) -> list[dict[str, Any]]:
    """Index a one-page site in `language`, and give the files back."""
    page = (f'<!doctype html><html lang="{language}"><head><title>x</title></head>'
            "<body><main data-pagefind-body><h1>x</h1><p>x</p></main></body></html>")
    return [{"type": "NewIndex", "config": None},
            {"type": "AddFile", "index_id": 0, "url": "/", "file_contents": page,
             "file_path": None},
            {"type": "GetFiles", "index_id": 0}]


def _runtime_files(answer: dict[str, Any], language: str) -> dict[str, bytes]:
    """The runtime files among those the program gave, and its entry (which
    names the language's WebAssembly); refused if it is another release."""
    files = {f["path"]: base64.b64decode(f["content"]) for f in answer["files"]}
    entry = json.loads(files.get(ENTRY, b"{}"))
    version = entry.get("version")
    wasm = entry.get("languages", {}).get(language, {}).get("wasm", "")
    if version != FORMAT_VERSION or wasm == "":
        raise SiteError(f"search needs Pagefind {FORMAT_VERSION}, whose index format sitegen "
                        f"writes; the installed Pagefind is {version or 'of an unknown version'}: "
                        f"pip install 'pagefind[extended]=={FORMAT_VERSION}' "
                        "(or set `search: false`)")
    # The runtime loads `wasm.unknown.pagefind` only for a language without its own.
    wanted = {ENTRY, "pagefind.js", "pagefind-worker.js", f"wasm.{wasm or 'unknown'}.pagefind"}
    missing = wanted - files.keys()
    if missing:
        raise SiteError(f"the Pagefind program gave no {', '.join(sorted(missing))}")
    return {name: files[name] for name in sorted(wanted)}


def _keep(folder: Path, files: dict[str, bytes]) -> None:
    """Store the files in `folder`, the entry last, each written whole
    before it gets its name: a folder with an entry is complete."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in sorted(files, key=lambda n: n == ENTRY):
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".part-")
        with os.fdopen(handle, "wb") as out:
            out.write(files[name])
        os.replace(temporary, folder / name)
