"""Small pure helpers for prose: sentences, summaries, reading time."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? (optionally closed by quotes or brackets)
# followed by white space and an upper-case letter, digit or opening quote.
# Single capitals ("U.S. government") and common abbreviations do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[’”\"')\]]*\s+(?=[“\"‘'(\[]?[A-Z0-9])")
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Jr.", "Sr.", "Gen.", "Gov.",
                  "Sen.", "Rep.", "Lt.", "Col.", "Capt.", "Prof.", "No.", "vs.",
                  "Inc.", "Corp.", "Co.", "Ltd.", "Jan.", "Feb.", "Aug.", "Sept.",
                  "Oct.", "Nov.", "Dec.", "e.g.", "i.e.", "a.m.", "p.m.")
_INITIAL = re.compile(r"(?:^|\s)(?:[A-Z]\.)+$")
WORDS_PER_MINUTE = 230


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations together."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        candidate = paragraph[start:match.start()].rstrip("’”\"')]")
        if candidate.endswith(_ABBREVIATIONS) or _INITIAL.search(candidate):
            continue
        parts.append(paragraph[start:match.end()].strip())
        start = match.end()
    rest = paragraph[start:].strip()
    if rest:
        parts.append(rest)
    return parts


def summarize(paragraph: str, limit: int = 300) -> str:
    """The paragraph cut at a sentence boundary to about `limit` characters.

    At least one sentence is kept; a single over-long sentence is cut at a
    word boundary and ends with an ellipsis.
    """
    kept = ""
    for sentence in sentences(paragraph):
        if kept and len(kept) + 1 + len(sentence) > limit:
            break
        kept = f"{kept} {sentence}" if kept else sentence
    if len(kept) > limit * 2:
        kept = kept[: limit * 2].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return kept


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))
