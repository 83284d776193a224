"""Front matter YAML: the fast path gives what PyYAML's safe loader gives."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.errors import SiteError
from sitegen.yamlfile import parse_mapping

DOCUMENTS = [
    'title: "Quoted: with colon"\nauthors: [A, "B, Jr."]\ntags: []\n',
    "title: Plain\ndate: 2024-05-22\ndraft: true\nwords: 12\nratio: 1.5\nnote: ~\nempty:\n",
    "title: 2024\nslug: '0x1F'\nseed: 01524_0f4f.txt\nlist: [1, two, 2024-01-02]\n",
    "base: &base {title: Shared}\nmerged:\n  <<: *base\n  more: yes\n",
    "tags: &t [a, b]\nalso: *t\nnested: {a: [b, {c: d}]}\n",
    "title: >\n  folded\n  text\nbody: |\n  kept\n  lines\n",
    "1: one\nyes: two\n",
    "title: !!str 12\ncount: !!int '7'\n",
    "",
    "# only a comment\n",
]


def _assert_loads_as(text: str, expected: object) -> None:
    """`parse_mapping` gives PyYAML's mapping, or refuses keys that are not text."""
    try:
        assert parse_mapping(text, "x.md") == (expected or {})
    except SiteError:
        assert isinstance(expected, dict) and any(not isinstance(k, str) for k in expected)


@pytest.mark.parametrize("text", DOCUMENTS)
def test_front_matter_loads_as_pyyaml_loads_it(text: str) -> None:
    _assert_loads_as(text, yaml.safe_load(text))


def test_types_other_than_text_still_come_from_pyyaml() -> None:
    data = parse_mapping("date: 2024-05-22\ndraft: false\ntags: [x, 2]\n", "x.md")
    assert data == {"date": dt.date(2024, 5, 22), "draft": False, "tags": ["x", 2]}


_scalar = st.one_of(st.text(alphabet="ab1:-# '\"[],{}&*!|>.", max_size=8),
                    st.sampled_from(["yes", "null", "2024-01-02", "1e3", "0o7", "~"]))


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "tags", "a b", "1", "<<"]),
                       st.one_of(_scalar, st.lists(_scalar, max_size=3)), max_size=4))
def test_any_dumped_mapping_loads_back_as_pyyaml_loads_it(data: dict) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=None)
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        return
    _assert_loads_as(text, expected)
