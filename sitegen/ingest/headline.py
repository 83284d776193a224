"""A headline for a seed that has no title, written from its lead sentence
the way a sub-editor would.

The headline is the lead's main clause: its subject, verb and what the verb
acts on. So the lead sentence loses, in turn:

* a leading subordinate clause or adverbial ("Three years after it opened,",
  "On a flat concrete roof above …,", "Last month,", "Facing a deficit,");
* parentheses, time phrases ("on Tuesday") and vote counts ("9 to 4");
* attribution ("…, officials said", "according to …", "X said that …");
* a descriptive opening before the main subject ("The regional water
  company Severn Vale Water …" starts at "Severn Vale Water");
* everything after the first clause boundary ("which …", "and has …").

It is then put in headline style ("has been fined" → "fined", "will close"
→ "to close", no leading article) and fitted into `MAX_WORDS` by cutting
at a phrase boundary, never inside a name or on a little word, keeping the
names it holds (dropping articles before it drops a name). When the
clause's subject is a pronoun or a bare noun ("staff", "it"), the article's
main subject is named instead or in front ("Kellmouth General Hospital
staff …").

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
    r"(?:(?:from|by|until|in|for)\s)?(?:this|last|next)\s(?:week|month|year|morning|evening|night|weekend|summer|winter|"
    r"spring|autumn|fall)(?=[\s,.;])(?!\s(?:is|was|were|has|had|saw))|"
    r"yesterday|today)\b")
_VOTE = re.compile(r"\s(?:by\s)?\d+\s?(?:to|-|–)\s?\d+\b")
_PARENS = re.compile(r"\s*\([^)]*\)")
_LABEL = re.compile(r"^(?:[QA][:.]\s+|[A-Z][A-Z .’'-]{1,30}:\s+)")
# Words that open a leading subordinate clause or adverbial.
_OPENERS = frozenset("""
after when while although though because since as if until before despite amid following
facing with without on in at for from during under over by across inside outside near
last this next earlier later once unlike like according ahead throughout within beyond
""".split())
_TIME_UNITS = frozenset("years months weeks days hours decades year month week day".split())
# Words that open a new clause: where the main clause ends.
_BREAKS = frozenset({"and", "but", "which", "that", "who", "whom", "while", "because", "although",
                     "though", "whereas", "where", "amid", "despite", "according", "after",
                     "before", "since", "until", "so", "—", "–"})
# "announced that …": the "that" goes, the clause goes on.
_REPORTING = frozenset({"said", "says", "announced", "reported", "warned", "argued", "added",
                        "insisted", "confirmed", "revealed", "found", "showed", "shows",
                        "estimated", "claimed", "noted", "believes", "believe", "stated",
                        "declared", "ruled", "agreed", "say", "announces", "reports"})
# Little words of the other languages ingest reads (French, Spanish,
# Portuguese, Italian, German): relative pronouns start a phrase, and none
# of these ends a headline.
_FOREIGN_RELATIVES = frozenset("qui que dont où quien cuyo donde cual che cui dove quando "
                               "welche welcher welches".split())
_FOREIGN_LITTLE = frozenset("""
le la les l’ l' un une des du de d’ d' à au aux et ou en par pour sur dans avec sans sous
el los las una unos unas del al y o con por para sin sobre entre il lo gli uno di da e per
su nel nella della dei delle degli der die das den dem des ein eine einen einem und oder mit
für von zu im am auf aus bei nach um os as um uma do da dos das no na em ao com
""".split())
# Where a headline may be cut: before these words a phrase ends.
_PHRASE_STARTS = frozenset("""
in on at to for from by with into near over under after before during across through along
around between about against without within amid despite since until via toward towards
its their his her who which that where when while as and but or than because next last
""".split()) | _FOREIGN_RELATIVES
# Words a headline must not end on.
_DANGLING = frozenset("""
a an the of in on at to for from by with and or but between around into over under after
before as than its their his her is are was were has have had will would that this across
through along near most some many all more less be been being very also only just not no
""".split()) | _FOREIGN_LITTLE | _FOREIGN_RELATIVES
_ARTICLES = frozenset({"the", "a", "an"})
_VERBISH = frozenset("has have had is are was were will would could can should must may might "
                     "said says did does do then also now".split())
# Nouns for the people of an organisation or place: "staff" of the article's
# main subject become "Kellmouth General Hospital staff".
_MEMBERS = frozenset("""
staff workers employees officials officers nurses doctors teachers pupils students members
managers engineers scientists researchers police firefighters passengers traders residents
fishermen fishers volunteers players fans crew crews inspectors
""".split())
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "this"})
_AUXILIARIES = frozenset({"has been", "have been", "had been", "is", "are", "was", "were",
                          "has", "have"})
# An opening with one of these words is a clause of its own, not a description.
_NOT_DESCRIPTIVE = frozenset("""
is are was were has have had will would can could said says say announced reported in of
at to for from by on with along across near and or but after before around between into over
""".split())
_IRREGULAR_PARTICIPLES = frozenset("""
been born bought brought built caught chosen done drawn driven eaten fallen felt found given
gone grown held hit hurt kept known laid led left lent lost made met paid put read run said
seen sent set shown shut sold spent struck taken taught told thought thrown understood won
written cut beaten bitten broken forgotten frozen hidden spoken stolen sworn torn worn
""".split())


def headline(lead_paragraph: str, subjects: list[str]) -> str:
    """A headline from the paragraph's first sentence; `subjects` are the
    names the article is about, most important first."""
    sentence = _PARENS.sub("", _lead_sentence(lead_paragraph))
    sentence = _VOTE.sub("", _TIME_PHRASES.sub("", f" {sentence}")).strip()
    opening, words = _main_clause(sentence.split())
    words = _from_subject(_without_reporting_that(words), subjects)
    words = _place_first(_headline_style(words[:_clause_end(words)]))
    words = _named(words, opening, subjects)
    place = _place(opening, words, subjects)
    words = _fit(words, MAX_WORDS - len(place)) + place
    title = " ".join(words).strip(",;:.!?—–-”’\"' ")
    return (title[:1].upper() + title[1:]) if title else "Untitled"


def _lead_sentence(paragraph: str) -> str:
    """The first sentence that is not a quotation, without a speaker label."""
    found = sentences(_LABEL.sub("", paragraph.strip())) or [""]
    return next((s for s in found if not s.startswith(("“", '"', "‘"))), found[0])


def _main_clause(words: list[str]) -> tuple[list[str], list[str]]:
    """(the leading subordinate clause or adverbial, the rest) of a sentence;
    the opening is empty when the sentence starts with its main clause."""
    if not words or not _opens_adverbial(words):
        return [], words
    for index, word in enumerate(words[:30]):
        rest = words[index + 1:]
        if word.endswith(",") and len(rest) >= 3 and not _continues_list(rest):
            return (words[:index + 1], rest) if _starts_clause(rest[0]) else ([], words)
    return [], words


def _starts_clause(word: str) -> bool:
    """Whether a main clause can start with `word` (its subject), unlike
    "with several …" after "Fishing licences … (CFC),"."""
    lowered = word.casefold()
    return lowered not in _OPENERS and lowered not in _BREAKS and lowered not in _PHRASE_STARTS \
        and not (word[:1].islower() and lowered.endswith("ing"))


def _opens_adverbial(words: list[str]) -> bool:
    first = words[0].casefold().strip("“\"‘")
    if first in _OPENERS or (first.endswith("ing") and len(first) > 5):
        return True
    if first.endswith("ed") and len(words) > 1 and words[1].casefold() in ("by", "with"):
        return True  # "Backed by …, the council …"
    return len(words) > 2 and words[1].casefold().strip(",") in _TIME_UNITS and \
        words[2].casefold() in ("after", "ago", "since", "before", "later", "on")


def _continues_list(rest: list[str]) -> bool:
    """After a comma, a list goes on: short items up to an "and" or "or"
    ("tomatoes, beans and salad", "Kellmouth, Brackwater, Lisnaree and …")."""
    item = 0
    for word in rest[:10]:
        if word.casefold() in ("and", "or"):
            return True
        item = 0 if word.endswith(",") else item + 1
        if item > 3 or word.endswith((".", ";", ":")):
            return False
    return False


def _in_list(words: list[str], at: int) -> bool:
    """`words[at]` is an "and" or "or" inside a phrase: ending a list
    ("tomatoes, beans and salad"), or in "between X and Y"."""
    return words[at].casefold() in ("and", "or") and any(
        w.endswith(",") or w.casefold() == "between" for w in words[max(0, at - 4):at])


def _joins_clauses(words: list[str], at: int) -> bool:
    """An "and" that starts a new clause ("…, and", "and has …"), not one
    that joins two nouns ("people and pets")."""
    if words[at].casefold() != "and":
        return True
    after = words[at + 1].casefold() if at + 1 < len(words) else ""
    return words[at - 1].endswith(",") or after in _VERBISH or (
        after.endswith("ed") and len(after) > 4)


def _without_reporting_that(words: list[str]) -> list[str]:
    return [w for i, w in enumerate(words)
            if not (w == "that" and i and words[i - 1].casefold() in _REPORTING)]


def _from_subject(words: list[str], subjects: list[str]) -> list[str]:
    """Skip a purely descriptive opening ("The Venezuelan terrorist organization")."""
    for subject in subjects:
        parts = subject.split()
        for at in range(1, min(len(words), 9)):
            if [w.rstrip(",’'s") for w in words[at:at + len(parts)]] == parts or \
                    words[at:at + len(parts)] == parts:
                opening = words[:at]
                descriptive = opening[-1][:1].islower() and not any(
                    w.casefold() in _NOT_DESCRIPTIVE or w.endswith(",") for w in opening)
                return words[at:] if descriptive else words
    return words


def _clause_end(words: list[str]) -> int:
    """How many words make the main clause: up to a clause break or a comma
    that is not in a list."""
    for index, word in enumerate(words):
        if index >= MIN_WORDS and word.casefold() in _BREAKS and not _in_list(words, index) \
                and _joins_clauses(words, index):
            return index
        if index + 1 >= MIN_WORDS and word.endswith((",", ";", ":")) and not (
                word.endswith(",") and _continues_list(words[index + 1:])):
            return index + 1
    return len(words)


def _headline_style(words: list[str]) -> list[str]:
    """No leading article; "has been fined" → "fined", "will close" → "to close"."""
    if len(words) > MIN_WORDS and words[0].casefold() in _ARTICLES:
        words = words[1:]
    for index, word in enumerate(words[:MAX_WORDS]):
        lowered = word.casefold()
        if lowered == "will" and index and index + 1 < len(words) \
                and words[index + 1].casefold() != "not":
            return [*words[:index], "to", *words[index + 1:]]
        pair = f"{lowered} {words[index + 1].casefold()}" if index + 1 < len(words) else ""
        aux = pair if pair in _AUXILIARIES else lowered if lowered in _AUXILIARIES else ""
        if aux and index:
            after = index + len(aux.split())
            adverb = after + 1 < len(words) and words[after].casefold().endswith("ly")
            if after + adverb < len(words) and _participle(words[after + adverb]):
                return [*words[:index], *words[after:]]  # "has finally passed" → "finally passed"
            return words
    return words


def _place_first(words: list[str]) -> list[str]:
    """"health officials in Port Averill advised …" → "Port Averill health officials advised …"."""
    for index in (1, 2):
        if index < len(words) - 2 and words[index] == "in" and words[index + 1][:1].isupper() \
                and all(w[:1].islower() and w.isalpha() for w in words[:index]):
            end = index + 1
            while end < len(words) and words[end][:1].isupper() \
                    and not words[end - 1].endswith(","):
                end += 1
            return [*words[index + 1:end], *(w.lower() for w in words[:index]), *words[end:]]
    return words


def _participle(word: str) -> bool:
    lowered = word.casefold()
    return (lowered.endswith("ed") and len(lowered) > 4) or lowered in _IRREGULAR_PARTICIPLES


def _named(words: list[str], opening: list[str], subjects: list[str]) -> list[str]:
    """Name the article's main subject when the clause's subject does not:
    a pronoun becomes it, a bare noun ("staff") gets it in front."""
    if not subjects or not words:
        return words
    top = subjects[0]
    text = " ".join(words)
    if top in text or not any(top in w for w in (" ".join(opening),)):
        return words
    first = words[0].casefold()
    if first in _PRONOUNS:
        return [*top.split(), *words[1:]]
    start = 1 if first in _ARTICLES and len(words) > 1 else 0
    if words[start].casefold().rstrip(",") in _MEMBERS:
        return [*top.split(), *words[start:]]
    return words


def _place(opening: list[str], words: list[str], subjects: list[str]) -> list[str]:
    """"in Lisnaree" from a skipped opening, when the headline lacks that place."""
    text = " ".join(words)
    joined = " ".join(opening).rstrip(",")
    for subject in subjects[:4]:
        if subject not in text and re.search(rf"\b(?:in|at) {re.escape(subject)}\b", joined):
            return ["in", *subject.split()]
    return []


def _fit(words: list[str], limit: int) -> list[str]:
    """At most `limit` words, cut at a phrase boundary; of the ways to fit,
    the one keeping the main verb, then most names, then the whole clause,
    then articles, then most words."""
    if len(words) <= limit:
        return _trim(words, words)
    choices = []
    shorter = _without_articles(words)
    verb = _main_verb(words)
    for dropped, variant in ((False, words), (True, shorter), (True, _short_amounts(shorter)),
                             (True, _short_subject(shorter, _main_verb(shorter)))):
        if len(variant) <= limit:
            choices.append((_trim(variant, variant), dropped, True))
            continue
        for cut in range(MIN_WORDS, limit + 1):
            if _boundary(variant, cut):
                choices.append((_trim(variant[:cut], variant), dropped, False))
    if not choices:
        return _trim(words[:limit], words)
    predicate = words[verb] if verb else None
    best, _, _ = max(choices, key=lambda c: (predicate is None or predicate in c[0],
                                             _names(c[0]), c[2], not c[1], len(c[0])))
    return best


def _main_verb(words: list[str]) -> int | None:
    """Where the main clause's verb probably is: the first auxiliary or past
    form after the subject ("… salt marsh at the mouth … cleared …")."""
    for index in range(2, len(words)):
        lowered = words[index].casefold()
        before = words[index - 1].casefold()
        if before in ("to", "be", "been", "being", *_ARTICLES) or words[index][:1].isupper():
            continue
        if lowered in _VERBISH or (
                lowered.endswith("ed") and len(lowered) > 4 and before not in _PHRASE_STARTS):
            return index
    return None


def _short_subject(words: list[str], verb: int | None) -> list[str]:
    """A subject too long to leave room for its verb, cut to its head: "Plan to restore
    140 hectares of salt marsh [at the mouth of the River Tamsin] cleared …"."""
    if verb is None or verb <= MAX_WORDS - 3:
        return words
    for cut in range(2, verb):
        if words[cut].casefold() in _PHRASE_STARTS - {"to"} and _boundary(words, cut):
            return [*words[:cut], *words[verb:]]
    return words


