"""Author bios: the "Jane Doe is a reporter with …" paragraphs at the end.

A bio opens with a person's name and a verb ("is", "writes", "covers",
"can be reached") or an apposition ("Jane Doe, a reporter for …"). So that
the last paragraph of a story ("Nell Ferreira is hoping the boats return")
is not taken for a bio, it must also read like one: a newsroom role in the
first sentence, or, for other roles (a professor writing an opinion piece),
contact details or a pronoun sentence and a name the story itself does not
mention. A closing paragraph may hold several bios, one after the other
("Jane Doe is … . John Roe is … ."): it is split into one bio per person,
and there the pattern of the paragraph is evidence enough, whatever the roles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..text import sentences
from .names import PARTICLES, clean_name, is_person_name

_CAP = r"[^\W\d_][\w’'\-]*\.?"
_NAME = rf"{_CAP}(?:\s(?:{_CAP}|{'|'.join(sorted(PARTICLES))})){{1,5}}"
_BIO = re.compile(
    rf"^(?:about the authors?\s*[:.—-]?\s*)?[*_]*(?P<name>{_NAME})[*_]*"
    r"(?:\s*\([^)]{0,80}\))?(?:\s(?:is|was|has\sbeen|serves\sas|writes|covers|reports|"
    r"can\sbe\s(?:reached|contacted)|is\sbased|joined|teaches|works|lives)\b|,\s(?:a|an|the)\s)",
    re.IGNORECASE)
_BIO_VERB = re.compile(r" (?:is|was|has been|serves as|writes|covers|reports|joined|teaches|"
                       r"works|lives) ")
_NEXT_BIO = re.compile(r"[.!?][”\"’]?\s+" + _BIO.pattern.removeprefix("^"), re.IGNORECASE)
_NEWSROOM = re.compile(
    r"\b(?:reporter|journalist|writer|editor|correspondent|columnist|author|contributor|"
    r"contributing|freelance|staff|newsletter|producer|photographer|photojournalist|"
    r"blogger|critic|commentator|bureau|anchor|podcast|host|covers|writes|reports)\b|"
    r"editor-in-chief|\bcan be (?:reached|contacted)\b", re.IGNORECASE)
_CONTACT_DETAIL = re.compile(r"@|\b(?:follow|contact|reach|e-?mail)\b|\b(?:He|She|They)\s",
                             re.IGNORECASE)
_OUTLET = re.compile(r"\b(?:with|of|at|for)\s(?:the\s)?"
                     r"(?P<outlet>[A-Z][\w’'&.-]*(?:\s(?:(?:of|for|and|de)\s)?[A-Z][\w’'&.-]*)*)")
_DASH = re.compile(r"^(?:—|–|--)\s*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
CONTACT_LINE = re.compile(
    r"^(?:you can |please )?(?:follow|contact|reach|email|e-mail|write to|find)\b|"
    r"^(?:twitter|x|email|e-mail|bluesky|mastodon|instagram|web|website)\s*:|^@\w+$",
    re.IGNORECASE)
ABOUT_AUTHOR = re.compile(r"^(?:about the authors?|about the writers?|the authors?)\s*:?$",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Bio:
    name: str
    text: str
    email: str | None
    outlet: str | None


def may_be_bio(paragraph: str) -> bool:
    """A quick first look: does the paragraph open like a bio?"""
    return _BIO.match(_unwrap(paragraph)) is not None


def bios(paragraph: str, in_story: Callable[[str], bool]) -> tuple[Bio, ...]:
    """The bios in `paragraph` (none, one, or one per person when it holds
    several); `in_story(name)` tells whether the story mentions a name, to
    tell an author from a person it is about."""
    text = _unwrap(paragraph)
    several = len(_BIO_VERB.findall(text)) > 1 and _NEXT_BIO.search(text)  # cheap look first
    parts = _per_person(text) if several else [text]
    if len(parts) == 1:
        found = bio(text, in_story)
        return (found,) if found else ()
    found = tuple(b for part in parts if (b := bio(part, in_story, several=True)))
    return found if len(found) == len(parts) else ()


def _per_person(text: str) -> list[str]:
    """The sentences of `text` grouped so that each group opens with a bio
    of a new person ("Jane Doe is …"); sentences about the same person
    ("She writes …") stay with their bio."""
    parts: list[list[str]] = []
    for sentence in sentences(text):
        match = _BIO.match(sentence)
        opens = match is not None and is_person_name(clean_name(match.group("name")))
        if not parts or (opens and all(match.group("name") not in p[0] for p in parts)):
            parts.append([sentence])
        else:
            parts[-1].append(sentence)
    return [" ".join(p) for p in parts]


def bio(paragraph: str, in_story: Callable[[str], bool], several: bool = False) -> Bio | None:
    """The bio in `paragraph`, or None (see `bios`); `several`: one of
    several bios in one paragraph, where a role outside the newsroom needs
    no contact details to be believed."""
    text = _unwrap(paragraph)
    match = _BIO.match(text)
    if match is None:
        return None
    name = clean_name(match.group("name"))
    if not is_person_name(name):
        return None
    first_sentence = sentences(text)[0]
    other_role = not _NEWSROOM.search(first_sentence)
    if other_role and (in_story(name) or not (several or _CONTACT_DETAIL.search(
            text[match.end():]))):
        return None
    email = _EMAIL.search(text)
    outlet = None if other_role else _OUTLET.search(first_sentence[match.end() - 1:])
    return Bio(name=name, text=_without_label(text),
               email=email.group(0).rstrip(".") if email else None,
               outlet=outlet.group("outlet").strip().rstrip(".") if outlet else None)


def _unwrap(paragraph: str) -> str:
    """Without a leading dash or italics around the whole paragraph
    ("— Jane Doe is …", "*Jane Doe is …*")."""
    paragraph = _DASH.sub("", paragraph)
    for mark in ("**", "*", "_"):
        if paragraph.startswith(mark) and paragraph.rstrip(".").endswith(mark):
            inner = paragraph[len(mark):].rstrip(".")
            return inner[: -len(mark)].strip() + ("." if paragraph.endswith(".") else "")
    return paragraph


def _without_label(text: str) -> str:
    return re.sub(r"^about the authors?\s*[:.—-]?\s*", "", text, flags=re.IGNORECASE)
