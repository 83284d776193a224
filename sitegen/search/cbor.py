"""The CBOR (RFC 8949) Pagefind's index files are written in, and their
wrapping: gzip'd, after a `pagefind_dcd` signature.

Pagefind writes only whole numbers, text and arrays of definite length,
with the shortest heads; that is all this module reads and writes.
"""

from __future__ import annotations

import gzip
from typing import Any

from isal import isal_zlib

SIGNATURE = b"pagefind_dcd"


class Unexpected(ValueError):
    """The data is not in the shape this module knows."""


def pack(data: bytes) -> bytes:
    """`data` as Pagefind stores it: gzip of the signature and the data.

    Compressed by ISA-L at its level 1 (`isal`): a quarter of the time of
    zlib's level 1 (itself a third of Pagefind's level 6), and smaller
    files than zlib's level 1; the browser reads any gzip."""
    return isal_zlib.compress(SIGNATURE + data, 1, 31)


def unpack(data: bytes) -> bytes:
    plain = gzip.decompress(data)
    if not plain.startswith(SIGNATURE):
        raise Unexpected("signature")
    return plain[len(SIGNATURE):]


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
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, str):
        return text(value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, list | tuple):
        return head(4, len(value)) + b"".join(encode(v) for v in value)
    raise Unexpected(type(value).__name__)


def text(value: str) -> bytes:
    raw = value.encode()
    return head(3, len(raw)) + raw


def head(kind: int, number: int) -> bytes:
    if number < 24:
        return bytes([kind << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([kind << 5 | info]) + number.to_bytes(size, "big")
    raise Unexpected("number too large")
