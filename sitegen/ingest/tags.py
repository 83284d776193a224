"""Tags: the few names an article is about.

Candidates are proper-noun phrases ("Mexico City", "Tren de Aragua") and
acronyms ("TDA", "U.S."). An acronym defined in the text, as in
"Tren de Aragua (TdA)", and every case variant of it count as the expansion.
Names are scored by how often they occur, with a bonus for the lead
paragraph; people who wrote the article, its publication, generic words and
the config's stop list are never tags. The config's vocabulary adds tags by
keyword and its aliases rename tags.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..config import IngestRules

_CONNECTORS = {"de", "la", "del", "of", "the", "y", "da", "do", "dos", "for"}
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w’'&-]*\w)?")
_POSSESSIVE = re.compile(r"[’']s$")
_DEFINITION = re.compile(r"([^()]{3,120}?)\s\(([A-Za-z][A-Za-z.&]{1,9})\)")
# Capitalised words that start sentences or name days, months and the like.
GENERIC = set("""
a an the this that these those there their they them its it is in on at as by for from of
to with and or but if when while after before during since until about above across
against among around because between both each either few many more most much neither
no nor not now once only other our over same several so some such than then though
through under up very what which who whom whose why will would yet you your he she we i
his her him my me us also however meanwhile still yes according earlier later last next
new first second third one two three four five six seven eight nine ten mr mrs ms dr
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december today tomorrow yesterday
twitter facebook instagram linkedin mastodon bluesky threads tiktok youtube email
q a
""".split())


@dataclass(frozen=True)
class TagContext:
    """What tagging needs to know beyond the text itself."""

    exclude: tuple[str, ...] = ()  # names that are never tags: authors, publication
    rules: IngestRules = field(default_factory=IngestRules)


def find_tags(paragraphs: Iterable[str], context: TagContext) -> list[str]:
    """The article's tags: vocabulary tags first, then names from the text."""
    paragraphs = list(paragraphs)
    names = find_names(paragraphs, context)
    text = "\n".join(paragraphs)
    vocabulary = [tag for tag, keywords in context.rules.vocabulary.items()
                  if _mentions(text, keywords)]
    return _unique([*vocabulary, *names])[: context.rules.max_tags]


def find_names(paragraphs: list[str], context: TagContext) -> list[str]:
    """The names the text is about, most important first."""
    text = "\n".join(paragraphs)
    acronyms = _acronym_definitions(text)
    counts = _merge_partial_names(_candidate_counts(text, acronyms), acronyms)
    lead = _candidate_counts(paragraphs[0], acronyms) if paragraphs else Counter()
    blocked = {_key(n) for n in (*context.exclude, *context.rules.stop)}
    aliases = {_key(k): v for k, v in context.rules.aliases.items()}
    scores: Counter[str] = Counter()
    for name, count in counts.items():
        multiword = " " in name or name in acronyms.values()
        if count < 2 and not (multiword and name in lead):
            continue
        scores[name] = count + 2 * (name in lead) + (1 if multiword else 0)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    names = [aliases.get(_key(name), name) for name, _ in ranked]
    return _unique(n for n in names if _key(n) not in blocked)


def _unique(names: Iterable[str]) -> list[str]:
    """First of each name, comparing case- and punctuation-insensitively."""
    seen: set[str] = set()
    kept = []
    for name in names:
        if _key(name) not in seen:
            seen.add(_key(name))
            kept.append(name)
    return kept


def _merge_partial_names(counts: Counter[str], acronyms: dict[str, str]) -> Counter[str]:
    """Count "Achterberg" as "Dominic Achterberg" when the text has both."""
    merged: Counter[str] = Counter()
    longer = sorted((n for n in counts if " " in n), key=lambda n: -counts[n])
    for name, count in counts.items():
        whole = None
        if " " not in name and name.upper() not in acronyms:
            whole = next((n for n in longer if name in (n.split()[0], n.split()[-1])), None)
        merged[whole or name] += count
    return merged


def _key(name: str) -> str:
    """Case- and punctuation-insensitive identity of a name ("The" aside)."""
    return re.sub(r"[^\w]", "", re.sub(r"^the\s+", "", name.casefold()))


def _mentions(text: str, keywords: Iterable[str]) -> bool:
    lowered = text.casefold()
    return any(re.search(rf"\b{re.escape(k.casefold())}\b", lowered) for k in keywords)


def _acronym_definitions(text: str) -> dict[str, str]:
    """Acronym (upper-cased, no dots) → its expansion, from "Name Words (NW)"."""
    found: dict[str, str] = {}
    for match in _DEFINITION.finditer(text):
        acronym = match.group(2).replace(".", "")
        words = match.group(1).split()
        letters = acronym.casefold()
        for start in range(max(0, len(words) - len(letters) - 3), len(words)):
            phrase = words[start:]
            initials = "".join(w[0] for w in phrase).casefold()
            significant = "".join(w[0] for w in phrase if w not in _CONNECTORS).casefold()
            if phrase[0][0].isupper() and letters in (initials, significant):
                found[acronym.upper()] = " ".join(phrase)
                break
    return found


def _candidate_counts(text: str, acronyms: dict[str, str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for sentence in re.split(r"(?<=[.!?”])\s+|\n", text):
        for phrase in _phrases(sentence):
            key = phrase.replace(".", "").upper()
            counts[acronyms.get(key, phrase)] += 1
    return counts


def _phrases(sentence: str) -> list[str]:
    """Runs of capitalised words in one sentence; connectors ("of", "de") may
    join two capitalised words, punctuation ends a run."""
    words = list(_WORD.finditer(sentence))
    phrases: list[list[str]] = []
    current: list[str] = []
    for index, match in enumerate(words):
        word = match.group(0)
        joined = index > 0 and sentence[words[index - 1].end():match.start()].isspace()
        if current and not joined:
            phrases.append(current)
            current = []
        capital = word[0].isupper() and word.casefold() not in GENERIC
        possessive = _POSSESSIVE.search(word)
        if capital and possessive:
            phrases.append([*current, word[: possessive.start()]])
            current = []
        elif capital:
            current.append(word)
        elif current and word in _CONNECTORS and index + 1 < len(words) \
                and words[index + 1].group(0)[0].isupper():
            current.append(word)
        elif current:
            phrases.append(current)
            current = []
    if current:
        phrases.append(current)
    return [" ".join(_trim(p)) for p in phrases if _trim(p)]


def _trim(words: list[str]) -> list[str]:
    while words and words[-1] in _CONNECTORS:
        words = words[:-1]
    return words
