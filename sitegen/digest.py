"""The one digest by which sitegen recognises content (16 bytes of BLAKE2b, hex)."""

from __future__ import annotations

import hashlib


def digest(data: str | bytes) -> str:
    """Text is digested as UTF-8, lone surrogates (from file names that are
    not UTF-8, or escapes in YAML) kept."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()
