"""Inputs stay inside the project: a symbolic link in `seeds/`, `content/` or
`layouts/` that leads outside it is refused, and so is one of those folders
when it is a link itself (or lies behind one), unless the configuration
names the folder's real path.

A link to `~/.ssh/id_rsa` or `/etc/passwd` dropped in `seeds/` would
otherwise be read and published as an article, and one in
`layouts/static/` copied into the site. Links inside the project (a shared
folder of seeds, say) are fine. Only links are resolved, so checking costs
nothing for ordinary files. The folders come from the configuration as
written (absolute, never resolved), so a link is seen before it is followed.
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


def refuse_linked_folder(folder: Path, setting: str) -> None:
    """Raise a `SiteError` when `folder` is, or lies behind, a symbolic link:
    `layouts -> ~/private` would publish the files there. Naming the real
    path in the configuration (`setting: /the/real/path`) says it is meant."""
    real = os.path.realpath(folder)
    if os.path.lexists(folder) and real != os.path.abspath(folder):
        raise SiteError(f"this folder is a symbolic link to {real}; refused, since it may "
                        f"lead out of the project (to use it, name its real path in "
                        f"config.yaml: `{setting}: {real}`)", folder)
