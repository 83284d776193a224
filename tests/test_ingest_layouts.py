"""Ingest reads the layouts of real-world article text: one fixture per layout,
each checked by the front matter it produces (tests/fixtures/ingest/)."""

from __future__ import annotations

import html
import time
from pathlib import Path

import pytest
from ingest_helpers import (
    FIXTURES,
    TagContext,
    add_seeds,
    articles,
    find_tags,
    ingest,
    ingest_fixture,
)

from sitegen.config import IngestRules
from sitegen.ingest.candidates import candidates
from sitegen.ingest.tags import TagRules, ranked_names, tag_corpus
from sitegen.render.markdown import converter

DATES = [
    ("date_iso_first_line.txt", "2025-03-03"),
    ("date_us_first_line.txt", "2025-03-03"),
    ("date_uk_first_line.txt", "2025-03-03"),
    ("date_published_label.txt", "2024-06-12"),
    ("date_posted_on.txt", "2025-04-02"),
    ("date_headers.txt", "2025-01-09"),
    ("date_dateline.txt", "2025-04-09"),
    ("date_at_end.txt", "2025-05-05"),
    ("byline_staff_writer.txt", "2025-07-08"),  # an "Updated …" line when nothing else dates it
    ("press_release.txt", "2025-03-03"),  # a wire-service dateline
    ("shape_date_and_one_sentence.txt", "2025-02-01"),
    ("blog_posted_by_filed_under.txt", "2025-03-03"),
    ("name_line_and_date.txt", "2025-03-03"),
    ("page_furniture_head.txt", "2025-03-03"),
    ("byline_capitals_wire.txt", "2025-04-14"),
    ("markdown_pasted_head.txt", "2025-03-03"),
    ("byline_without_by.txt", "2025-01-12"),
]


@pytest.mark.parametrize(("name", "date"), DATES)
def test_date_is_found_in_common_layouts(tmp_path: Path, name: str, date: str) -> None:
    meta, body = ingest_fixture(tmp_path, name)
    assert str(meta["date"]) == date
    assert "Published" not in body and "Posted on" not in body and "Date:" not in body


def test_undated_seed_has_an_empty_date_and_is_reported(tmp_path: Path) -> None:
    add_seeds(tmp_path, "date_none.txt")
    _, diag = ingest(tmp_path)
    meta, _ = articles(tmp_path)["date_none.txt"]
    assert meta["date"] is None
    [path] = (tmp_path / "content").glob("*.md")
    assert "\ndate:\n" in path.read_text()
    assert any(w.path and w.path.endswith("date_none.txt") and "no date" in w.message
               for w in diag.warnings)


TITLES = [
    ("title_header.txt", "Why the ferry matters."),
    ("date_us_first_line.txt", "Ferry fares rise again on the Averill crossing"),
    ("date_published_label.txt", "Harbour wall repairs begin after winter storms"),
    ("date_headers.txt", "Tidal energy pilot approved for Greywater Sound"),
    ("byline_two_authors.txt", "Quayside market to reopen in May"),
    ("press_release.txt", "Halvorsen Marine Opens Research Dock on Greywater Island"),
    ("interview_qa.txt", "Q&A: The harbourmaster on a year of storms"),
    ("literal_markdown.txt", "Markdown should never change what a seed says"),
    ("opinion_guest_bio.txt", "The harbour deserves better than a car park"),
    ("name_line_and_date.txt", "Ferry operator fined over lifejackets"),
    ("markdown_pasted_head.txt", "Harbour wall to be rebuilt by December"),
]


@pytest.mark.parametrize(("name", "title"), TITLES)
def test_explicit_title_is_kept_exactly_and_leaves_the_body(tmp_path: Path, name: str,
                                                            title: str) -> None:
    meta, body = ingest_fixture(tmp_path, name)
    assert meta["title"] == title
    assert title not in body


@pytest.mark.parametrize(("name", "subject"), [
    ("headline_no_title.txt", "Averill Regional Transit Authority"),
    ("shape_single_paragraph_700_words.txt", "tide table"),
    ("date_dateline.txt", "Kenya"),
])
def test_generated_headline_is_short_and_names_the_subject(tmp_path: Path, name: str,
                                                           subject: str) -> None:
    meta, _ = ingest_fixture(tmp_path, name)
    assert subject.casefold() in meta["title"].casefold()
    assert len(meta["title"].split()) <= 12
    assert "NAIROBI" not in meta["title"] and "(" not in meta["title"]


