"""Article bodies converted ahead of rendering, by a child process.

A cold build converts every article's body to HTML: about a second of
work at 10,000 articles, none of which depends on the plan. So while the
build process plans the pages (on one core), a forked child converts the
bodies on the other and appends them to an unnamed temporary file; the
render workers then read each body from there instead of converting it.
The file ends with its index (body digest → where the HTML is) and the
index's offset, written last: a child that dies leaves no usable file,
and rendering converts the bodies itself, as on any other build.
"""

from __future__ import annotations

import os
import pickle
import struct
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO

from ..errors import SiteError
from ..load import Article, read_body
from ..render import markdown
from .parallel import start_aside

_TAIL = struct.Struct("<Q")  # the index's offset, the file's last 8 bytes
_FLUSH_AT = 1 << 20


class BodyFile(Mapping[str, str]):
    """body digest → HTML, read from the file on demand (by any process
    forked after it was opened: only the small index is in memory)."""

    def __init__(self, file: IO[bytes], index: dict[str, tuple[int, int, bool]]) -> None:
        self.file, self.fd, self.index = file, file.fileno(), index

    def __getitem__(self, digest: str) -> str:
        offset, size, _ = self.index[digest]
        return os.pread(self.fd, size, offset).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)

    def by_python_markdown(self) -> dict[str, str]:
        """The bodies Python-Markdown converted (the build cache keeps those)."""
        return {digest: self[digest] for digest, (_, _, slow) in self.index.items() if slow}


def convert_ahead(articles: Sequence[Article],
                  raw_html: bool = False) -> Callable[[], BodyFile | None] | None:
    """Start converting the bodies of `articles` in a child process; the
    function returned waits for it and gives the bodies (None when the
    child failed). None where processes cannot fork."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 (open until the bodies are rendered)
    wait = start_aside(lambda items: _convert_into(file.fileno(), items, raw_html), articles)
    if wait is None:
        file.close()
        return None

    def result() -> BodyFile | None:
        if not wait():
            file.close()
            return None
        end = os.fstat(file.fileno()).st_size
        (start,) = _TAIL.unpack(os.pread(file.fileno(), _TAIL.size, end - _TAIL.size))
        index = pickle.loads(os.pread(file.fileno(), end - _TAIL.size - start, start))
        return BodyFile(file, index)

    return result


def _convert_into(fd: int, articles: Sequence[Article], raw_html: bool) -> None:
    """Append each body's HTML to the file `fd`, then the index and its offset.

    A body that cannot be read is left out: rendering reads it again and
    reports the problem with the file's name."""
    index: dict[str, tuple[int, int, bool]] = {}
    buffer = bytearray()
    offset = 0
    for article in articles:
        if article.body_digest in index:
            continue
        try:
            source = read_body(article)
        except SiteError:
            continue
        html, slow = markdown.body_html(source, raw_html)
        data = html.encode("utf-8")
        index[article.body_digest] = (offset + len(buffer), len(data), slow)
        buffer += data
        if len(buffer) >= _FLUSH_AT:
            offset += _write_all(fd, buffer)
            buffer.clear()
    start = offset + len(buffer)
    buffer += pickle.dumps(index, protocol=5)
    buffer += _TAIL.pack(start)
    _write_all(fd, buffer)


def _write_all(fd: int, data: bytearray) -> int:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    return len(data)
