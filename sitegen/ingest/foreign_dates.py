"""Dates written in Spanish, French, Portuguese, German or Italian.

"9 de abril de 2025", "Publié le 3 mars 2025", "Veröffentlicht am 12. März
2025", "Pubblicato il 18 ottobre 2024": read by the `dateparser` library,
and only as a fallback: when python-dateutil (`dates`) found nothing and
the text names a month in one of these languages. dateparser takes a
second to load its language data, so it is imported on first use, which
an English collection never reaches. As with English dates, day, month and
year must all be written: relative dates ("hace 3 días") are not dates.
"""

from __future__ import annotations

import datetime as dt
import re

LANGUAGES = ["es", "fr", "pt", "de", "it"]
# Month names of these languages that English does not share (English
# spellings are read by the fast path already).
_MONTHS = re.compile(r"(?<!\w)(?:enero|febrero|marzo|mayo|junio|julio|agosto|septiembre|"
                     r"setiembre|octubre|noviembre|diciembre|janvier|f[ée]vrier|mars|avril|mai|"
                     r"juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|janeiro|"
                     r"fevereiro|mar[çc]o|abril|maio|junho|julho|setembro|outubro|dezembro|"
                     r"januar|j[äa]nner|februar|m[äa]rz|maerz|juni|juli|oktober|dezember|"
                     r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|"
                     r"dicembre)(?!\w)", re.IGNORECASE)
# Labels and little words around a date line: "Publicado el", "Mis à jour le".
_LABEL = re.compile(
    r"^(?:(?:publicado|publicada|publié|publiée|publie|mis à jour|mise à jour|actualizado|"
    r"actualizada|atualizado|veröffentlicht|aktualisiert|pubblicato|aggiornato|fecha|data|"
    r"datum|date)\s*(?:el|le|em|am|il|:)?\s*:?\s*)", re.IGNORECASE)
_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True,
             "DATE_ORDER": "DMY"}


def may_be_foreign_date(text: str) -> bool:
    """A cheap look: does `text` name a month in one of the languages?"""
    return _MONTHS.search(text) is not None


def foreign_date(text: str) -> dt.date | None:
    """The date of `text` when it is nothing but a date (and a label), else None."""
    text = _LABEL.sub("", text.strip(" \t*_()[]"), count=1).strip(" ,.—–-")
    if not may_be_foreign_date(text):
        return None
    import dateparser  # slow to load; most collections never need it

    try:
        found = dateparser.parse(text, languages=LANGUAGES, settings=_SETTINGS)
    except (ValueError, OverflowError, TypeError):
        return None
    if found is None or str(found.year) not in text:
        return None
    return found.date()


def foreign_dateline(prefix: str) -> dt.date | None:
    """The date at the end of a dateline's place: "Ciudad de México, 9 de abril de 2025"."""
    parts = prefix.split(",")
    for start in range(len(parts)):
        found = foreign_date(",".join(parts[start:]))
        if found:
            return found
    return None