AUTHORS = [
    ("bios_accents_particles.txt", ["José Núñez-Ortega", "Ana de la Cruz", "Siobhán O'Neill"]),
    ("byline_two_authors.txt", ["Priya Nandakumar", "Tomás de la Vega"]),
    ("byline_three_authors.txt", ["Marisol T. Echeverría", "Oisín Callaghan",
                                  "Sam Whitford-Adeyemi"]),
    ("byline_staff_writer.txt", ["Marisol T. Echeverría"]),
    ("date_headers.txt", ["Siobhán O'Neill"]),
    ("date_posted_on.txt", ["Ana de la Cruz"]),
    ("signature_end.txt", ["Oisín Callaghan"]),
    ("interview_qa.txt", ["Tomás de la Vega"]),
    ("blog_posted_by_filed_under.txt", ["Sam Whitford-Adeyemi"]),
    ("name_line_and_date.txt", ["Priya Nandakumar"]),
    ("newsletter_sign_off.txt", ["Oisín Callaghan"]),
    ("opinion_guest_bio.txt", ["Amal Haddad"]),
    ("quoted_people_not_authors.txt", []),
    ("press_release.txt", []),
    ("byline_organisation_only.txt", []),
    ("page_furniture_head.txt", ["Ingrid Halvorsen"]),
    ("byline_capitals_wire.txt", ["José Núñez-Ortega", "Ana de la Cruz"]),
    ("markdown_pasted_head.txt", ["Tomás de la Vega", "Amal Haddad"]),
    ("byline_without_by.txt", ["Marisol T. Echeverría", "Sam Whitford-Adeyemi"]),
]


@pytest.mark.parametrize(("name", "authors"), AUTHORS)
def test_authors_come_from_bios_bylines_and_signatures_only(tmp_path: Path, name: str,
                                                            authors: list[str]) -> None:
    meta, body = ingest_fixture(tmp_path, name)
    assert meta["authors"] == authors
    for author in authors:
        assert f"By {author}" not in body and f"— {author}" not in body
    assert "Staff Writer" not in body and "\nBy " not in body


def test_bios_become_profiles_and_leave_the_body(tmp_path: Path) -> None:
    meta, body = ingest_fixture(tmp_path, "bios_accents_particles.txt")
    assert meta["source"] == "The Harbour Ledger"
    assert "correspondent" not in body and "Mastodon" not in body and "@" not in body
    profiles = {p.stem: p.read_text() for p in (tmp_path / "content/authors").glob("*.md")}
    assert sorted(profiles) == ["ana-de-la-cruz", "jose-nunez-ortega", "siobhan-oneill"]
    assert "jose.nunez@harbourledger.example" in profiles["jose-nunez-ortega"].split("---")[1]
    assert "email" not in profiles["ana-de-la-cruz"]
    assert "Follow them on Mastodon" in profiles["siobhan-oneill"]


def test_filed_under_line_gives_tags_and_leaves_the_body(tmp_path: Path) -> None:
    meta, body = ingest_fixture(tmp_path, "blog_posted_by_filed_under.txt")
    assert meta["tags"][:2] == ["Gardening", "Compost"]
    assert "Filed under" not in body and "Posted by" not in body


def test_organisation_byline_names_the_publication_not_an_author(tmp_path: Path) -> None:
    meta, body = ingest_fixture(tmp_path, "byline_organisation_only.txt")
    assert meta["title"] == "Harbour tolls to rise for cruise ships"
    assert meta["source"] == "The Associated Press" and "Associated" not in body


def test_page_furniture_in_the_head_is_not_body(tmp_path: Path) -> None:
    meta, body = ingest_fixture(tmp_path, "page_furniture_head.txt")
    assert meta["title"] == "How we rebuilt the harbour wall"
    assert body.lstrip().startswith("The storm took the wall")
    assert "Follow" not in body and "min read" not in body


def test_wire_dateline_place_and_agency_are_not_tags(tmp_path: Path) -> None:
    meta, body = ingest_fixture(tmp_path, "byline_capitals_wire.txt")
    assert "Averill Port Company" in meta["tags"]
    assert not {"AP", "PORT AVERILL"} & set(meta["tags"])
    assert meta["source"] == "Associated Press" and "PORT AVERILL (AP) — Dock" in body


def test_newsletter_headline_skips_the_greeting(tmp_path: Path) -> None:
    meta, body = ingest_fixture(tmp_path, "newsletter_sign_off.txt")
    assert "ferry ran late" in meta["title"] and "Hello" not in meta["title"]
    assert body.lstrip().startswith("Hello friends,") and "Until next week" not in body


