"""Related articles: for each article, the few others sharing the most
tags and authors (part of the collect stage, pure)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .collect import Term
    from .load import Article

RELATED_COUNT = 3
REACH = 4  # neighbours on each side, in each shared tag or author list


def related_articles(articles: Sequence[Article], tags: Sequence[Term],
                     authors: Sequence[Term]) -> dict[str, tuple[Article, ...]]:
    """For each article, the few others sharing the most tags and authors.

    Candidates are the articles near it in time in each of its tag and author
    lists, which keeps this linear in the size of the collection; a tie goes
    to the nearer in time, then to the newer. (Counted and ranked with numpy:
    in Python, a counter and a sort for each article took 4 s of planning
    100,000 articles.)
    """
    count = len(articles)
    number = _numbering(articles)
    newer, older = _neighbours([number(term.articles) for term in (*tags, *authors)])
    pairs, shared = np.unique(newer * count + older, return_counts=True)
    newer, older = np.divmod(pairs, count)
    me, other = np.concatenate([newer, older]), np.concatenate([older, newer])
    shared = np.concatenate([shared, shared])
    # one key per candidate: its article, then the most shared, then the
    # nearest (2 × distance, + 1 for the older of two as near)
    most = int(shared.max(initial=0))
    nearness = 2 * np.abs(other - me) + (other > me)
    order = np.argsort((me * (most + 1) + (most - shared)) * (2 * count + 1) + nearness)
    me, other = me[order], other[order]
    candidates = np.bincount(me, minlength=count)
    rank = np.arange(len(me)) - (np.cumsum(candidates) - candidates)[me]
    best = rank < RELATED_COUNT
    picked = list(map(articles.__getitem__, other[best].tolist()))
    ends = np.cumsum(np.minimum(candidates, RELATED_COUNT)).tolist()
    return {a.slug: tuple(picked[start:end])
            for a, start, end in zip(articles, [0, *ends], ends, strict=False)}


def _numbering(articles: Sequence[Article]) -> Callable[[Sequence[Article]], np.ndarray]:
    """A function giving the positions in `articles` of some of them (found
    by identity: a dict of a hundred thousand slugs took most of a second)."""
    ids = np.fromiter(map(id, articles), np.int64, len(articles))
    by_id = np.argsort(ids)
    ordered = ids[by_id]

    def number(some: Sequence[Article]) -> np.ndarray:
        return by_id[np.searchsorted(ordered, np.fromiter(map(id, some), np.int64, len(some)))]

    return number


def _neighbours(terms: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(newer, older) for every pair of articles at most `REACH`
    apart in a term's list (of positions, newest first), once per term."""
    newer, older = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for members in terms:
        for offset in range(1, min(REACH, len(members) - 1) + 1):
            newer.append(members[:-offset])
            older.append(members[offset:])
    return np.concatenate(newer), np.concatenate(older)
