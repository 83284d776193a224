"""The names an article mentions: the raw material of its tags.

One regular expression finds runs of capitalised words ("Tren de Aragua",
"U.S.", "Port Averill’s") in the whole text; each run is then split at
generic words ("The", "Monday"), possessives and leading titles or
demonyms ("Venezuelan President …"). A capitalised word at the start of a
sentence is only a name when it is not also written in lower case in the
text ("Critics say" → no) nor joined to a name by a connector ("Residents
of Port Elmstead" → "Port Elmstead"). Acronyms defined in the text, "Tren de Aragua
(TdA)", count as their expansion. Names are keyed case- and
punctuation-insensitively, so "TdA", "TDA" and "T.D.A." are one. Words
shouted in capitals ("DO NOT TRAVEL") are not acronyms, and a publication's
short name counts as its full name ("Proceso" → "Proceso Magazine").
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from .lexicon import CONNECTORS, COUNTRY_PREFIXES, DEMONYMS, GENERIC, TITLES
from .names import is_person_name

_UPPER = "".join(sorted({c for c in map(chr, range(0x41, 0x2000)) if c.isupper()}))
_UPPER_CLASS = re.escape(_UPPER)
# A capitalised word, an initialism ("U.S.") or a middle initial ("Mateo B.
# Valderrama"). Starting with the character class lets the regular
# expression engine skip ahead fast.
_CAPWORD = (rf"[{_UPPER_CLASS}](?:\.(?:[{_UPPER_CLASS}]\.)+|\.(?= [{_UPPER_CLASS}])"
            rf"|[\w&]*(?:[’'\-][\w&]+)*(?:(?<=s)[’'](?= [{_UPPER_CLASS}]))?)")
_PHRASE_SOURCE = rf"{_CAPWORD}(?: (?:(?:{'|'.join(CONNECTORS)}) ){{0,2}}{_CAPWORD})*"
_PHRASE = re.compile(_PHRASE_SOURCE)
_ACRONYM_IN_PARENTHESES = re.compile(r" \(([A-Za-z][A-Za-z.&]{1,9})\)")
_PHRASE_BEFORE = re.compile(rf"(?<![\w’'-])({_PHRASE_SOURCE})$")
_NOT_ALNUM = re.compile(r"[\W_]+")
_CONNECTOR_WORDS = frozenset(w for c in CONNECTORS for w in c.split())
_POSSESSIVE = ("’s", "'s", "’", "'")
# Words of the names of places and institutions: "Central Europe" is not a
# person whose surname is "Europe", nor "Kellmouth Library" one called Kellmouth.
_PLACE_WORDS = frozenset("""
central northern southern eastern western upper lower greater river lake mount bay island
street road lane avenue square bridge hospital airport station community county district
region city town village valley coast harbour harbor port beach library playhouse centre
center theatre theater museum trust club market pantry festival farm court school church
inn hotel pub cafe café restaurant chamber fund society métropole metro line
""".split())
# A name after one of these is a place ("in Lisnaree", "de Rennes"), not a first name.
_PLACE_BEFORE = "in at of from to near outside de à en di a da em aus nach".split()
_ADDRESS_WORDS = frozenset("street road lane avenue drive boulevard inn pub".split())
# Words before a name mentioned only to compare with it.
_COMPARISON = re.compile(r"\b(?:as|than|like|unlike|compared? (?:with|to)|compare that with|"
                         r"such as|similar to|size of)\s(?:\S+\s){0,2}$", re.IGNORECASE)
_SENTENCE_END = frozenset(".!?:;\n…—–")
# A word in capitals, and what may stand between the words of a shouted
# phrase ("ALL SERVICES *SUSPENDED* — DO NOT TRAVEL"): not a comma, a
# parenthesis or a sentence end, so "the EU, NATO (North …)" is not one.
_CAPS_WORD = re.compile(rf"(?<![\w.])[{_UPPER_CLASS}]{{2,}}(?!\w|\.\w)")
_SHOUT_GAP = re.compile(r"[ \t*_\-—–\"“”‘’']+")
# A publication's short name is the same thing as its full name ("Proceso"
# and "Proceso Magazine"), unlike a place and an institution named after it.
_KIND_WORDS = frozenset("""
magazine newspaper journal gazette revista periódico diario magazin zeitung quotidien giornale
rivista
""".split())
_OPENERS = frozenset(" “\"‘'([")


class Name(NamedTuple):
    """One name in one article (a named tuple: there are many, and they are
    pickled into the cache and across processes, which is fast for tuples)."""

    key: str  # case- and punctuation-free identity
    form: str  # the spelling used most in the article
    count: int
    lead: int  # occurrences in the first paragraph
    mid: int  # occurrences that are not at the start of a sentence
    words: int
    acronym: bool


@dataclass(frozen=True)
class Candidates:
    names: tuple[Name, ...]
    acronyms: tuple[tuple[str, str], ...]  # (acronym key, expansion key) defined in the text


def key(name: str) -> str:
    """Case- and punctuation-insensitive identity of a name ("The" aside)."""
    lowered = name.casefold()
    if lowered.startswith("the "):
        lowered = lowered[4:]
    return _NOT_ALNUM.sub("", lowered)


def candidates(paragraphs: list[str] | tuple[str, ...]) -> Candidates:
    """Every name in the article, with counts (see `Name`)."""
    text = _unshout("\n".join(paragraphs))
    padded = f" {text} "
    lead_end = len(paragraphs[0]) if paragraphs else 0
    definitions = _definitions(text)
    acronyms = {acronym: key(expansion) for acronym, expansion in definitions.items()}
    runs: Counter[tuple[str, bool, bool]] = Counter(
        (m.group(0), _at_sentence_start(text, m.start()), m.start() < lead_end)
        for m in _PHRASE.finditer(text))
    counts: Counter[str] = Counter()
    lead: Counter[str] = Counter()
    mid: Counter[str] = Counter()
    forms: Counter[tuple[str, str]] = Counter()
    mid_runs = {run for run, initial, _ in runs if not initial}
    names_in: dict[tuple[str, bool], list[tuple[int, str, str, bool]]] = {}
    for (run, initial, in_lead), n in runs.items():
        opener = initial and run not in mid_runs and _ordinary_opener(run, padded)
        parts = names_in.get((run, opener))
        if parts is None:
            parts = names_in[run, opener] = [
                (offset, name, acronyms.get(k, k), k in acronyms)
                for offset, name in _split(run.split(" "), opener) for k in (key(name),)]
        for offset, name, k, acronym in parts:
            if not acronym:  # "TdA" is not a spelling of "Tren de Aragua"
                forms[k, name] += n
            counts[k] += n
            lead[k] += n * in_lead
            mid[k] += n * (not (initial and offset == 0))
    for expansion in definitions.values():  # the spelling when only the acronym recurs
        forms[key(expansion), expansion] += 0
    best: dict[str, str] = {}
    for (k, form), _ in sorted(forms.items(), key=lambda item: -item[1]):
        best.setdefault(k, form)
    names = tuple(Name(k, best[k], n, lead[k], mid[k], len(best[k].split()),
                       _is_acronym(best[k])) for k, n in counts.items()
                  if n > 1 or lead[k] or not _in_passing(best[k], text))
    return Candidates(_merge_partial(names, text), tuple(sorted(acronyms.items())))


def _unshout(text: str) -> str:
    """The text with words in capitals that are not acronyms in lower case:
    a shouted phrase (two or more such words in a row: a banner, a headline
    in capitals) and an ordinary word of five letters or more the text also
    writes in lower case ("DISGRACEFUL", "disgraceful"); short words stay,
    as "US" and "IT" are acronyms beside "us" and "it". Lengths are kept, so offsets hold."""
    words = list(_CAPS_WORD.finditer(text))
    if not words:
        return text
    lower_case = set(re.findall(r"\w{5,}", text))
    shouted = set()
    for before, after in itertools.pairwise(words):
        if _SHOUT_GAP.fullmatch(text, before.end(), after.start()):
            shouted.update((before.start(), after.start()))
    chars = list(text)
    for m in words:
        word = m.group(0)
        if m.start() in shouted or word.lower() in lower_case:
            chars[m.start():m.end()] = (c.lower() if len(c.lower()) == 1 else c for c in word)
    return "".join(chars)


def _in_passing(form: str, text: str) -> bool:
    """A name mentioned once outside the lead, in a comparison ("as tall as Big
    Ben’s clock") or a street or pub named as an address ("from Abbey Lane")."""
    if form.rsplit(" ", 1)[-1].casefold() in _ADDRESS_WORDS:
        return True
    at = text.find(form)
    return at > 0 and _COMPARISON.search(text, max(0, at - 40), at) is not None


def _at_sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _ordinary_opener(run: str, padded: str) -> bool:
    """Whether the first word of a run that opens a sentence is an ordinary
    word: written in lower case elsewhere ("Critics …"), or joined to a name
    by a connector ("Residents of Port Elmstead") in a run never seen
    mid-sentence."""
    words = run.split(" ", 2)
    first = words[0]
    if first.casefold() in GENERIC:
        return False
    return f" {first.lower()} " in padded or (len(words) > 2 and words[1] in _CONNECTOR_WORDS)


def _split(words: list[str], opener: bool) -> list[tuple[int, str]]:
    """A run of capitalised words → the names in it, each with the index of its
    first word in the run; `opener`: the first word is an ordinary word."""
    if opener:
        words = ["the", *words[1:]]
    phrases: list[tuple[int, list[str]]] = [(0, [])]
    for index, word in enumerate(words):
        if word in _CONNECTOR_WORDS:  # as written: "of" joins, "Of" does not
            if not phrases[-1][1]:
                phrases[-1] = (index + 1, [])
            elif word == "of" and words[index + 1:index + 2] == ["the"] and _person_like(
                    " ".join(phrases[-1][1])):  # "Tom Ferris of the … Club" is two names
                phrases.append((index + 1, []))
            else:
                phrases[-1][1].append(word)
        elif word.casefold() in GENERIC:
            phrases.append((index + 1, []))
        elif word.endswith(_POSSESSIVE) and not (word.endswith(("s’", "s'")) and index + 1 < len(
                words) and words[index + 1] not in _CONNECTOR_WORDS):
            phrases[-1][1].append(word.rstrip("s").rstrip("’'"))  # "Kellmouth’s Riverside Park"
            phrases.append((index + 1, []))
        else:
            phrases[-1][1].append(word)
    return [(offset, " ".join(trimmed)) for offset, words in phrases if (trimmed := _trim(words))]


def _trim(words: list[str]) -> list[str]:
    """Without leading titles ("President", "Venezuelan President"), a country
    in front of an agency ("U.S. Drug Enforcement Administration") or
    dangling connectors."""
    start = 0
    while start < len(words) - 1 and (_is_title(words[start]) or (
            words[start].casefold() in DEMONYMS and _is_title(words[start + 1])) or (
            words[start].casefold() in COUNTRY_PREFIXES and len(words) - start > 2)):
        start += 1
    words = words[start:]
    while words and words[-1] in _CONNECTOR_WORDS:
        words = words[:-1]
    half = len(words) // 2
    if half > 1 and words[0] == words[half] and words[:half] == words[half:]:
        # a heading run into its text: "X Y X Y"
        words = words[:half]
    return words


def _is_title(word: str) -> bool:
    return word.casefold().rstrip(".") in TITLES


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return " " not in name and 2 <= len(letters) <= 8 and sum(c.isupper() for c in letters) >= 2


def _definitions(text: str) -> dict[str, str]:
    """Acronym key → expansion, from "Name Words (NW)" in the text."""
    found: dict[str, str] = {}
    for match in _ACRONYM_IN_PARENTHESES.finditer(text):
        before = _PHRASE_BEFORE.search(text, max(0, match.start() - 160), match.start())
        if before is None:
            continue
        letters = match.group(1).replace(".", "").casefold()
        words = before.group(1).split()
        for start in range(max(0, len(words) - len(letters) - 3), len(words)):
            phrase = words[start:]
            initials = "".join(w[0] for w in phrase).casefold()
            significant = "".join(w[0] for w in phrase if w not in _CONNECTOR_WORDS).casefold()
            if phrase[0][0].isupper() and letters in (initials, significant):
                found[letters] = " ".join(phrase)
                break
    return found


@functools.lru_cache(maxsize=8192)
def _after_preposition(form: str, text: str) -> bool:
    return any(f" {word} {form}" in text for word in _PLACE_BEFORE)


def _person_like(form: str) -> bool:
    return is_person_name(form) and not any(w.casefold() in _PLACE_WORDS for w in form.split())


def _merge_partial(names: tuple[Name, ...], text: str) -> tuple[Name, ...]:
    """Count "Achterberg" (and a first name alone, "Orla") as "Dominic
    Achterberg" when the text has both; and count a place or organisation
    named inside longer names ("Kellmouth" in "Kellmouth Borough Council")
    as mentioned there too."""
    wholes: dict[str, Name] = {}  # last word → the most frequent short name ending in it
    firsts: dict[str, set[str]] = {}  # first word → the names it starts
    for name in sorted(names, key=lambda n: (-n.count, n.key)):
        if name.words > 1 and not name.acronym:
            firsts.setdefault(key(name.form.split()[0]), set()).add(name.key)
        if name.words in (2, 3) and not name.acronym and _person_like(name.form):
            wholes.setdefault(key(name.form.split()[-1]), name)
            wholes.setdefault(f"first:{key(name.form.split()[0])}", name)
    fuller = _full_names(names, firsts, text)
    groups: dict[str, list[Name]] = {}
    for name in names:
        whole = fuller.get(name.key)
        if name.words == 1 and not name.acronym:
            whole = whole or wholes.get(name.key) or (
                wholes.get(f"first:{name.key}") if len(firsts.get(name.key, ())) == 1
                and not _after_preposition(name.form, text) else None)
        groups.setdefault(whole.key if whole else name.key, []).append(name)
    by_key = {name.key: name for name in names}
    merged = [_summed(by_key[k], group) for k, group in groups.items()]
    inside: Counter[str] = Counter()  # one word → mentions of longer names it modifies
    for name in merged:
        if name.words > 1:
            words = name.form.split()
            for modifier in {words[0], *(w for i, w in enumerate(words[1:], 1)
                                         if words[i - 1] in _CONNECTOR_WORDS)}:
                inside[modifier] += name.count
    # A one-word name counts also where it modifies a longer name
    # ("Kellmouth Borough Council", "Comune di Genova").
    return tuple(n._replace(count=n.count + inside[n.form], mid=n.mid + inside[n.form])
                 if n.words == 1 and not n.acronym and inside[n.form] else n for n in merged)


def _full_names(names: tuple[Name, ...], firsts: dict[str, set[str]],
                text: str) -> dict[str, Name]:
    """Short name key → the publication it is short for: "Proceso" → "Proceso
    Magazine" when no other name starts with "Proceso" and the text never
    puts it after "in", "at", … as a place."""
    keys = {name.key for name in names}
    fuller: dict[str, Name] = {}
    for name in sorted(names, key=lambda n: (-n.count, n.key)):
        *short, kind = name.form.split()
        if not short or name.acronym or kind.casefold() not in _KIND_WORDS:
            continue
        short_key = key(" ".join(short))
        if short_key in keys and firsts.get(key(short[0]), set()) - {short_key} == {name.key} \
                and not _after_preposition(" ".join(short), text):
            fuller.setdefault(short_key, name)
    return fuller


def _summed(head: Name, group: list[Name]) -> Name:
    return Name(head.key, head.form, sum(n.count for n in group), sum(n.lead for n in group),
                sum(n.mid for n in group), head.words, head.acronym)
