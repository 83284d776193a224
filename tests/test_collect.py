"""Collect: ordering, grouping, pagination and related articles (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.collect import collect, paginate
from sitegen.load import Article, Content
from sitegen.related import RELATED_COUNT


def article(slug: str, date: dt.date | None, tags=(), authors=(), draft=False) -> Article:
    return Article(path=Path(f"{slug}.md"), slug=slug, title=slug.title(), date=date,
                   authors=tuple(authors), tags=tuple(tags), summary="", source=None, url=None,
                   note=None, draft=draft, seed=None, words=100, body_start=5, body_digest=slug,
                   digest=slug, front_digest=slug, view_digest=slug)


def test_newest_first_and_undated_last() -> None:
    c = collect(Content((article("old", dt.date(2020, 1, 1)), article("none", None),
                         article("new", dt.date(2024, 1, 1))), ()))
    assert [a.slug for a in c.articles] == ["new", "old", "none"]


def test_articles_of_one_day_go_by_slug_whatever_their_titles() -> None:
    day = dt.date(2024, 5, 1)
    zebra = replace(article("a-zebra", day), title="Zebras")
    c = collect(Content((article("c-cat", day), zebra, article("b-bee", day)), ()))
    assert [a.slug for a in c.articles] == ["a-zebra", "b-bee", "c-cat"]


def test_drafts_are_left_out_unless_asked() -> None:
    content = Content((article("a", None, draft=True), article("b", None)), ())
    assert [a.slug for a in collect(content).articles] == ["b"]
    assert len(collect(content, include_drafts=True).articles) == 2


def test_tag_spelling_variants_merge_under_the_most_used_spelling() -> None:
    c = collect(Content((article("a", None, tags=["Mexico City"]),
                         article("b", None, tags=["mexico city"]),
                         article("c", None, tags=["Mexico City"])), ()))
    [tag] = c.tags
    assert (tag.name, tag.slug, len(tag.articles)) == ("Mexico City", "mexico-city", 3)


def test_pagination_splits_and_keeps_an_empty_first_page() -> None:
    pages = paginate(list(range(23)), 10)
    assert [(p.number, p.count, len(p.items)) for p in pages] == [(1, 3, 10), (2, 3, 10), (3, 3, 3)]
    assert [(p.number, p.items) for p in paginate([], 10)] == [(1, ())]


def test_related_articles_share_the_most_tags_and_authors() -> None:
    day = dt.date(2024, 1, 1)
    c = collect(Content((
        article("a", day, tags=["x", "y"], authors=["ann"]),
        article("b", day, tags=["x", "y"], authors=["ann"]),
        article("c", day, tags=["x"]),
        article("d", day, tags=["z"]),
    ), ()))
    assert [r.slug for r in c.related["a"]] == ["b", "c"]
    assert c.related["d"] == ()


def _related_by_definition(articles, terms, reach: int = 4) -> dict[str, list[str]]:
    """The related articles as the docstring defines them, the slow way:
    candidates within `reach` in a shared term's list, counted once per
    such term; most shared first, then the nearer in the article order."""
    order = {a.slug: i for i, a in enumerate(articles)}
    related = {}
    for me, article_ in enumerate(articles):
        shared: dict[int, int] = {}
        for term in terms:
            members = [order[a.slug] for a in term.articles]
            if me in members:
                at = members.index(me)
                for other in members[max(0, at - reach):at + reach + 1]:
                    if other != me:
                        shared[other] = shared.get(other, 0) + 1
        best = sorted(shared, key=lambda other: (-shared[other], abs(other - me), other))
        related[article_.slug] = [articles[other].slug for other in best[:RELATED_COUNT]]
    return related


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sets(st.sampled_from("pqrstu")), st.sets(st.sampled_from("mn")),
                          st.integers(1, 40)), min_size=1, max_size=40))
def test_related_articles_are_the_most_shared_then_the_nearest(drawn) -> None:
    c = collect(Content(tuple(
        article(f"a{i}", dt.date(2024, 1, day), tags=sorted(tags), authors=sorted(authors))
        for i, (tags, authors, day) in enumerate((t, a, d % 28 + 1) for t, a, d in drawn)), ()))
    expected = _related_by_definition(c.articles, (*c.tags, *c.authors))
    assert {slug: [a.slug for a in found] for slug, found in c.related.items()} == expected
