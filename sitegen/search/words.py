"""The words of a page as Pagefind 1.5.2 indexes them, and what a search
looks up.

A page's text is split on white space; every piece is one position (the
excerpts count positions the same way). A piece is indexed as its letters
and digits, lower-cased, accents removed and stemmed with the Snowball
stemmer of the page's language (PyStemmer: the algorithms Pagefind's own
stemmer compiles; none for a language Snowball lacks). A piece with an
accent also keeps its accented form, which a search prefers when typed
that way. A compound (`120-seat`, `200,000`, `ThreeAntelopes`) is also
indexed as its parts, at the weight of the whole shared among them.

This is also what the search runtime does to a query (it drops
punctuation, lower-cases, removes accents and stems), so every form
written here is one a query can reach. Pagefind's own indexer differs in
one way on purpose: it keeps punctuation that is not ASCII inside the
parts of a compound (`“confident`, `council’s` became parts of their own),
which no query can reach; here parts are cleaned like whole words, so such
a piece has no parts. Emoji are not indexed on their own.

Pieces repeat across pages, so each is analysed once per process and then
known by a number (`Vocabulary`); a shard's index is encoded from arrays
of those numbers (`bundle.py`).
"""

from __future__ import annotations

import string
import unicodedata
from array import array
from dataclasses import dataclass

import Stemmer

from .extract import ANCHOR, AUTO_WEIGHT, END_WEIGHT, WEIGHT, PageData
from .markup import normalize

# Characters Pagefind keeps inside words: the Unicode connector punctuation.
INCLUDE_CHARACTERS = ("_", "‿", "⁀", "⁔", "︳", "︴", "﹍", "﹎", "﹏", "＿")
_INCLUDE = frozenset(INCLUDE_CHARACTERS)
_ASCII_PUNCTUATION = str.maketrans({c: " " for c in string.punctuation})
BASE_WEIGHT = 24  # a word of plain text; Pagefind's weights are multiples of it
_ALGORITHMS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian",
    "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "nb": "norwegian",
    "ne": "nepali", "nn": "norwegian", "no": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "pl": "polish", "es": "spanish", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}


def stemmer_name(language: str) -> str | None:
    """The Snowball algorithm Pagefind uses for `language` (`pt-br` → Portuguese)."""
    return _ALGORITHMS.get(language.split("-")[0])


class Slots:
    """Every (stem, accented form) this process has met, by number; the
    form is "" for the plain stem."""

    def __init__(self) -> None:
        self.number: dict[tuple[str, str], int] = {}
        self.keys: list[tuple[str, str]] = []

    def __call__(self, stem: str, form: str = "") -> int:
        key = (stem, form)
        found = self.number.get(key)
        if found is None:
            found = self.number[key] = len(self.keys)
            self.keys.append(key)
        return found


SLOTS = Slots()


class Vocabulary(dict[str, int]):
    """Pieces of text of one language, by number, with what each indexes:
    `full[n]` the slot of the whole word (-1 when it has no letters or
    digits), `parts[n]` the slots of its compound parts, if any."""

    def __init__(self, language: str) -> None:
        super().__init__()
        name = stemmer_name(language)
        self.stem = Stemmer.Stemmer(name).stemWord if name else str
        self.full = array("i")
        self.parts: dict[int, tuple[int, ...]] = {}

    def __missing__(self, piece: str) -> int:
        number = self[piece] = len(self.full)
        whole, parts = self.analyse(piece)
        self.full.append(whole)
        if parts:
            self.parts[number] = parts
        return number

    def analyse(self, piece: str) -> tuple[int, tuple[int, ...]]:
        """Pagefind's `get_indexable_words`: the slot of the whole word and
        those of its compound parts."""
        normal = _letters(piece)
        if not normal:
            return -1, ()
        whole = self._slot(normal)
        if piece.isalnum() and not any(c.isupper() for c in piece[1:]):
            return whole, ()
        split = [p for p in (_letters(w) for w in _case_words(piece.translate(_ASCII_PUNCTUATION)))
                 if p]
        if len(split) < 2 and (not split or normal.startswith(split[0])):
            return whole, ()
        return whole, tuple(self._slot(p) for p in split if len(p.encode()) > 1)

    def _slot(self, word: str) -> int:
        plain = _without_accents(word)
        if plain is None:
            return SLOTS(self.stem(word))
        return SLOTS(self.stem(plain), word)


_VOCABULARIES: dict[str, Vocabulary] = {}


