"""Ingest: literal text, metadata extraction, and never losing a hand edit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import run_cli
from ingest_helpers import TagContext, find_tags

from sitegen.config import IngestRules
from sitegen.errors import Diagnostics, SiteError
from sitegen.ingest import run_ingest
from sitegen.ingest.decode import decode
from sitegen.ingest.emit import escape_markdown
from sitegen.ingest.headline import headline
from sitegen.ingest.parse import parse_seed
from sitegen.load import split_front_matter
from sitegen.render.markdown import converter

LITERALS = [
    "Stars *like this* and _underscores_ and snake_case_name.",
    "#1 priority is safety.",
    "2024. That was the year.",
    "Use `code` and [a](b) and ![img](x.png) here.",
    "<script>alert('x')</script> and <b>bold</b> &amp; &copy; AT&T.",
    "> not a quote",
    "- not a list",
    "+ not a list either",
    "---",
    "A backslash \\ stays \\* too.",
    "Footnote[^1] and <http://example.org> and {curly}.",
]


@pytest.mark.parametrize("text", LITERALS)
def test_seed_text_renders_literally(text: str) -> None:
    html = converter()(escape_markdown(text))
    assert html.startswith("<p>") and html.endswith("</p>")
    inner = html[3:-4]
    import html as html_lib
    assert html_lib.unescape(inner) == text
    assert "<" not in inner.replace("&lt;", "")


def _seed(text: str, name: str = "x.txt"):
    return parse_seed(decode(text.encode(), name), name)


def test_inline_date_prefix_and_bios_are_taken_out() -> None:
    seed = _seed(" date 2025-03-04 The river rose. It rose again.\n\nMore text here.\n\n"
                 "Ana de la Cruz is a reporter with The Daily Example. She can be contacted "
                 "at ana@example.org.\n\nSiobhán O’Neill is the editor of The Daily Example.")
    assert seed.date == dt.date(2025, 3, 4)
    assert seed.authors == ("Ana de la Cruz", "Siobhán O’Neill")
    assert seed.paragraphs == ("The river rose. It rose again.", "More text here.")
    assert seed.bios[0].email == "ana@example.org"
    assert seed.bios[0].outlet == "The Daily Example"


def test_sentence_that_looks_like_a_bio_but_starts_with_the_is_body() -> None:
    seed = _seed(" date 2025-03-04 First paragraph.\n\nThe planner was restored on Sunday.")
    assert seed.authors == ()
    assert seed.paragraphs[-1] == "The planner was restored on Sunday."


def test_short_unpunctuated_first_line_is_the_title() -> None:
    seed = _seed("Harbour lights go dark\n\nThe lights went out at nine.")
    assert seed.title == "Harbour lights go dark"
    assert seed.paragraphs == ("The lights went out at nine.",)


def test_headline_starts_at_the_described_subject() -> None:
    lead = ("The Venezuelan terrorist organization Tren de Aragua (TdA) is expanding "
            "dramatically in Mexico City and has become one of the leading groups.")
    assert headline(lead, ["Tren de Aragua", "Mexico City"]) == \
        "Tren de Aragua is expanding dramatically in Mexico City"


def test_headline_is_short_and_does_not_end_on_a_preposition() -> None:
    lead = ("Bus and tram fares across Port Averill will rise by an average of seven per "
            "cent in January under a plan approved by the board.")
    title = headline(lead, ["Port Averill"])
    assert len(title.split()) <= 12
    assert title.split()[-1] not in ("of", "by", "in", "an", "a", "the")


def test_acronym_and_its_expansion_are_one_tag() -> None:
    text = ["The Harbour Safety Board (HSB) met in Port Averill. The HSB said Port Averill "
            "needs a new wall.", "Critics of the Hsb in Port Averill disagreed."]
    tags = find_tags(text, TagContext())
    assert tags[:2] == ["Port Averill", "Harbour Safety Board"] or \
        tags[:2] == ["Harbour Safety Board", "Port Averill"]
    assert not {"HSB", "Hsb"} & set(tags)


def test_config_vocabulary_aliases_and_stop_list_shape_tags() -> None:
    rules = IngestRules(max_tags=3, vocabulary={"Transport": ("ferry",)},
                        aliases={"Averill": "Port Averill"}, stop=("Greywater Island",))
    text = ["The ferry to Greywater Island left Averill. Averill cheered.",
            "Greywater Island waited. Averill again."]
    assert find_tags(text, TagContext(rules=rules)) == ["Transport", "Port Averill"]


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", b"\x00\x01\x02\x03binary"])
def test_empty_and_binary_seeds_are_errors_naming_the_file(data: bytes) -> None:
    with pytest.raises(SiteError) as caught:
        decode(data, "seeds/bad.txt")
    assert caught.value.path == "seeds/bad.txt"


def test_windows_1252_seed_is_detected() -> None:
    text = "It’s “quoted” — café."
    assert decode(text.encode("cp1252"), "x.txt") == text


def _ingest(project: Path, **kwargs) -> Diagnostics:
    diag = Diagnostics()
    run_ingest(project / "seeds", project / "content", IngestRules(), diag, **kwargs)
    return diag


def test_hand_edited_content_is_kept_and_force_saves_it_aside(project: Path) -> None:
    _ingest(project)
    path = sorted((project / "content").glob("*.md"))[0]
    edited = path.read_text().replace("title: ", "title: My better title — ", 1)
    path.write_text(edited)
    diag = _ingest(project)
    assert path.read_text() == edited
    assert not diag.warnings  # a curator's own edit is normal: counted in the summary only
    _ingest(project, force=True)
    assert path.read_text() != edited
    assert (project / "content/.backup" / f"{path.stem}.1.md").read_text() == edited


def test_unedited_content_follows_its_seed(project: Path) -> None:
    _ingest(project)
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    seed.write_text(seed.read_text().replace(" date 2024-01-17", " date 2024-01-18", 1))
    _ingest(project)
    [path] = [p for p in (project / "content").glob("*.md") if seed.name in p.read_text()]
    front, _, _ = split_front_matter(path.read_text(), path)
    assert yaml.safe_load(front)["date"] == dt.date(2024, 1, 18)


def test_dry_run_writes_nothing_and_reports(project: Path) -> None:
    result = run_cli("ingest", "--dry-run", cwd=project, check=True)
    assert "14 new" in result.stdout and "dry run" in result.stdout
    assert not list((project / "content").glob("*.md"))


def test_same_article_twice_is_ingested_once(project: Path) -> None:
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    (project / "seeds" / "zz_copy.txt").write_text(seed.read_text().replace(". ", ".  "))
    diag = _ingest(project)
    assert any(f"same article as seed {seed.name}" in w.message for w in diag.warnings)
    assert not any("zz_copy.txt" in p.read_text() for p in (project / "content").glob("*.md"))


def test_authors_are_merged_into_one_profile_each(project: Path) -> None:
    _ingest(project)
    profiles = sorted(p.stem for p in (project / "content/authors").glob("*.md"))
    assert profiles == ["marisol-t-echeverria", "oisin-callaghan", "priya-nandakumar",
                        "sam-whitford-adeyemi", "tomas-de-la-vega"]


def test_seed_that_disappeared_leaves_its_content(project: Path) -> None:
    result = run_cli("ingest", cwd=project, check=True)
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    seed.unlink()
    result = run_cli("ingest", cwd=project, check=True)
    assert "1 content files without seed (kept)" in result.stdout
    assert len(list((project / "content").glob("*.md"))) == 14
