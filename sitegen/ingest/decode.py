"""Seed bytes → text: encoding detected from the bytes, whitespace normalised.

UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such. Bytes
that are not valid UTF-8 are Windows-1252 when every byte is defined there
(the usual encoding of text pasted on Windows, and a superset of Latin-1's
printable range), otherwise Latin-1. Typography (’ “ ” —) is kept;
non-breaking spaces become plain spaces, line ends become `\\n`, trailing
white space on lines goes.
"""

from __future__ import annotations

import codecs
import re

from ..errors import SiteError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TRAILING_SPACES = re.compile(r"[ ]+\n")
_SPACES = (("\u00a0", " "), ("\u202f", " "), ("\u2007", " "), ("\t", " "), ("\u2028", "\n"),
           ("\u2029", "\n\n"), ("\ufeff", ""))


def decode(data: bytes, name: str) -> str:
    """The text of a seed file, or a `SiteError` naming `name`."""
    text = _decode(data, name)
    controls = _CONTROL.search(text) is not None
    if controls and _CONTROL.search(text[:4096]) and \
            len(_CONTROL.findall(text)) > len(text) // 100:
        raise SiteError("binary file, not text; skipped", name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for space, replacement in _SPACES:  # str.translate is slow on long text
        if space in text:
            text = text.replace(space, replacement)
    if " \n" in text:
        text = _TRAILING_SPACES.sub("\n", text)
    if controls:
        text = _CONTROL.sub("", text)
    text = text.strip()
    if not text:
        raise SiteError("empty file (nothing but white space); skipped", name)
    return text


def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SiteError(f"starts as UTF-16 text but is not (byte {exc.start}); skipped",
                            name) from None
    if b"\x00" in data:
        raise SiteError("binary file, not text; skipped", name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
