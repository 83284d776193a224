"""Tags: the few names an article is about, chosen with the whole collection in view.

Each article's candidate names (`candidates`) are scored by how often the
article mentions them, with a bonus for the lead paragraph, for names of
several words or acronyms, and for names that other articles of the
collection mention too, so tag pages group articles. The collection also
settles what one article cannot: an acronym defined in another article
("Tren de Aragua (TdA)") stands for its expansion everywhere, a name is
shown in its most common spelling, and a capitalised word that only ever
opens sentences is a name only if some article uses it mid-sentence.

Never tags: people who wrote the article, its publication, demonyms
("Mexican"), titles ("President"), generic words and the config's stop
list. The config's vocabulary adds tags by keyword (first), its aliases
rename names, and `max_tags` caps the list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..config import IngestRules
from .candidates import Candidates, Name, key
from .lexicon import DEMONYMS, GENERIC, TITLES

# Well-known acronyms that are the same place as their expansion.
_KNOWN_ACRONYMS = {"us": "unitedstates", "usa": "unitedstates", "uk": "unitedkingdom",
                   "eu": "europeanunion", "un": "unitednations"}


@dataclass(frozen=True)
class TagRules:
    """The config's stop list and aliases by name key: made once per run."""

    max_tags: int = 8
    stop: frozenset[str] = frozenset()
    aliases: dict[str, str] = field(default_factory=dict)  # name key → tag

    @classmethod
    def of(cls, rules: IngestRules) -> TagRules:
        return cls(rules.max_tags, frozenset(map(key, rules.stop)),
                   {key(k): v for k, v in rules.aliases.items()})


@dataclass(frozen=True)
class TagCorpus:
    """What the whole collection says about names (see the module docstring)."""

    articles: int = 1
    mentions: dict[str, int] = field(default_factory=dict)  # key → articles naming it
    forms: dict[str, str] = field(default_factory=dict)  # key → spelling shown
    acronyms: dict[str, str] = field(default_factory=dict)  # acronym key → expansion key
    mid_sentence: frozenset[str] = frozenset()  # keys used mid-sentence somewhere


def tag_corpus(all_candidates: Iterable[Candidates]) -> TagCorpus:
    """Pool the candidates of every article of the collection."""
    all_candidates = list(all_candidates)
    definitions: Counter[tuple[str, str]] = Counter(
        pair for c in all_candidates for pair in c.acronyms)
    acronyms = dict(_KNOWN_ACRONYMS)
    for (acronym, expansion), _ in sorted(definitions.items(), key=lambda i: (-i[1], i[0])):
        acronyms.setdefault(acronym, expansion)
    mentions: Counter[str] = Counter()
    spellings: Counter[tuple[str, str]] = Counter()
    mid: set[str] = set()
    for found in all_candidates:
        for name in found.names:
            k = acronyms.get(name.key, name.key)
            mentions[k] += 1
            if k == name.key:
                spellings[k, name.form] += name.count
            if name.mid:
                mid.add(k)
    forms: dict[str, str] = {}
    for (k, form), _ in sorted(spellings.items(), key=lambda i: (-i[1], i[0])):
        forms.setdefault(k, form)
    return TagCorpus(len(all_candidates), dict(mentions), forms, acronyms, frozenset(mid))


def choose_tags(vocabulary: list[str], names: list[tuple[str, str]], max_tags: int) -> list[str]:
    """Vocabulary tags first, then the (key, name) `names` in order, at most `max_tags`."""
    seen: set[str] = set()
    tags = []
    for k, tag in [*((key(v), v) for v in vocabulary), *names]:
        if k not in seen and len(tags) < max_tags:
            seen.add(k)
            tags.append(tag)
    return tags


def ranked_names(found: Candidates, pool: TagCorpus, rules: TagRules,
                 exclude: Iterable[str] = (), nouns_capitalised: bool = False
                 ) -> list[tuple[str, str]]:
    """The names the article is about, most important first: (key, name as shown).

    `nouns_capitalised`: the text is German, where every noun is
    capitalised, so a single word needs more than one mention to be a name."""
    blocked = rules.stop.union(map(key, exclude))
    merged: dict[str, list[Name]] = {}
    for name in found.names:
        merged.setdefault(pool.acronyms.get(name.key, name.key), []).append(name)
    scored = []
    for k, names in merged.items():
        score = 0 if k in blocked else _score(k, names, pool, nouns_capitalised)
        if score:
            scored.append((-score, pool.forms.get(k) or names[0].form, k))
    ranked = []
    for _, form, k in sorted(scored):
        if k in rules.aliases:
            form = rules.aliases[k]
            k = key(form)
        if k not in blocked:
            ranked.append((k, form))
    return ranked


def _score(k: str, names: list[Name], pool: TagCorpus, nouns_capitalised: bool) -> int:
    """How much the article is about this name; 0 when it is not a tag at all."""
    count = sum(n.count for n in names)
    lead = any(n.lead for n in names)
    long_name = any(n.words > 1 or n.acronym for n in names)
    if count < 2 and not (long_name or (lead and not nouns_capitalised)):
        return 0  # a one-word name mentioned once, outside the lead: in passing
    if not long_name and k not in pool.mid_sentence:
        return 0  # a word that only ever opens sentences
    if k in DEMONYMS or k in GENERIC or k in TITLES or not k or k.isdigit():
        return 0
    shared = pool.mentions.get(k, 0) >= 2 and pool.articles > 1
    return count + 2 * lead + long_name + 2 * shared


def vocabulary_tags(text: str, rules: IngestRules) -> list[str]:
    """The config's vocabulary tags whose keywords the text mentions."""
    if not rules.vocabulary:
        return []
    lowered = text.casefold()
    return [tag for tag, keywords in rules.vocabulary.items()
            if any(re.search(rf"\b{re.escape(k.casefold())}\b", lowered) for k in keywords)]
