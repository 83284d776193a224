"""The slug policy and the URL helper."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.slugs import MAX_LENGTH, is_slug, slugify, unique_slug
from sitegen.urls import Urls, output_path


@pytest.mark.parametrize(("text", "slug"), [
    ("Tren de Aragua expands in Mexico City", "tren-de-aragua-expands-in-mexico-city"),
    ("Mexico’s Proceso Magazine", "mexicos-proceso-magazine"),
    ("José Núñez-Ortega", "jose-nunez-ortega"),
    ("U.S. government", "us-government"),
    ("AT&T", "at-and-t"),
    ("../../etc/passwd", "etc-passwd"),
    ("CON", "x-con"),
])
def test_slug_policy(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slug_of_only_punctuation_is_stable_and_not_empty() -> None:
    assert slugify("?!…") == slugify("?!…")
    assert slugify("?!…").startswith("x-")


def test_long_titles_are_cut_at_a_word() -> None:
    slug = slugify("word " * 60)
    assert len(slug) <= MAX_LENGTH and not slug.endswith("-")


def test_unique_slug_counts_up() -> None:
    assert unique_slug("a", {"a", "a-2"}) == "a-3"
    assert unique_slug("b", {"a"}) == "b"


@given(st.lists(st.text(alphabet="abc -", min_size=1, max_size=30), min_size=1, max_size=12),
       st.integers(min_value=1, max_value=40))
def test_numbered_slugs_of_long_stems_stay_slugs_and_distinct(words: list[str],
                                                               copies: int) -> None:
    """A long stem numbered `-N` is cut to make room: the build reads the file's
    stem as its slug again and must find the same one, distinct from the rest."""
    base = slugify(" ".join(words) * 8)
    taken: set[str] = set()
    for _ in range(copies):
        slug = unique_slug(base, taken)
        assert slug not in taken and is_slug(slug) and slugify(slug) == slug
        taken.add(slug)


def test_urls_under_a_sub_path() -> None:
    urls = Urls("https://example.org/reading")
    assert urls.base_path == "/reading/"
    assert urls.path(urls.article("x")) == "/reading/articles/x/"
    assert urls.absolute(urls.tag("y", 2)) == "https://example.org/reading/tags/y/page/2/"
    assert urls.path(urls.home()) == "/reading/"
    assert output_path(urls.home(3)) == "page/3/index.html"
    assert output_path(urls.feed(urls.author("z"))) == "authors/z/feed.xml"


@pytest.mark.parametrize("text", ["tren-de-aragua", "a", "x-con", "2024-report", "con", "A-b",
                                  "a--b", "-a", "a-", "é", "a b", "x" * 81])
def test_is_slug_means_slugify_leaves_it_alone(text: str) -> None:
    assert is_slug(text) == (slugify(text) == text)
