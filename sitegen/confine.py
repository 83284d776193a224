"""Inputs stay inside the project: a symbolic link in `seeds/`, `content/` or
`layouts/` that leads outside it is refused.

A link to `~/.ssh/id_rsa` or `/etc/passwd` dropped in `seeds/` would
otherwise be read and published as an article, and one in
`layouts/static/` copied into the site. Links inside the project (a shared
folder of seeds, say) are fine. Only links are resolved, so checking costs
nothing for ordinary files.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import SiteError

OUTSIDE = "symbolic link to a file outside the project; refused"


def leads_outside(path: Path, root: Path) -> bool:
    """True when `path` is a symbolic link whose target is not below `root`
    (which must be resolved)."""
    return path.is_symlink() and not path.resolve().is_relative_to(root)


def refuse_links_outside(folder: Path, root: Path) -> None:
    """Raise a `SiteError` for the first link below `folder` leading outside
    `root`; links to folders are checked, not followed."""
    for current, dirs, names in os.walk(folder):
        for name in sorted([*dirs, *names]):
            path = Path(current, name)
            if leads_outside(path, root):
                raise SiteError(OUTSIDE, path)
