"""The language an article is written in, as an ISO 639-1 code ("en", "es").

Most collections are English, so English is recognised first by its most
common little words, without loading anything; only other text goes to
`lingua-language-detector`, limited to the languages of `LANGUAGES` (fast,
about a tenth of a millisecond an article, and no confusion with languages
no seed is written in). Lingua is loaded on first use: an English
collection never loads it. Too little text, or text lingua is unsure of,
has no language (the site's is assumed).
"""

from __future__ import annotations

import functools
from typing import Any

LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "nl")
_SAMPLE = 1200  # characters read: the lead and a little more tell the language
_MIN_WORDS = 12
# Little words of English that are rare in the other languages' text.
_ENGLISH = frozenset("the and of to is that for was with on said it as at by from has have "
                     "this are were be will which who its their been an or but not".split())


def detect_language(paragraphs: tuple[str, ...] | list[str]) -> str | None:
    """The language code of the text, or None when it cannot be told."""
    sample = ""
    for paragraph in paragraphs:
        sample = f"{sample} {paragraph}" if sample else paragraph
        if len(sample) >= _SAMPLE:
            break
    sample = sample[:_SAMPLE]
    words = sample.lower().split()
    if len(words) < _MIN_WORDS:
        return None
    if sum(w in _ENGLISH for w in words) * 6 >= len(words):  # a sixth: plainly English
        return "en"
    found = _detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else None


@functools.cache
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder  # slow to load; rarely needed

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes) \
        .with_minimum_relative_distance(0.1).build()
