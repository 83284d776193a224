"""A synthetic collection of content files, made here so that tests need
nothing outside the project. Deterministic: article `i` depends only on `i`.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

_WORDS = ("harbour council ferry timetable winter island storm market bridge school "
          "water vote budget road river clinic library festival fishing tourism mayor "
          "report survey plan court season rail station garden museum farm coast").split()
_PEOPLE = ("Alma Reyes", "Bruno Castell", "Clara Novak", "Dmitri Orlov", "Elena Ruiz",
           "Farid Haddad", "Greta Lind", "Hugo Mendes", "Ines Duarte", "Jonas Berg")
_TAGS = ("Greywater Island", "Harbour Board", "Ferry Union", "North Coast", "Rail Trust",
         "Fishing Guild", "City Council", "Island Weekly", "Storm Season", "Water Office",
         "Market Hall", "River Clinic")


def write_collection(folder: Path, n: int) -> list[Path]:
    """`n` articles (`article-<i>.md`) and a profile per author in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"article-{i:05d}.md"
        path.write_text(article_text(i), encoding="utf-8")
        paths.append(path)
    profiles = folder / "authors"
    profiles.mkdir(exist_ok=True)
    for name in _PEOPLE:
        slug = name.lower().replace(" ", "-")
        (profiles / f"{slug}.md").write_text(
            f"---\nname: {name}\nsource: Island Weekly\n---\n\n"
            f"{name} reports on the islands for Island Weekly.\n", encoding="utf-8")
    return paths


def article_text(i: int) -> str:
    rng = random.Random(i)
    title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 8))).capitalize()
    date = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1800))
    authors = rng.sample(_PEOPLE, rng.randint(1, 2))
    tags = rng.sample(_TAGS, rng.randint(1, 4))
    paragraphs = []
    for _ in range(rng.randint(3, 7)):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(30, 90))]
        if rng.random() < 0.3:
            words[rng.randrange(len(words))] = f"*{rng.choice(_WORDS)}*"
        paragraphs.append(" ".join(words).capitalize() + ".")
    return (f'---\ntitle: "{title} {i}"\ndate: {date.isoformat()}\n'
            f"authors: [{', '.join(authors)}]\ntags: [{', '.join(tags)}]\n"
            f"summary:\n---\n\n" + "\n\n".join(paragraphs) + "\n")


def news_seed() -> str:
    """A raw seed laid out like the user's real one (a news story pasted from
    a web page), in invented words: ` date YYYY-MM-DD ` and the lead on the
    first line, an organisation named in full with its acronym and then by
    the acronym alone, typographic apostrophes, two author bios at the end
    (one with an e-mail address), no title line and no final newline."""
    return (
        " date 2026-02-10 The smuggling network Caldera Ring (CR) is expanding quickly in "
        "Port Aldous and has become one of the strongest criminal groups in the island’s "
        "capital. CR is one of several groups the Harbour Authority has listed as a danger "
        "to shipping. The growth in Port Aldous appears to follow the push by the coast "
        "guard to drive its members off the northern islands.\n\n"
        "A report by Port Aldous’s Lantern Magazine shows that within two years the Caldera "
        "Ring has gone from a handful of members on the docks to dozens of cells across the "
        "city. Officers told the magazine that the ring’s move to Port Aldous began after "
        "raids on the northern islands.\n\n"
        "The Caldera Ring runs fuel, cigarettes and stolen engines through the old harbour, "
        "according to the report. The Harbour Authority has made a few arrests, but their "
        "effect has been small compared with how fast the ring has grown in Port Aldous.\n\n"
        "The growth has already led to fights in Port Aldous, where the Caldera Ring has "
        "clashed with local gangs and made deals of convenience with others.\n\n"
        "Marisol Quintero is an award-winning journalist with the Lantern Foundation. She "
        "co-founded the Lantern Foundation’s Harbour Watch project with Tomas Ferreira. You "
        "can follow her on Twitter and on Facebook.\n\n"
        "Tomas Ferreira is the managing director and editor-in-chief of Lantern Coast. He "
        "co-founded the Lantern Foundation’s Harbour Watch project with Marisol Quintero. "
        "Follow him on Twitter and Facebook. He can be contacted at tferreira@lantern.example.")
