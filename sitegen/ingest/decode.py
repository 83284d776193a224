"""Seed bytes → text: encoding detected from the bytes, whitespace normalised.

UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such. Bytes
that are not valid UTF-8 are Windows-1252 when every byte is defined there
(the usual encoding of text pasted on Windows, and a superset of Latin-1's
printable range), otherwise Latin-1. Text that was pasted through a
mis-set encoding on its way here (`itâ€™s`) is repaired by ftfy, which
undoes only that (`uncurl_quotes=False` and no other fixes, so a clean seed
comes through unchanged; ftfy is loaded only when the text shows signs of
mojibake). Typography (’ “ ” —) is kept; non-breaking spaces become plain
spaces, line ends become `\\n`, trailing white space on lines goes.
"""

from __future__ import annotations

import codecs
import re

from ..errors import SiteError

# What UTF-8 read as Windows-1252 looks like: a lead byte's character (Â Ã
# â Ð …) followed by a continuation byte's (€ ™ ¡ ©, C1 controls …).
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
                       "\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")
# "â€" where a pasted ” lost its last byte (0x9d has no character in
# Windows-1252, so it was dropped on the way): given back before ftfy reads
# it, which would otherwise take the space after it for the byte (a "†").
_LOST_QUOTE = re.compile("â€(?=[\\s.,;:!?)]|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TRAILING_SPACES = re.compile(r"[ ]+\n")
_SPACES = (("\u00a0", " "), ("\u202f", " "), ("\u2007", " "), ("\t", " "), ("\u2028", "\n"),
           ("\u2029", "\n\n"), ("\ufeff", ""))


def decode(data: bytes, name: str) -> str:
    """The text of a seed file, or a `SiteError` naming `name`."""
    text = _decode(data, name)
    if not text.isascii() and _MOJIBAKE.search(text):
        text = repair_mojibake(text)
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


def repair_mojibake(text: str) -> str:
    """`text` with mis-decoded UTF-8 put right, and nothing else changed."""
    import ftfy  # only for the few seeds that need it

    config = ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
        fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
        remove_control_chars=False, normalization=None, explain=False)
    return ftfy.fix_text(_LOST_QUOTE.sub("â€\x9d", text), config)


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
