"""Which installed library made a stored value, told without importing it.

The build cache and the search index keep what a library's code made (the
cache's environment key, the indexer's key), so another version of the
library must void them. `importlib.metadata` tells a version, but
importing it (with the e-mail parser it reads metadata with) took 20 ms,
a tenth of a build with nothing to do. A library is recognised instead by
the path, size and modification time of its module file, which an upgrade
or a reinstall writes anew (the Pagefind program is recognised the same
way: `search/pagefind.py`).
"""

from __future__ import annotations

import importlib.util
import os


def library_stamp(module: str) -> str:
    """`module`'s file, size and modification time ("none" when not installed)."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):  # a module loaded without a spec, say
        spec = None
    origin = spec.origin if spec is not None else None
    if origin is None or not os.path.isfile(origin):
        return f"{module}:none"
    return f"{module}:{file_stamp(origin)}"


def file_stamp(path: str | os.PathLike[str]) -> str:
    """An installed file's path, size and modification time."""
    st = os.stat(path)
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"