def vocabulary(language: str) -> Vocabulary:
    found = _VOCABULARIES.get(language)
    if found is None:
        found = _VOCABULARIES[language] = Vocabulary(language)
    return found


def _letters(piece: str) -> str:
    """Letters, digits and the connector characters, lower-cased."""
    if piece.isascii() and piece.isalnum():
        return piece.lower()
    return "".join(c.lower() if c.isupper() else c
                   for c in piece if c.isalnum() or c in _INCLUDE)


def _without_accents(word: str) -> str | None:
    """The word without its combining marks, or None when it has none."""
    if word.isascii():
        return None
    plain = "".join(c for c in unicodedata.normalize("NFD", word)
                    if not unicodedata.category(c).startswith("M"))
    return None if plain == word else plain


def _case_words(text: str) -> list[str]:
    """The words of `text` as the `convert_case` crate splits an identifier:
    at white space, between a lower- and an upper-case letter, before the
    last capital of an acronym (`WKWeb` → `WK Web`), and between letters
    and digits."""
    words: list[str] = []
    current = ""
    for i, c in enumerate(text):
        if c.isspace():
            if current:
                words.append(current)
            current = ""
            continue
        if current:
            before = current[-1]
            after = text[i + 1] if i + 1 < len(text) else ""
            if (before.islower() and c.isupper()) \
                    or (before.isupper() and c.isupper() and after.islower()) \
                    or ((before.islower() or before.isupper()) and c.isdigit()) \
                    or (before.isdigit() and (c.islower() or c.isupper())):
                words.append(current)
                current = ""
        current += c
    if current:
        words.append(current)
    return words


@dataclass
class PageWords:
    """One page's words: its record for the results and, for the index,
    the pieces of its text in order with their weights."""

    url: str
    fragment: dict  # the page's record, as the results show it
    pieces: array  # the vocabulary number of each position's piece (C ints)
    runs: list[tuple[int, int]]  # (count, weight): consecutive positions sharing a weight
    meta_words: list[tuple[int, str, int]]  # (slot, meta field, position in it)

    @property
    def word_count(self) -> int:
        return self.fragment["word_count"]


def page_words(url: str, page: PageData, words: Vocabulary) -> PageWords:
    """Split the page's text into positions (Pagefind's `parse_digest`)."""
    pieces = array("i")
    runs: list[tuple[int, int]] = []
    content: list[str] = []
    anchors: list[dict] = []
    stack = [BASE_WEIGHT]
    chunks = page.text.split("\x01")
    for n, chunk in enumerate(chunks):
        if n:  # a marker, then text
            marker, _, chunk = chunk.partition(" ")
            _marker("\x01" + marker, stack, anchors, len(pieces), page)
        found = chunk.split()
        if found:
            content.extend(found)
            # (extend() grows it item by item; map() is faster than a comprehension)
            pieces.fromlist(list(map(words.__getitem__, found)))
            runs.append((len(found), stack[-1]))
    meta_words = []
    for name, value in page.meta.items():
        for position, piece in enumerate(value.split()):
            number = words[piece]
            slot = words.full[number]
            if slot >= 0:
                meta_words.append((slot, name, position))
            meta_words.extend((part, name, position) for part in words.parts.get(number, ()))
    fragment = {"url": url, "content": " ".join(content), "word_count": max(len(pieces), 1),
                "filters": page.filters, "meta": page.meta, "anchors": anchors}
    return PageWords(url, fragment, pieces, runs, meta_words)


def _marker(marker: str, stack: list[int], anchors: list[dict], position: int,
            page: PageData) -> None:
    if marker.startswith(WEIGHT):
        weight = _number(marker[len(WEIGHT):])
        stack.append(0 if weight <= 0 else max(1, int(min(weight, 10.0) * BASE_WEIGHT)))
    elif marker.startswith(AUTO_WEIGHT):
        weight = _number(marker[len(AUTO_WEIGHT):])
        stack.append(int(min(max(weight, 0.0), 10.0) * BASE_WEIGHT) if len(stack) == 1
                     else stack[-1])
    elif marker == END_WEIGHT:
        if len(stack) > 1:
            stack.pop()
    elif marker.startswith(ANCHOR):
        element, _, anchor = marker[len(ANCHOR):].partition(":")
        _, _, element_id = anchor.partition(":")
        anchors.append({"element": element, "id": element_id,
                        "text": normalize(page.anchor_texts.get(anchor, "")),
                        "location": position})


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 1.0
