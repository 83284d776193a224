"""Only our own folders are replaced: the marker file sitegen leaves in them.

A build replaces its output folder as a whole, and a `directory` or
`rsync` deploy deletes what the site does not have: pointed at the wrong
folder (`--out ~/Documents`), either would throw away someone's files.
Guessing from the files (an `index.html` and a `sitemap.xml`) is not
enough: a hand-made website has those too. So every folder sitegen
writes carries a marker file, `.sitegen-site`, naming the site it holds,
and a folder that is not empty and has no marker is refused, whatever it
holds, unless the user says `--force` (or empties it).

The site's identity is its public address (`base_url`), with its title
for people; nothing else (no local path: the marker is published with the
site, and a build must give the same bytes wherever the project lies). A
deploy folder holding another site is refused too: two sites mirroring
into one folder would delete each other's files.
"""

from __future__ import annotations

from pathlib import Path

from .errors import SiteError

MARKER = ".sitegen-site"
_FIRST_LINE = "A site written by sitegen, replaced as a whole by its next build or deploy."


def marker_text(base_url: str, title: str) -> bytes:
    """The marker of the site published at `base_url`."""
    lines = (" ".join(value.split()) for value in (base_url, title))
    return f"{_FIRST_LINE}\nsite: {next(lines)}\ntitle: {next(lines)}\n".encode()


def site_of(folder: Path) -> str | None:
    """The identity in `folder`'s marker; None when it has none."""
    try:
        return site_in((folder / MARKER).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None


def site_in(text: str) -> str | None:
    """The identity in a marker's text; None when it is not sitegen's marker."""
    lines = text.splitlines()
    if not lines or lines[0] != _FIRST_LINE:
        return None
    return next((line[6:] for line in lines if line.startswith("site: ")), "")


def refuse_foreign_folder(folder: Path, site: str | None = None, force: bool = False) -> None:
    """Raise unless `folder` is missing, empty or marked by sitegen (by the
    site `site`, when given); `force` lets any folder through."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise SiteError("this path exists and is not a folder; refusing to replace it "
                        "(remove it, or choose another folder)", folder)
    if not force:
        refuse_foreign_contents(folder, not any(folder.iterdir()), site_of(folder), site)


def refuse_foreign_contents(where: str | Path, empty: bool, found: str | None,
                            site: str | None) -> None:
    """Raise unless the folder `where` is `empty` or its marker names the
    site `found` (equal to `site`, when given). For folders sitegen cannot
    look into itself, such as a remote one."""
    if empty:
        return
    if found is None:
        raise SiteError(f"refusing to replace it: the folder is not empty and has no {MARKER} "
                        "file, so sitegen did not write it (empty it, choose another folder, "
                        "or use --force to replace what it holds)", where)
    if site is not None and found != site:
        raise SiteError(f"refusing to replace it: the folder holds another site ({found}) "
                        "(choose another folder, or use --force)", where)
