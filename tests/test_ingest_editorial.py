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
from conftest import run_cli
from editorial import expected, score
from helpers import read_page
from ingest_helpers import FIXTURES, TagContext, add_seeds, articles, find_tags, ingest

from sitegen.config import IngestRules
from sitegen.ingest.bylines import byline
from sitegen.ingest.dates import date_line, dateline
from sitegen.ingest.decode import decode, repair_mojibake
from sitegen.ingest.headline import headline
from sitegen.ingest.language import detect_language

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


def test_english_seeds_never_load_dateparser_or_lingua(tmp_path: Path) -> None:
    add_seeds(tmp_path, *(p.name for p in FIXTURES.glob("date_*.txt")))
    code = ("import sys; from pathlib import Path; from sitegen.config import IngestRules;"
            "from sitegen.errors import Diagnostics; from sitegen.ingest import run_ingest;"
            f"run_ingest(Path({str(tmp_path / 'seeds')!r}), Path({str(tmp_path / 'c')!r}),"
            "IngestRules(), Diagnostics()); print('dateparser' in sys.modules,"
            "'lingua' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).parent.parent)
    assert result.stdout.strip() == "False False"


@pytest.mark.parametrize(("text", "language"), [
    ("The council voted on Tuesday to extend the ferry timetable through the winter, "
     "after residents of the island complained that the last boat left too early.", "en"),
    ("El ayuntamiento aprobó el martes ampliar el horario del transbordador durante los "
     "meses de invierno, después de las quejas de los vecinos de la isla.", "es"),
    ("Le conseil municipal a voté mardi la prolongation des horaires du bac pendant "
     "l'hiver, après les plaintes des habitants de l'île.", "fr"),
    ("Der Stadtrat hat am Dienstag beschlossen, den Fahrplan der Fähre im Winter zu "
     "verlängern, nachdem sich die Bewohner der Insel beschwert hatten.", "de"),
    ("A câmara municipal aprovou na terça-feira o alargamento do horário do ferry "
     "durante o inverno, depois das queixas dos moradores da ilha.", "pt"),
    ("Il consiglio comunale ha approvato martedì il prolungamento dell'orario del "
     "traghetto durante l'inverno, dopo le proteste degli abitanti dell'isola.", "it"),
    ("Ferry fares rise.", None),  # too little text to tell
])
def test_the_language_of_an_article_is_detected(text: str, language: str | None) -> None:
    assert detect_language([text]) == language


def test_language_is_written_only_when_it_is_not_the_sites(tmp_path: Path) -> None:
    add_seeds(tmp_path, "date_iso_first_line.txt")
    shutil.copy(EDITORIAL / "spanish_dateline_por.txt", tmp_path / "seeds")
    ingest(tmp_path)
    found = articles(tmp_path)
    assert found["spanish_dateline_por.txt"][0]["language"] == "es"
    assert "language" not in found["date_iso_first_line.txt"][0]
    shutil.rmtree(tmp_path / "content")
    ingest(tmp_path, IngestRules(language="es"))
    found = articles(tmp_path)
    assert "language" not in found["spanish_dateline_por.txt"][0]
    assert found["date_iso_first_line.txt"][0]["language"] == "en"


def test_an_article_in_another_language_is_marked_on_its_page_and_in_the_index(
        tmp_path: Path) -> None:
    add_seeds(tmp_path, "date_iso_first_line.txt")
    shutil.copy(EDITORIAL / "spanish_dateline_por.txt", tmp_path / "seeds")
    (tmp_path / "config.yaml").write_text("title: T\nlanguage: en\nsearch: false\n")
    run_cli("build", cwd=tmp_path, check=True)
    [spanish] = (tmp_path / "site/articles").glob("el-metro-*/index.html")
    page = read_page(spanish)
    assert page.find_all("html", lang="en")
    [h1] = page.find_all("h1")
    [body] = page.find_all("div", **{"class": "body"})
    assert h1["lang"] == "es" and body["lang"] == "es"
    assert body["data-pagefind-filter"] == "language:es"
    assert '"inLanguage": "es"' in " ".join(page.json_ld).replace('":"', '": "')
    home = read_page(tmp_path / "site/index.html")
    assert [h2.get("lang") for h2 in home.find_all("h2")].count("es") == 1
    english = read_page(next(p for p in (tmp_path / "site/articles").glob("*/index.html")
                             if p != spanish))
    assert "lang" not in english.find_all("h1")[0]


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


HEADLINES = [
    # a leading subordinate clause goes; the main clause's subject is named
    ("Two years after it was bought by the county, the old Carrow mill is to become a "
     "school for boatbuilders, the council said.", ["Carrow"],
     "Carrow mill is to become a school for boatbuilders"),
    ("Last week, the Brackwater Sailing Club elected its first woman commodore.",
     ["Brackwater Sailing Club"], "Brackwater Sailing Club elected its first woman commodore"),
    ("Facing a shortage of drivers, Greywater Island Ferries will cut two sailings a day "
     "from March.", ["Greywater Island Ferries"],
     "Greywater Island Ferries to cut two sailings a day from March"),
    # a passive in headline style, an amount shortened to keep the name
    ("The harbour dredging firm Ostrander Marine has been fined £640,000 for dumping silt "
     "near the Kellmouth oyster beds over a period of five years.", ["Ostrander Marine"],
     "Ostrander Marine fined £640,000 for dumping silt near the Kellmouth oyster beds"),
    # a bare noun subject gets the article's main subject in front
    ("When the storm cut the power at Lisnaree General Hospital, nurses kept eleven babies "
     "warm by hand for six hours.", ["Lisnaree General Hospital"],
     "Lisnaree General Hospital nurses kept eleven babies warm by hand"),
    # a list is not cut in two; "people and pets" is not two clauses
    ("Port Elmstead residents and visitors were told to avoid the beach, the pier and the "
     "boardwalk until Friday.", ["Port Elmstead"],
     "Port Elmstead residents and visitors told to avoid beach, pier and boardwalk"),
    # attribution and reported speech
    ("The Averill Harbour Board said that cargo traffic had fallen by a third, according "
     "to figures released on Monday.", ["Averill Harbour Board"],
     "Averill Harbour Board said cargo traffic had fallen by a third"),
]


@pytest.mark.parametrize(("lead", "subjects", "title"), HEADLINES)
def test_headline_is_the_main_clause_in_headline_style(lead: str, subjects: list[str],
                                                        title: str) -> None:
    assert headline(lead, subjects) == title


@pytest.mark.parametrize(("lead", "subjects", "title"), HEADLINES)
def test_headline_is_short_and_ends_on_a_content_word(lead: str, subjects: list[str],
                                                      title: str) -> None:
    words = headline(lead, subjects).split()
    assert len(words) <= 12 and words[-1].casefold() not in {
        "a", "an", "the", "of", "in", "on", "to", "by", "and", "or", "its", "their", "was"}


def test_editorial_seed_set_scores(editorial: Path) -> None:
    """The editorial seed set, scored as tests/editorial.py reports it."""
    found = {name: meta for name, (meta, _) in articles(editorial).items()}
    scores = score(found, expected())
    assert scores.keyword_rate >= 0.8, scores.lines()
    assert scores.entity_recall >= 0.8, scores.lines()
    assert scores.summaries_opening_with_title == [], scores.lines()
    assert scores.wrong == [], scores.lines()


@pytest.mark.parametrize(("text", "wanted", "unwanted"), [
    # people named once with their role are tags; full names, not first names alone
    (["Brackwater council will shut the pool, its leader, Joanne Pike, said on Friday.",
      "Swimmers protested. Joanne told them the pool had lost money for years."],
     ["Joanne Pike"], ["Joanne"]),
    # a place inside longer names counts as mentioned there too
    (["The Kellmouth Borough Council voted to sell the Kellmouth Museum building.",
      "Kellmouth has had a museum since 1902."], ["Kellmouth"], []),
    # a landmark named once in a comparison, a street named once: in passing
    (["The Averill Folk Festival moves to Hollins Farm next year.",
      "Its new stage will be nearly as tall as Big Ben, and the entrance is on Abbey Lane.",
      "The Averill Folk Festival began in 2009."], ["Averill Folk Festival"],
     ["Big Ben", "Abbey Lane"]),
    # names keep their ampersands and plural possessives
    (["The consultancy Ferrow & Lisk wrote the report for the Harbour Street Traders’ "
      "Association.", "Ferrow & Lisk counted the cars."],
     ["Ferrow & Lisk", "Harbour Street Traders’ Association"], ["Ferrow", "Lisk"]),
    # a person "of the" organisation is two names; a legal suffix is not part of the name
    (["Tom Ferris of the Lidden Valley Angling Club welcomed the fine against Norrvik "
      "Energy ASA.", "Norrvik Energy said it would appeal."],
     ["Tom Ferris", "Lidden Valley Angling Club", "Norrvik Energy"], ["Norrvik Energy ASA"]),
])
def test_tags_name_what_the_article_is_about(text: list[str], wanted: list[str],
                                             unwanted: list[str]) -> None:
    tags = find_tags(text, TagContext())
    assert set(wanted) <= set(tags), tags
    assert not set(unwanted) & set(tags), tags


@pytest.mark.parametrize("text", [
    # a shouted banner across a sign, broken by emphasis and a dash
    ["The Kellmouth Ferry Company (KFC) stopped its sailings on Monday.",
     "A sign on the pier read “NO SAILINGS *TODAY* — PLEASE CHECK ONLINE.” The KFC said the "
     "KFC would run again on Tuesday, and NATO and the U.S. Navy sent divers."],
    # a headline in capitals on its own line
    ["HARBOUR WALL GIVES WAY AFTER STORM",
     "The Kellmouth Ferry Company (KFC) said the wall fell at dawn. The KFC and NATO divers "
     "checked the U.S. Navy charts."],
])
def test_shouted_capitals_are_not_tags_but_acronyms_are(text: list[str]) -> None:
    tags = find_tags(text, TagContext())
    assert {"Kellmouth Ferry Company", "NATO", "U.S. Navy"} <= set(tags), tags
    assert not {"KFC", "SAILINGS", "PLEASE", "CHECK", "ONLINE", "HARBOUR", "WALL", "STORM",
                "GIVES", "TODAY"} & set(tags), tags


def test_an_ordinary_word_in_capitals_is_not_an_acronym_tag() -> None:
    text = ["Greywater Island councillors called the ferry timetable DISGRACEFUL on Monday.",
            "A disgraceful timetable, said Nell Ferreira, who chairs the Greywater Island "
            "Residents’ Association. The DISGRACEFUL label stuck, and the ARTA board met."]
    tags = find_tags(text, TagContext())
    assert "ARTA" in tags, tags
    assert "DISGRACEFUL" not in tags, tags


@pytest.mark.parametrize(("text", "wanted", "unwanted"), [
    # a short name that is the leading words of a publication's full name: one tag
    (["The Tamsin Courier magazine reported the leak first, and Brackwater Weekly followed.",
      "Brackwater Weekly said the council knew in May; Brackwater repaired the pipe.",
      "Brackwater officials did not answer. Lisnaree Magazine was the first to print it, and "
      "Lisnaree Magazine published the letters. Lisnaree reported that the mayor resigned."],
     ["Lisnaree Magazine", "Brackwater"], ["Lisnaree"]),
    # a place and a group named after it are two things when the place stands on its own
    (["Bus fares across Port Averill will rise, Port Averill council said.",
      "Tess Marangoni of the Port Averill Riders’ Forum said Port Averill deserved better.",
      "The Port Averill Riders’ Forum will protest."],
     ["Port Averill", "Port Averill Riders’ Forum"], []),
])
def test_a_short_name_that_opens_a_longer_one(text: list[str], wanted: list[str],
                                               unwanted: list[str]) -> None:
    tags = find_tags(text, TagContext())
    assert set(wanted) <= set(tags), tags
    assert not set(unwanted) & set(tags), tags
