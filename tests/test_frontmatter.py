"""One front-matter schema: content files, a seed's override block and `new` agree."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from sitegen import frontmatter
from sitegen.errors import Diagnostics, SiteError
from sitegen.ingest.overrides import Overrides, split_overrides
from sitegen.load import parse_article
from sitegen.new import new_article
from sitegen.yamlfile import parse_mapping


def _content(front: str) -> str:
    return f"---\n{front}---\n\nBody.\n"


def test_a_seed_block_may_give_exactly_the_curated_fields() -> None:
    assert [f.name for f in dataclasses.fields(Overrides)] == \
        [f.name for f in frontmatter.CURATED]


@pytest.mark.parametrize(("front", "message"), [
    ("slug: con\n", "`slug` is not a valid slug (try `x-con`)"),  # reserved everywhere
    ("slug: Not A Slug\n", "`slug` is not a valid slug (try `not-a-slug`)"),
    ("url: ftp://x.org/\n", "`url` must be an http(s) address"),
    ("draft: maybe\n", "`draft` must be true or false"),
    ("tags: {a: 1}\n", "`tags` must be a list of names"),
    ("date: someday\n", "`date` must be a date like 2025-03-01"),
    ("language: Spanish!\n", "`language` must be a language code like `es`"),
])
def test_content_files_and_seed_blocks_refuse_the_same_values(front: str, message: str) -> None:
    with pytest.raises(SiteError) as in_content:
        parse_article(Path("a.md"), _content(f"title: T\n{front}"), Diagnostics())
    with pytest.raises(SiteError) as in_seed:
        split_overrides(f"---\ntitle: T\n{front}---\nText.\n", "seed.txt")
    assert message in in_content.value.message and message in in_seed.value.message
    assert in_content.value.line == in_seed.value.line == 3


def test_unknown_keys_warn_with_a_suggestion_in_both_places() -> None:
    diag = Diagnostics()
    parse_article(Path("a.md"), _content("title: T\ntitel: U\n"), diag)
    _, _, warnings = split_overrides("---\ntitle: T\ntitel: U\n---\nText.\n", "seed.txt")
    [warning] = diag.warnings
    assert "unknown front matter key `titel`" in warning.message and "title" in warning.message
    assert warning.line == 3 and warnings[0].startswith("line 3: " + warning.message)


def test_a_seed_block_reads_dates_the_way_ingest_does_content_files_only_iso() -> None:
    given, _, _ = split_overrides("---\ndate: March 3, 2025\n---\nText.\n", "seed.txt")
    assert given.date == dt.date(2025, 3, 3)
    with pytest.raises(SiteError, match="must be a date"):
        parse_article(Path("a.md"), _content("title: T\ndate: March 3, 2025\n"), Diagnostics())


@pytest.mark.parametrize("text", [
    "plain words", "yes", "null", "a: b", "#1 priority", " padded ", "‘quoted’ “text”",
    "line\nbreak", "tab\there", "back\\slash", 'say "hi"', "\u2028", "\x85", "@handle",
    "- dash", "[bracket", "José Núñez", "123", "2025-03-03", "",
])
def test_the_yaml_writer_reads_back_as_written(text: str) -> None:
    meta = {"title": text, "tags": [text, "other"], "date": dt.date(2025, 3, 3), "draft": True,
            "url": None}
    assert parse_mapping(frontmatter.yaml_lines(meta), "x") == {**meta, "title": text,
                                                                 "tags": [text, "other"]}


def test_the_writer_follows_the_schema_order_and_leaves_out_unset_optional_fields() -> None:
    meta = frontmatter.ordered({"seed_hash": "h", "draft": None, "title": "T", "date": None,
                                "note": "N", "seed": "s.txt"})
    assert list(meta) == ["title", "date", "seed", "note", "seed_hash"]


def test_new_writes_front_matter_that_loads(tmp_path: Path) -> None:
    path = new_article(tmp_path, "Yes: a title #1", dt.date(2025, 3, 3))
    article = parse_article(path, path.read_text(), Diagnostics())
    assert (article.title, article.date, article.draft) == \
        ("Yes: a title #1", dt.date(2025, 3, 3), True)
