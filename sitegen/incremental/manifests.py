"""The output folders' manifests as the cache keeps them: a base and a delta.

The live site's manifest (path → fingerprint of every file; 280,000 paths
at 100,000 articles) and the article digests its page fingerprints were
made from are stored as a *base*, written whole now and then, and a
*delta* from it that each build rewrites: a one-article edit writes the
few paths it changed, not the whole manifest (pickling it took half a
second). The staging folder's manifest is stored as its delta from the
live one: after a swap the staging folder holds the previous site, which
differs from the new one exactly where the build changed something.

A delta maps a key to its new value, or to None where the key is gone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Delta = dict[str, "str | None"]
# The live folder's state: manifest, view digests, whole digests (see `fingerprint.Basis`)
State = tuple[dict[str, str], dict[str, str], dict[str, str]]


@dataclass(frozen=True)
class Stored:
    """The live folder's state as stored: the id of its base, and its deltas
    from that base (one per part of `State`)."""

    base: int
    deltas: tuple[Delta, Delta, Delta]
    size: int  # entries in the base


def difference(old: Mapping[str, str], new: Mapping[str, str],
               keys: Iterable[str] | None = None) -> Delta:
    """The delta that makes `old` into `new`, looking only at `keys` when
    given (they must hold every key at which the two differ)."""
    if keys is None:
        found: Delta = {key: value for key, value in new.items() if old.get(key) != value}
        found.update(dict.fromkeys(old.keys() - new.keys()))
        return found
    return {key: new.get(key) for key in keys if new.get(key) != old.get(key)}


def accounts_for(old: Mapping[str, str], new: Mapping[str, str], delta: Delta) -> bool:
    """A cheap check that `delta` made from some keys is all the difference:
    applied to `old`, it must give as many keys as `new` has."""
    added = sum(1 for key, value in delta.items() if value is not None and key not in old)
    gone = sum(1 for key, value in delta.items() if value is None and key in old)
    return len(old) + added - gone == len(new)


def apply(target: dict[str, str], delta: Delta) -> dict[str, str]:
    """`target` changed in place by `delta`; returned."""
    for key, value in delta.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return target


def reverse(old: Mapping[str, str], delta: Delta) -> Delta:
    """The delta that undoes `delta` applied to `old`."""
    return {key: old.get(key) for key in delta}


def after_swap(was: State | None, stored: Stored | None, now: State,
               changed: Iterable[str] | None, articles: Iterable[str] | None = None,
               ) -> tuple[tuple[Delta, Delta, Delta] | None, Delta | None]:
    """After the live folder's state went from `was` (stored as `stored`) to
    `now`: the deltas to store for `now` from the same base (None: store a
    new base), and how the previous site (now the staging folder) differs
    from `now` (None: unknown, as `was` is). `changed`: the paths at which
    the manifests may differ, `articles` the slugs at which the digests may
    (None: anywhere)."""
    if was is None:
        return None, None
    step = _checked(was[0], now[0], changed)
    back = reverse(was[0], step)
    if stored is None:
        return None, back
    deltas = next_deltas(stored, (step, _checked(was[1], now[1], articles),
                                  _checked(was[2], now[2], articles)))
    return (None if worth_a_new_base(stored, deltas) else deltas), back


def _checked(old: Mapping[str, str], new: Mapping[str, str], keys: Iterable[str] | None) -> Delta:
    """`difference(old, new, keys)`, or of all keys when `keys` missed some."""
    delta = difference(old, new, keys)
    return delta if keys is None or accounts_for(old, new, delta) else difference(old, new)


def next_deltas(stored: Stored, changes: tuple[Delta, Delta, Delta]) -> tuple[Delta, Delta, Delta]:
    """The deltas from the stored base to the state after `changes`."""
    return tuple({**before, **change}  # type: ignore[return-value]
                 for before, change in zip(stored.deltas, changes, strict=True))


def worth_a_new_base(stored: Stored, deltas: tuple[Delta, Delta, Delta]) -> bool:
    """True when the deltas have grown to where writing the base anew pays:
    each build rewrites them, so they are kept at an eighth of the base."""
    return sum(map(len, deltas)) > max(1000, stored.size // 8)
