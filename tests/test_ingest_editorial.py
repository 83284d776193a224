"""Ingest writes like an editor: messy text repaired, other languages read,
headlines, summaries and tags scored on the editorial seed set
(tests/fixtures/editorial/, scored by tests/editorial.py)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_helpers import FIXTURES, add_seeds, articles, ingest

from sitegen.ingest.bylines import byline
from sitegen.ingest.dates import date_line, dateline
from sitegen.ingest.decode import decode, repair_mojibake

EDITORIAL = FIXTURES.parent / "editorial"
CLEAN = sorted(p for folder in (FIXTURES, EDITORIAL) for p in folder.glob("*.txt")
               if not p.name.startswith(("bad_", "mojibake", "encoding_")))


def test_text_pasted_through_a_wrong_encoding_is_repaired_typography_kept() -> None:
    text = decode((EDITORIAL / "mojibake_pasted.txt").read_bytes(), "x")
    assert text.startswith("Why it’s time to rethink the Quayside car park\n\nBy Tomás de la")
    assert "it’s “confident” that" in text and "— but traders" in text and "café" in text
    assert decode("itâ€™s â€œconfidentâ€".encode(), "x") == "it’s “confident”"


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_a_clean_seed_comes_through_the_repair_unchanged(path: Path) -> None:
    text = decode(path.read_bytes(), path.name)
    assert repair_mojibake(text) == text


@pytest.mark.parametrize("text", [
    "SÃO PAULO — naïve café “quoted” ‘single’ … Ångström Ñandú Ðakovo",
    "Québec, Zürich, 50 €, © 2025, ½, &amp; stays, <b> stays, ﬁ ligature, ｗｉｄｅ",
    "Â is a letter; so is Ã, and Ð in Ðakovo.",
])
def test_legitimate_accents_and_symbols_are_not_taken_for_mojibake(text: str) -> None:
    assert decode(text.encode(), "x") == text


@pytest.mark.parametrize(("line", "date"), [
    ("Publié le 3 mars 2025", "2025-03-03"),
    ("Publicado: 9 de abril de 2025", "2025-04-09"),
    ("Publicado em 3 de março de 2025", "2025-03-03"),
    ("Veröffentlicht am 12. März 2025", "2025-03-12"),
    ("Pubblicato il 18 ottobre 2024", "2024-10-18"),
    ("mercredi 3 mars 2025 à 10h04", "2025-03-03"),
    ("hace 3 días, en 2025", None),  # relative: not a date
    ("marzo de 2025", None),  # no day
    ("Mars 2025 rover lands", None),
])
def test_dates_in_other_languages_are_read(line: str, date: str | None) -> None:
    found = date_line(line)
    assert (found.isoformat() if found else None) == date


def test_a_dateline_in_spanish_gives_the_date_and_ends_before_the_story() -> None:
    paragraph = "Ciudad de México, 9 de abril de 2025 — El Metro anunció la obra."
    date, end = dateline(paragraph)
    assert date == dt.date(2025, 4, 9) and paragraph[end:] == "El Metro anunció la obra."


@pytest.mark.parametrize(("line", "authors"), [
    ("Por Lucía Ferrán Ibarra", ("Lucía Ferrán Ibarra",)),
    ("Par Étienne Marchal", ("Étienne Marchal",)),
    ("Von Katrin Albers", ("Katrin Albers",)),
    ("Di Chiara Benedetti e Marco Rossi", ("Chiara Benedetti", "Marco Rossi")),
    ("Por Ana Ruiz y Luis Soto", ("Ana Ruiz", "Luis Soto")),
    ("Interview by Ana de la Cruz", ("Ana de la Cruz",)),
    ("Par ailleurs, la ville a voté.", None),
    ("Von der Leyen sagte am Montag, die Kommission werde handeln.", None),
    ("Di solito la città è tranquilla.", None),
])
def test_bylines_in_other_languages(line: str, authors: tuple[str, ...] | None) -> None:
    found = byline(line)
    assert (found.authors if found else None) == authors


def test_english_seeds_never_load_dateparser(tmp_path: Path) -> None:
    add_seeds(tmp_path, *(p.name for p in FIXTURES.glob("date_*.txt")))
    code = ("import sys; from pathlib import Path; from sitegen.config import IngestRules;"
            "from sitegen.errors import Diagnostics; from sitegen.ingest import run_ingest;"
            f"run_ingest(Path({str(tmp_path / 'seeds')!r}), Path({str(tmp_path / 'c')!r}),"
            "IngestRules(), Diagnostics()); print('dateparser' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).parent.parent)
    assert result.stdout.strip() == "False"


@pytest.fixture(scope="module")
def editorial(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("editorial")
    (folder / "seeds").mkdir()
    for path in EDITORIAL.glob("*.txt"):
        shutil.copy(path, folder / "seeds" / path.name)
    ingest(folder)
    return folder


def test_several_bios_in_one_closing_paragraph_make_one_profile_each(editorial: Path) -> None:
    meta, body = articles(editorial)["opinion_two_bios.txt"]
    assert meta["authors"] == ["Hannah Okafor", "Daniel Reyes"]
    assert "hydrologist" not in body
    okafor = (editorial / "content/authors/hannah-okafor.md").read_text()
    reyes = (editorial / "content/authors/daniel-reyes.md").read_text()
    assert "hydrologist" in okafor and "Daniel Reyes" not in okafor
    assert "water policy" in reyes and "hydrologist" not in reyes
    echo = (editorial / "content/authors/priya-nandakumar.md").read_text()
    assert "industry correspondent" in echo and "covers business" not in echo


@pytest.mark.parametrize(("name", "date", "authors"), [
    ("spanish_dateline_por.txt", "2025-04-09", ["Lucía Ferrán Ibarra"]),
    ("french_par_publie.txt", "2025-03-03", ["Étienne Marchal"]),
    ("german_von.txt", "2025-03-12", ["Katrin Albers"]),
    ("italian_di.txt", "2024-10-18", ["Chiara Benedetti"]),
])
def test_articles_in_other_languages_get_their_date_and_authors(
        editorial: Path, name: str, date: str, authors: list[str]) -> None:
    meta, body = articles(editorial)[name]
    assert str(meta["date"]) == date and meta["authors"] == authors
    assert authors[0] not in body
