"""The Pagefind program, in service mode (`pagefind --service`, the
protocol its Python API speaks: base64 JSON messages ended by commas).

sitegen writes the index itself (`bundle.py`); the program gives the
search runtime (`runtime.py`), and the tests compare our index with the
one it makes. We ask for the files (`GetFiles`) instead of letting it
write them: in service mode Pagefind acknowledges `WriteFiles` while its
last writes are still queued (Pagefind issue #1271), so files could be
cut short. (The Python API's `get_files` is no way out either: its reader
stops at 2 MiB per message.)
"""

from __future__ import annotations

import base64
import functools
import importlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from ..errors import SiteError
from ..installed import file_stamp
from ..processes import die_with_parent

VERSION = "1.5.2"  # the release whose index format bundle.py writes and whose runtime we ship


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


def program_key() -> str:
    """Which Pagefind program this is: another gives another runtime."""
    return file_stamp(executable())


class Service:
    """A new Pagefind service, given all its requests at once; `answer()`
    waits for the answer to the last.

    All requests are written before any answer is read: the service reads
    its input on a thread of its own and queues its answers without limit,
    so neither side waits for the other. Closing its input ends it."""

    def __init__(self, requests: list[dict[str, Any]]) -> None:
        self.process = subprocess.Popen(
            [str(executable()), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, preexec_fn=functools.partial(die_with_parent, os.getpid()))
        assert self.process.stdin is not None
        for number, payload in enumerate(requests, 1):
            message = json.dumps({"message_id": number, "payload": payload})
            self.process.stdin.write(base64.b64encode(message.encode()) + b",")
        self.process.stdin.flush()
        self.last = len(requests)

    def answer(self) -> dict[str, Any]:
        with self.process as service:
            assert service.stdin is not None and service.stdout is not None
            try:
                return _answer(service.stdout.read1, self.last)
            finally:
                service.stdin.close()


def converse(requests: list[dict[str, Any]]) -> dict[str, Any]:
    """Send `requests` to a new Pagefind service; the answer to the last."""
    return Service(requests).answer()


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
