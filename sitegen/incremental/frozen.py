"""Unpickling large values out of the cycle collector's way."""

from __future__ import annotations

import gc
import pickle
from typing import Any


def unpickle(data: bytes) -> Any:
    """`pickle.loads`, the value then kept out of the cycle collector's way.

    A large value (the parsed files of 100,000 articles) makes no garbage,
    but its millions of new objects would have the collector walk them
    again and again as they age: they are frozen (`gc.freeze`: moved where
    the collector never looks) as soon as they are made. They live as long
    as the build anyway."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
