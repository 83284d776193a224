"""The front-matter fast path in `yamlfile` reads exactly what PyYAML reads.

`parse_mapping` decodes blocks in the narrow form `frontmatter.yaml_lines`
writes without PyYAML; these tests pin that the result (types included) is
the YAML path's, and that everything else falls back to that path.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen import frontmatter, yamlfile
from sitegen.errors import SiteError

TRICKY = ["", " ", "a # b", "a: b", "a:b", '"', "'", "\\", '\\"', "\\/", "\\x41", "\\N",
          "\\u00e9", "\\t", "yes", "no", "null", "~", "on", "Off", "y", "n", "true", "12",
          "1_000", "0x1F", "1e3", ".5", ".inf", "-", "2024-02-30", "2024-02-29", "2024-2-9",
          "2024-02-29 10:00", "é", "日本", "\u0085", "\u2028", "\ufeff", "\t", "<<", "=", "x  "]
KEYS = ["title", "date", "tags", "a_b", "null", "yes", "on", "y", "Title", "a-b", "<<", "_"]
text = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))


def quoted(value: str) -> str:
    return f'"{value}"'


value = st.one_of(
    text.map(quoted),
    st.lists(text.map(quoted), max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
    text, st.dates().map(dt.date.isoformat), st.just(""),
    st.sampled_from(['["a","b"]', '[ "a" ]', '"a" # note', '"a" ', "'a'", "[]", "{}", "- a"]))
line = st.tuples(st.sampled_from(KEYS), value).map(lambda kv: f"{kv[0]}: {kv[1]}".rstrip(" ")
                                                   if kv[1] == "" else f"{kv[0]}: {kv[1]}")
block = st.lists(st.one_of(line, st.sampled_from(["", "# c", " x: 1", "title:"])),
                 min_size=1, max_size=6).map(lambda lines: "\n".join(lines) + "\n")


def typed(value: Any) -> Any:
    """`value` with the type of every part, so that `1 == True` or a date vs text differ."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return type(value), value


def via_yaml(source: str) -> Any:
    with mock.patch.object(yamlfile, "_plain_mapping", return_value=None):
        try:
            return typed(yamlfile.parse_mapping(source, "x.md", first_line=2))
        except SiteError as exc:
            return exc


@settings(max_examples=1500, deadline=None)
@given(block)
def test_fast_path_reads_what_yaml_reads_or_falls_back(source: str) -> None:
    fast = yamlfile._plain_mapping(source)
    if fast is not None:
        assert typed(fast) == via_yaml(source)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["title", "date", "tags", "authors", "draft", "seed", "summary"]),
    st.one_of(st.text(max_size=20), st.dates(), st.booleans(), st.none(),
              st.lists(st.text(max_size=10), max_size=4)), min_size=1))
def test_what_the_writer_writes_reads_back_the_same(meta: dict[str, Any]) -> None:
    source = frontmatter.yaml_lines(meta)
    assert typed(yamlfile.parse_mapping(source, "x.md")) == via_yaml(source)


def test_usual_front_matter_takes_the_fast_path() -> None:
    source = ('title: "Ten \\"quoted\\" words: a # b"\ndate: 2024-02-29\nslug: ten-words\n'
              'tags: ["a", "b c", ""]\ndraft: false\nsummary:\nseed: 01_ab.txt\n')
    assert typed(yamlfile._plain_mapping(source)) == typed({
        "title": 'Ten "quoted" words: a # b', "date": dt.date(2024, 2, 29), "slug": "ten-words",
        "tags": ["a", "b c", ""], "draft": False, "summary": None, "seed": "01_ab.txt"})


@pytest.mark.parametrize("source", [
    'title: "a"\ntitle: "b"\n',  # repeated key: the YAML path names both lines
    "date: 2024-02-30\n",  # impossible date: the YAML path gives its located error
    'title: "a\\u00e9"\n',  # an escape JSON and YAML might read differently
    "null: x\n", "yes: x\n",  # keys YAML does not read as text
    "count: 12\n", "when: 2024-02-29 10:00\n",  # numbers, times
    'title: "a" # note\n', "\n", "",
    'tags: [' + ", ".join(['""'] * 10_001) + "]\n",  # beyond yamlbounds' items per list
])
def test_other_front_matter_falls_back_to_yaml(source: str) -> None:
    assert yamlfile._plain_mapping(source) is None


def test_a_list_too_long_is_still_refused_with_its_line() -> None:
    source = 'title: "a"\ntags: [' + ", ".join(['""'] * 10_001) + "]\n"
    with pytest.raises(SiteError, match="at most 10,000") as caught:
        yamlfile.parse_mapping(source, "x.md", first_line=2)
    assert caught.value.line == 3
