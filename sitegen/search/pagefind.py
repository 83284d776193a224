"""Running Pagefind on the shards of the article pages.

Each shard is indexed by a Pagefind program of its own in service mode
(`pagefind --service`, the protocol its Python API speaks: base64 JSON
messages ended by commas), shards side by side, one program per core. We
hand it the shard's staged pages in sorted order and ask for the index
files back (`GetFiles`) instead of letting it write them:

* Order: the `pagefind --site` program numbers pages in the order the file
  system lists them, which differs between file systems (ext4 and tmpfs
  gave different index bytes for the same pages); here it is ours.
* Complete files: in service mode Pagefind acknowledges `WriteFiles`
  while its last writes are still queued (tokio's `File::write_all`
  returns before the data reaches the kernel, and the file is dropped
  without `flush`), and the Python API's `close()` then terminates the
  service, so on a busy machine files were cut short at a 4 KiB boundary
  (Pagefind issue #1271, fixed upstream in #1272, not yet in the release
  we use). `GetFiles` writes nothing; we place every byte ourselves. (The
  Python API's `get_files` is no way out: its reader stops at 2 MiB per
  message.)

Measured on 500 article pages, Pagefind needs about the same CPU time fed
HTML this way (1.1 s), fed plain-text records (0.9-1.0 s) or reading the
files itself (0.9 s): it is the indexing, not the HTML, that costs.
"""

from __future__ import annotations

import base64
import functools
import importlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ..errors import SiteError
from ..processes import die_with_parent, workers
from .canonical import stable_bundle

# What the search page needs of a shard's bundle; Pagefind's own UI is not used.
T = TypeVar("T")
R = TypeVar("R")

_UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.",
           "pagefind-highlight.js", "playground/")


@functools.cache
def executable() -> Path:
    """The Pagefind program: where PAGEFIND_BINARY_PATH says, else that of
    the installed `pagefind[extended]` package, else one on the PATH (the
    order of Pagefind's Python API, without importing its asyncio client)."""
    found = os.environ.get("PAGEFIND_BINARY_PATH") or _packaged() \
        or shutil.which("pagefind_extended") or shutil.which("pagefind")
    if not found or not Path(found).is_file():
        raise SiteError("search needs the Pagefind program: pip install "
                        "'pagefind[extended]' (or set `search: false`)")
    return Path(found)


def _packaged() -> str | None:
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return str(module.get_executable())
    return None


def indexer_key() -> str:
    """Which Pagefind program this is: another version writes other files."""
    program = executable()
    st = program.stat()
    return f"{program}:{st.st_size}:{st.st_mtime_ns}"


def each_in_parallel(func: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
    """`func` of each item, one thread per core (each drives a Pagefind
    program: the work is in the programs), results in order."""
    with ThreadPoolExecutor(max_workers=max(1, min(workers(), len(items)))) as pool:
        jobs = [pool.submit(func, item) for item in items]
        try:
            for job in jobs:
                yield job.result()
        finally:
            for job in jobs:
                job.cancel()


def index_pages(pages: Sequence[tuple[str, bytes]]) -> dict[str, bytes]:
    """The Pagefind bundle of `pages` (path in the site, HTML), without the
    files the search page does not use."""
    requests: list[dict[str, Any]] = [{"type": "NewIndex", "config": None}]
    for page, html in pages:
        url = "/" + page.removesuffix("index.html")
        requests.append({"type": "AddFile", "index_id": 0, "url": url,
                         "file_contents": html.decode("utf-8"), "file_path": None})
    requests.append({"type": "GetFiles", "index_id": 0})
    answer = converse(requests)
    return stable_bundle({f["path"]: base64.b64decode(f["content"]) for f in answer["files"]
                          if not f["path"].startswith(_UNUSED)})


def converse(requests: list[dict[str, Any]]) -> dict[str, Any]:
    """Send `requests` to a new Pagefind service; the answer to the last.

    All requests are written before any answer is read: the service reads
    its input on a thread of its own and queues its answers without limit,
    so neither side waits for the other. Closing its input ends it."""
    with subprocess.Popen([str(executable()), "--service"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          preexec_fn=functools.partial(die_with_parent, os.getpid())) as service:
        assert service.stdin is not None and service.stdout is not None
        try:
            for number, payload in enumerate(requests, 1):
                message = json.dumps({"message_id": number, "payload": payload})
                service.stdin.write(base64.b64encode(message.encode()) + b",")
            service.stdin.flush()
            return _answer(service.stdout.read1, len(requests))
        finally:
            service.stdin.close()


def _answer(read: Any, last: int) -> dict[str, Any]:
    """Read answers until the one to message `last`; raise on an error."""
    pending = b""
    while True:
        chunk = read(1 << 20)
        if not chunk:
            raise SiteError("building the search index failed: Pagefind stopped unexpectedly")
        pending += chunk
        *complete, pending = pending.split(b",")
        for message in complete:
            answer = json.loads(base64.b64decode(message))
            payload = answer["payload"]
            if payload["type"] == "Error":
                raise SiteError(f"building the search index failed: {payload['message']}")
            if answer.get("message_id") == last:
                return payload
