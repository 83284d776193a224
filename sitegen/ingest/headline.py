"""A short headline for a seed that has no title, made from its lead sentence.

The lead sentence loses its parentheses and time phrases ("on Tuesday").
When it opens with a description of the main subject ("The Venezuelan
terrorist organization Tren de Aragua …"), the headline starts at the
subject. It ends at the first clause boundary, at most `MAX_WORDS` words,
never on a preposition or in the middle of a name:

    "The Venezuelan terrorist organization Tren de Aragua (TdA) is expanding
    dramatically in Mexico City and has become …"
    → "Tren de Aragua is expanding dramatically in Mexico City"
"""

from __future__ import annotations

import re

from ..text import sentences

MAX_WORDS = 12
MIN_WORDS = 4
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_TIME_PHRASES = re.compile(
    rf"\s(?:on\s(?:{_DAYS})(?:\s(?:morning|afternoon|evening|night))?|"
    r"(?:earlier|later|late|early)\s(?:this|last|next)\s(?:week|month|year)|"
    r"(?:this|last|next)\s(?:week|month|year|morning|evening)|yesterday|today)\b")
# Words that open a new clause: a good place to end a headline.
_BREAKS = {"and", "but", "which", "who", "whom", "that", "after", "before", "while",
           "because", "although", "though", "where", "when", "amid", "despite",
           "according", "since", "until", "so", "with", "—", "–"}
# "announced that …": the "that" goes, the clause goes on.
_REPORTING = {"said", "says", "announced", "reported", "warned", "argued", "added", "insisted",
              "confirmed", "revealed", "found", "showed", "shows", "estimated", "claimed",
              "noted", "believes", "believe", "stated", "declared", "ruled", "agreed"}
_LABEL = re.compile(r"^(?:[QA][:.]\s+|[A-Z][A-Z .’'-]{1,30}:\s+)")
# Words a headline must not end on.
_DANGLING = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with",
             "and", "or", "but", "between", "around", "into", "over", "under", "after",
             "before", "as", "than", "its", "their", "his", "her", "is", "are", "was",
             "were", "has", "have", "had", "will", "would", "that", "this", "across",
             "through", "along", "near", "most", "some", "many", "all", "more", "less"}
# An opening with one of these words is a clause of its own, not a description.
_NOT_DESCRIPTIVE = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "can",
                    "could", "said", "says", "say", "announced", "reported", "in", "of", "at",
                    "to", "for", "from", "by", "on", "with", "along", "across", "near", "and",
                    "or", "but", "after", "before", "around", "between", "into", "over"}


def headline(lead_paragraph: str, subjects: list[str]) -> str:
    """A headline from the paragraph's first sentence; `subjects` are the
    names the article is about, most important first."""
    lead = _TIME_PHRASES.sub("", re.sub(r"\s*\([^)]*\)", "", _lead_sentence(lead_paragraph)))
    words = _from_subject(_without_reporting_that(lead.split()), subjects)
    kept = _trim(words[:_clause_end(words)], words)
    title = " ".join(kept).strip(",;:.!?—–-”’\"' ")
    return (title[:1].upper() + title[1:]) if title else "Untitled"


def _lead_sentence(paragraph: str) -> str:
    """The first sentence that is not a quotation, without a speaker label."""
    found = sentences(_LABEL.sub("", paragraph.strip())) or [""]
    return next((s for s in found if not s.startswith(("“", '"', "‘"))), found[0])


def _without_reporting_that(words: list[str]) -> list[str]:
    return [w for i, w in enumerate(words)
            if not (w == "that" and i and words[i - 1].casefold() in _REPORTING)]


def _from_subject(words: list[str], subjects: list[str]) -> list[str]:
    """Skip a purely descriptive opening ("The Venezuelan terrorist organization")."""
    for subject in subjects:
        parts = subject.split()
        for at in range(1, min(len(words), 9)):
            if words[at:at + len(parts)] == parts:
                opening = words[:at]
                descriptive = opening[-1][:1].islower() and not any(
                    w.casefold() in _NOT_DESCRIPTIVE or w.endswith(",") for w in opening)
                return words[at:] if descriptive else words
    return words


def _clause_end(words: list[str]) -> int:
    """How many words to keep: up to a clause break or punctuation, within limits."""
    for index, word in enumerate(words[:MAX_WORDS + 1]):
        if index >= MIN_WORDS and word.casefold() in _BREAKS:
            return index
        if index + 1 >= MIN_WORDS and word.endswith((",", ";", ":")):
            return index + 1
    return min(len(words), MAX_WORDS)


def _trim(kept: list[str], words: list[str]) -> list[str]:
    """Drop a name cut in two at the end, then dangling little words."""
    if len(kept) < len(words) and words[len(kept)][:1].isupper():
        while len(kept) > MIN_WORDS and kept[-1][:1].isupper():
            kept = kept[:-1]
    while len(kept) > MIN_WORDS and kept[-1].strip(",;:").casefold() in _DANGLING:
        kept = kept[:-1]
    return kept
