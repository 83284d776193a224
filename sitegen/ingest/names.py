"""Personal names: telling "Ana de la Cruz" from "The Associated Press".

Bylines, bios and signature lines all end up asking the same question: is
this short run of words a person's name? A name is two to six words, each
capitalised (Núñez-Ortega, O'Neill), an initial ("T."), a particle ("de",
"la", "van") or a suffix ("Jr."); it has no digits and none of the words
that mark an organisation ("Press", "Council", "News"). A name written in
capitals ("JANE DOE") is given its usual case.
"""

from __future__ import annotations

import re

PARTICLES = frozenset({"de", "la", "del", "della", "da", "di", "das", "do", "dos", "du", "van",
                       "von", "der", "den", "le", "bin", "ibn", "al", "el", "y", "ter", "ten",
                       "zu", "st."})
_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "PhD", "MD"})
_HONORIFICS = frozenset({"Dr.", "Dr", "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Prof.", "Prof",
                         "Sir", "Dame", "Rev.", "Rev"})
# Words that make a run of capitalised words an organisation, a role or a
# sentence rather than a person.
NOT_PERSON_WORDS = frozenset("""
the a an this that these those it he she they we our his her their in on at for of and or by
with from to as is was has have had will would said says news press times post journal
agency council university college school department ministry foundation institute
association group company corporation corp corp. inc inc. llc ltd ltd. plc media network
staff team service services associated reuters bureau desk editorial editors board commission
authority government office committee club society party union federation alliance magazine
newspaper daily weekly herald tribune gazette ledger review wire radio television tv online
writer reporter correspondent editor contributor columnist photographer producer author
contact contacts media relations communications public information spokesperson director
manager officer president chairman chief minister secretary governor mayor senator
city county state national international world global north south east west new
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december about follow more share subscribe
""".split())
_WORD = re.compile(r"^[^\W\d_][^\W\d_’'\-.]*(?:[’'\-][^\W\d_]+)*\.?$")
_INITIAL = re.compile(r"^(?:[^\W\d_]\.)+$|^[^\W\d_]$")


def is_person_name(text: str) -> bool:
    """Whether `text` (already cleaned, see `clean_name`) reads as one person's name."""
    words = text.split()
    if not 2 <= len(words) <= 6 or words[0].casefold() in PARTICLES:
        return False
    core = [w for w in words if w not in _SUFFIXES]
    if not core or _INITIAL.match(core[-1]):
        return False
    for word in core:
        if word.casefold() in PARTICLES or _INITIAL.match(word):
            continue
        if not (_WORD.match(word) and word[0].isupper()) or word.casefold() in NOT_PERSON_WORDS:
            return False
    return True


def clean_name(text: str) -> str:
    """A name as it should be shown: no honorific, no stray punctuation, usual case."""
    words = text.strip(" \t,;:.–—-|*_").split()
    while words and words[0] in _HONORIFICS:
        words = words[1:]
    name = " ".join(words)
    if name.endswith(".") and not _INITIAL.match(words[-1]) and words[-1] not in _SUFFIXES:
        name = name[:-1]
    return title_case(name) if name.isupper() and len(name) > 3 else name


def title_case(name: str) -> str:
    """"SIOBHÁN O'NEILL" → "Siobhán O'Neill", "ANA DE LA CRUZ" → "Ana de la Cruz"."""
    words = []
    for word in name.split():
        lowered = word.casefold()
        if lowered in PARTICLES:
            words.append(lowered)
            continue
        parts = re.split(r"([’'\-])", lowered)
        words.append("".join(p[:1].upper() + p[1:] for p in parts))
    return " ".join(words)


def name_key(name: str) -> str:
    """Identity of a person across spellings: first and last word, case-free."""
    words = [w for w in name.casefold().split() if not _INITIAL.match(w)] or name.split()
    return f"{words[0]} {words[-1]}".replace("’", "'")
