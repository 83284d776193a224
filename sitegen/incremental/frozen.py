"""Large values made to last the whole build, kept out of the cycle collector's way."""

from __future__ import annotations

import contextlib
import gc
import pickle
from collections.abc import Iterator
from typing import Any


def unpickle(data: bytes) -> Any:
    """`pickle.loads`, the value then kept out of the cycle collector's way.

    A large value (the parsed files of 100,000 articles) makes no garbage,
    but its millions of new objects would have the collector walk them
    again and again as they age: they are frozen (`gc.freeze`: moved where
    the collector never looks) as soon as they are made. They live as long
    as the build anyway."""
    with lasting():
        return pickle.loads(data)


@contextlib.contextmanager
def lasting() -> Iterator[None]:
    """Run a block that makes objects to keep until the build ends (the
    planned pages and their recipes: three million objects at 100,000
    articles) with the cycle collector off, and freeze them when it ends.
    They make no garbage, and the collector walked them again and again
    as they were made: 1.45 s of an edit at 100,000 that planned the site
    anew (62 collections)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