def test_guest_bio_gives_no_publication(tmp_path: Path) -> None:
    meta, body = ingest_fixture(tmp_path, "opinion_guest_bio.txt")
    assert "source" not in meta and "professor" not in body and "Opinion" not in body


def test_press_release_contacts_and_end_mark_are_not_body(tmp_path: Path) -> None:
    meta, body = ingest_fixture(tmp_path, "press_release.txt")
    for text in ("FOR IMMEDIATE RELEASE", "Media Contact", "Lena Moss", "press@", "###", "0958"):
        assert text not in body and text not in str(meta)
    assert "About Halvorsen Marine" in body
    assert "PORT AVERILL, March 3, 2025" in body  # the dateline is story text
    assert not (tmp_path / "content/authors").exists()


def test_quoted_people_stay_in_the_story(tmp_path: Path) -> None:
    meta, body = ingest_fixture(tmp_path, "quoted_people_not_authors.txt")
    assert "Nell Ferreira is hoping the council will meet on the island next time." in body
    assert "Dominic Achterberg" in body and meta["authors"] == []


def test_interview_questions_and_answers_stay_separate_paragraphs(tmp_path: Path) -> None:
    _, body = ingest_fixture(tmp_path, "interview_qa.txt")
    paragraphs = body.strip().split("\n\n")
    assert "Q: When did you know the wall would go?" in paragraphs
    assert any(p.startswith("A: About an hour before it did.") for p in paragraphs)


def test_single_700_word_paragraph_is_one_untitled_paragraph(tmp_path: Path) -> None:
    source = (FIXTURES / "shape_single_paragraph_700_words.txt").read_text()
    meta, body = ingest_fixture(tmp_path, "shape_single_paragraph_700_words.txt")
    assert len(source.split()) >= 700
    assert body.strip() == source.strip()
    assert meta["date"] is None and meta["authors"] == []