def _boundary(words: list[str], cut: int) -> bool:
    """Whether a phrase ends before `words[cut]`: a phrase starts there, no list
    is cut in two, and what is kept ends on a content word, not a number."""
    before, at = words[cut - 1], words[cut].casefold().rstrip(",;:")
    if before.strip(",").casefold() in _DANGLING or before.strip(",").isdigit():
        return False
    if before.endswith(","):
        return not _continues_list(words[cut:])
    return at in _PHRASE_STARTS and not _in_list(words, cut)


def _without_articles(words: list[str]) -> list[str]:
    """Headline style: no "the", "a" or "an" (except inside a name: "Bank of the West")."""
    return [w for i, w in enumerate(words) if w.casefold() not in _ARTICLES or (
        0 < i < len(words) - 1 and words[i - 1][:1].isupper() and words[i + 1][:1].isupper())]


def _short_amounts(words: list[str]) -> list[str]:
    """"£2.1 million" → "£2.1m", "$3 billion" → "$3bn", as headlines write amounts."""
    short = {"million": "m", "billion": "bn"}
    found: list[str] = []
    for word in words:
        if word.casefold().rstrip(",") in short and found and found[-1][:1] in "£$€":
            found[-1] += short[word.casefold().rstrip(",")] + ("," if word.endswith(",") else "")
        else:
            found.append(word)
    return found


def _names(words: list[str]) -> int:
    return sum(1 for w in words[1:] if w[:1].isupper())


def _trim(kept: list[str], words: list[str]) -> list[str]:
    """Drop a name cut in two at the end, then dangling little words."""
    if len(kept) < len(words) and words[len(kept)][:1].isupper():
        while len(kept) > MIN_WORDS and kept[-1][:1].isupper():
            kept = kept[:-1]
    while len(kept) > MIN_WORDS and kept[-1].strip(",;:").casefold() in _DANGLING:
        kept = kept[:-1]
    return [*kept[:-1], kept[-1].rstrip(",;:")] if kept else kept
