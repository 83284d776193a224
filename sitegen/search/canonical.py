"""Pagefind's filter files in a stable order, so the same pages give the
same index bytes.

Pagefind keeps filters in hash maps seeded at random (its source says
"TODO: Change filter indexes to BTree to give them a stable hash"), so
each run lists filter values, and the filters in the index's metadata, in
another order: other bytes, other file names. This rewrites them sorted:
each `filter/*.pf_filter` with its values in order, named after a digest
of its bytes; the `*.pf_meta` file naming them, with its filters in order
and named after its own digest; and `pagefind-entry.json`, which names
the metadata file. Everything else Pagefind writes is already the same
for the same pages given in the same order.

The files are gzip'd CBOR (RFC 8949) after a `pagefind_dcd` signature;
Pagefind writes only whole numbers, text and arrays in them, which is all
this module reads and writes. A bundle in any other shape is left as it is.
"""

from __future__ import annotations

import gzip
import re
from typing import Any

from ..digest import digest

SIGNATURE = b"pagefind_dcd"
_META = re.compile(r"pagefind\.(.+)\.pf_meta")


class Unexpected(ValueError):
    """The bundle is not in the shape this module knows."""


def stable_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    """`files` (a Pagefind bundle: relative path → bytes) with its filter
    files, metadata and entry written in a stable order; unchanged when
    they are not in the shape we know."""
    try:
        return _rewrite(files)
    except (Unexpected, IndexError, ValueError, OSError, EOFError):
        return files


def _rewrite(files: dict[str, bytes]) -> dict[str, bytes]:
    out = {p: data for p, data in files.items() if not p.startswith("filter/")}
    for path in [p for p in files if _META.fullmatch(p)]:
        language_hash = _META.fullmatch(path)[1]  # type: ignore[index]
        language = language_hash.rsplit("_", 1)[0]
        meta = decode(_unpack(files[path]))
        if not isinstance(meta, list) or len(meta) < 4 or not isinstance(meta[3], list):
            raise Unexpected("metadata")
        filters = []
        for name, old in sorted(meta[3]):
            filter_name, values = decode(_unpack(files[f"filter/{old}.pf_filter"]))
            data = _pack(encode([filter_name, sorted(values)]))
            new = _free_name(f"{language}_{digest(data)}", 7 + len(language) + 1, out, "filter/",
                             ".pf_filter")
            out[f"filter/{new}.pf_filter"] = data
            filters.append([name, new])
        meta[3] = filters
        data = _pack(encode(meta))
        new_hash = f"{language}_{digest(data)[:10]}"
        del out[path]
        out[f"pagefind.{new_hash}.pf_meta"] = data
        entry = out["pagefind-entry.json"]
        if entry.count(f'"{language_hash}"'.encode()) != 1:
            raise Unexpected("entry")
        out["pagefind-entry.json"] = entry.replace(f'"{language_hash}"'.encode(),
                                                   f'"{new_hash}"'.encode())
    if len([p for p in out if p.startswith("filter/")]) != \
            len([p for p in files if p.startswith("filter/")]):
        raise Unexpected("filter files not named in the metadata")
    return out


def _free_name(full: str, length: int, taken: dict[str, bytes], prefix: str, suffix: str) -> str:
    """The shortest name from `length` characters of `full` not yet taken."""
    while f"{prefix}{full[:length]}{suffix}" in taken:
        length += 1
    return full[:length]


def _unpack(data: bytes) -> bytes:
    plain = gzip.decompress(data)
    if not plain.startswith(SIGNATURE):
        raise Unexpected("signature")
    return plain[len(SIGNATURE):]


def _pack(data: bytes) -> bytes:
    return gzip.compress(SIGNATURE + data, compresslevel=9, mtime=0)


def decode(data: bytes) -> Any:
    """Whole numbers, text, byte strings and arrays, as int, str, bytes, list."""
    value, end = _item(data, 0)
    if end != len(data):
        raise Unexpected("trailing bytes")
    return value


def _item(data: bytes, at: int) -> tuple[Any, int]:
    kind, info = data[at] >> 5, data[at] & 31
    at += 1
    if info >= 28:
        raise Unexpected("indefinite length or reserved")
    if info >= 24:
        size = 1 << (info - 24)
        info, at = int.from_bytes(data[at:at + size], "big"), at + size
    if kind == 0:
        return info, at
    if kind == 1:
        return -1 - info, at
    if kind in (2, 3):
        raw = data[at:at + info]
        if len(raw) != info:
            raise Unexpected("cut short")
        return (raw.decode() if kind == 3 else raw), at + info
    if kind != 4:
        raise Unexpected(f"CBOR major type {kind}")
    values = []
    for _ in range(info):
        value, at = _item(data, at)
        values.append(value)
    return values, at


def encode(value: Any) -> bytes:
    """The inverse of `decode`, with the shortest heads (as Pagefind writes)."""
    if isinstance(value, bool):
        raise Unexpected("bool")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode()
        return _head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    raise Unexpected(type(value).__name__)


def _head(kind: int, number: int) -> bytes:
    if number < 24:
        return bytes([kind << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([kind << 5 | info]) + number.to_bytes(size, "big")
    raise Unexpected("number too large")