def test_two_megabyte_seed_ingests_in_under_two_seconds(tmp_path: Path) -> None:
    paragraph = (FIXTURES / "shape_single_paragraph_700_words.txt").read_text().strip()
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = "March 3, 2025\n\n" + "\n\n".join([paragraph] * (2_100_000 // len(paragraph)))
    (seeds / "big.txt").write_text(text)
    started = time.perf_counter()
    report, diag = ingest(tmp_path)
    assert time.perf_counter() - started < 2
    assert not diag.errors and len(report.articles) == 1
    assert str(articles(tmp_path)["big.txt"][0]["date"]) == "2025-03-03"


def test_file_names_with_spaces_and_unicode(tmp_path: Path) -> None:
    seeds = add_seeds(tmp_path, "date_uk_first_line.txt")
    name = "Harbour news – café día.txt"
    (seeds / "date_uk_first_line.txt").rename(seeds / name)
    ingest(tmp_path)
    report, _ = ingest(tmp_path)
    assert str(articles(tmp_path)[name][0]["date"]) == "2025-03-03"
    assert [a.value for a, _ in report.articles] == ["unchanged"]


ENCODINGS = ["encoding_cp1252.txt", "encoding_utf8_bom_crlf.txt", "encoding_latin1.txt",
             "encoding_nbsp_trailing.txt"]


@pytest.mark.parametrize("name", ENCODINGS)
def test_encodings_and_white_space_are_normalised(tmp_path: Path, name: str) -> None:
    meta, body = ingest_fixture(tmp_path, name)
    assert meta["date"] is not None
    for bad in ("\r", "\ufeff", "\u00a0", " \n", "\t", "Ã", "â€"):
        assert bad not in body
    assert "Greywater Island" in body or "Port Averill" in body


def test_typography_survives_windows_1252(tmp_path: Path) -> None:
    meta, body = ingest_fixture(tmp_path, "encoding_cp1252.txt")
    assert "Café owners on Greywater Island say it’s been “the best summer in years” — and" \
        in body
    assert meta["authors"] == ["Marisol T. Echeverría"]


def test_seed_text_shows_literally_on_the_page(tmp_path: Path) -> None:
    _, body = ingest_fixture(tmp_path, "literal_markdown.txt")
    source = (FIXTURES / "literal_markdown.txt").read_text().split("\n\n")[1:]
    convert = converter()
    rendered = []
    for paragraph in body.strip().split("\n\n"):
        page = convert(paragraph)
        assert page.startswith("<p>") and page.endswith("</p>")
        assert "<script" not in page and "<angle" not in page and "<a " not in page
        rendered.append(html.unescape(page[3:-4]))
    assert rendered == [p.strip() for p in source]


def test_front_matter_block_in_a_seed_overrides_every_field(tmp_path: Path) -> None:
    meta, body = ingest_fixture(tmp_path, "overrides_front_matter.txt")
    assert meta["title"] == "The curator's title"
    assert str(meta["date"]) == "2024-12-01"
    assert meta["authors"] == ["Jane Doe"] and meta["tags"] == ["Ferries", "Greywater Island"]
    assert meta["summary"] == "A summary written by the curator."
    assert (meta["source"], meta["url"]) == ("Island Weekly", "https://example.org/ferry")
    assert (meta["note"], meta["slug"], meta["draft"]) == \
        ("Kept for the timetable table.", "curated-ferry-story", True)
    assert (tmp_path / "content/curated-ferry-story.md").is_file()
    assert body.lstrip().startswith("The new winter timetable") and "---" not in body


def test_bad_front_matter_block_is_an_error_with_its_line(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "bad.txt").write_text("---\ntitle: Fine\ndate: someday\n---\nBody text here.\n")
    (seeds / "odd.txt").write_text("---\ntitel: Typo\n---\nMarch 1, 2025\n\nBody text.\n")
    report, diag = ingest(tmp_path)
    [error] = diag.errors
    assert error.path.endswith("bad.txt") and error.line == 3 and "date" in error.message
    assert any("titel" in w.message and "title" in w.message for w in diag.warnings)
    assert report.skipped == ["bad.txt"] and list(articles(tmp_path)) == ["odd.txt"]


def test_acronym_and_expansion_are_one_tag_across_the_collection(tmp_path: Path) -> None:
    add_seeds(tmp_path, "tags_defines_acronym.txt", "tags_uses_acronym.txt")
    ingest(tmp_path)
    found = articles(tmp_path)
    for name in ("tags_defines_acronym.txt", "tags_uses_acronym.txt"):
        tags = found[name][0]["tags"]
        assert "Harbour Safety Board" in tags and "Port Averill" in tags
        assert not {"HSB", "Hsb", "H.S.B.", "Mexican", "Norwegian", "Critics"} & set(tags)


def test_case_and_punctuation_variants_are_one_tag() -> None:
    text = ["The Greywater Ferry Company met. GREYWATER FERRY COMPANY staff and "
            "Greywater Ferry Company’s board agreed.", "The Greywater-Ferry Company said no."]
    assert find_tags(text, TagContext()) == ["Greywater Ferry Company"]


def test_country_in_front_of_an_agency_is_the_same_tag() -> None:
    text = ["Police worked with the U.S. Drug Enforcement Administration (DEA) in Culiacán.",
            "The DEA said the Drug Enforcement Administration would return."]
    tags = find_tags(text, TagContext())
    assert tags[0] == "Drug Enforcement Administration"
    assert not {"DEA", "U.S.", "U.S. Drug Enforcement Administration"} & set(tags)


def test_tags_prefer_names_other_articles_share() -> None:
    first = candidates(["The lead says little.", "Kestrel Board and Lorvane met. The Kestrel "
                        "Board went to Lorvane. Kestrel Board left Lorvane."])
    second = candidates(["Lorvane voted. Officials in Lorvane agreed."])
    pool = tag_corpus([first, second])
    ranked = [name for _, name in ranked_names(first, pool, TagRules())]
    alone = [name for _, name in ranked_names(first, tag_corpus([first]), TagRules())]
    assert ranked == ["Lorvane", "Kestrel Board"]
    assert alone == ["Kestrel Board", "Lorvane"]


def test_authors_and_publication_are_never_tags(tmp_path: Path) -> None:
    meta, _ = ingest_fixture(tmp_path, "bios_accents_particles.txt")
    assert "Halvorsen Institute for Marine Studies" in meta["tags"]
    assert not {"The Harbour Ledger", "Harbour Ledger", "José Núñez-Ortega"} & set(meta["tags"])


def test_config_max_tags_limits_the_tags(tmp_path: Path) -> None:
    add_seeds(tmp_path, "date_headers.txt")
    ingest(tmp_path, IngestRules(max_tags=1))
    assert len(articles(tmp_path)["date_headers.txt"][0]["tags"]) == 1


def test_rule_lines_at_the_top_are_not_a_front_matter_block(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "ruled.txt").write_text("---\nHarbour notes\n---\n\nMarch 3, 2025\n\nThe quay "
                                     "reopened on Monday after repairs.\n")
    _, diag = ingest(tmp_path)
    assert not diag.errors
    meta, body = articles(tmp_path)["ruled.txt"]
    assert (meta["title"], str(meta["date"])) == ("Harbour notes", "2025-03-03")
    assert body.strip() == "The quay reopened on Monday after repairs."
