"""Deploy with rsync: `rsync -a --delete` to a folder or `[user@]host:path`.

rsync compares sizes and modification times, which the build keeps for
unchanged files, so only what changed travels. It must be installed; the
`directory` target does the same for a local folder without it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import SiteError
from ..marker import MARKER, refuse_foreign_contents, refuse_foreign_folder, site_in, site_of
from .outcome import Outcome, counted
from .targets import is_remote


def deploy_rsync(site: Path, dest: str, dry_run: bool = False, force: bool = False) -> Outcome:
    """Mirror `site` to `dest` with rsync (its own dry run when `dry_run`).
    `dest`, local or remote, must be missing, empty or sitegen's (see
    `marker.py`) unless `force`."""
    program = shutil.which("rsync")
    if program is None:
        raise SiteError("the rsync target needs the rsync program, which is not installed "
                        "(apt-get install rsync; or deploy to a local folder with "
                        "--to directory --dest PATH)")
    if not is_remote(dest):
        refuse_foreign_folder(Path(dest), site_of(site), force)
    elif not force:
        refuse_foreign_contents(dest, *_remote_folder(program, dest), site_of(site))
    command = [program, "--archive", "--delete", "--itemize-changes",
               *(["--dry-run"] if dry_run else []), f"{site}/", dest]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SiteError(f"rsync failed (exit {result.returncode}): {result.stderr.strip()}", dest)
    details = tuple(line for line in result.stdout.splitlines() if line.strip())
    sent = sum(1 for line in details if line[:2] in (">f", "<f"))
    deleted = sum(1 for line in details if line.startswith("*deleting"))
    verb = ("would send", "would delete") if dry_run else ("sent", "deleted")
    return Outcome(f"{dest}: rsync {verb[0]} {counted(sent, 'file')}, {verb[1]} {deleted}",
                   details)


def _remote_folder(program: str, dest: str) -> tuple[bool, str | None]:
    """Whether the remote folder `dest` is empty (or missing), and the site
    its marker names (None: no marker), asked of rsync itself."""
    folder = dest.rstrip("/") + "/"
    listing = subprocess.run([program, "--list-only", folder], capture_output=True, text=True,
                             check=False)
    if listing.returncode != 0:
        if "No such file or directory" in listing.stderr:
            return True, None  # rsync makes it
        raise SiteError(f"could not look into it with rsync (exit {listing.returncode}): "
                        f"{listing.stderr.strip()}", dest)
    names = {line.split(None, 4)[-1] for line in listing.stdout.splitlines() if line.strip()}
    names.discard(".")
    if MARKER not in names:
        return not names, None
    with tempfile.TemporaryDirectory() as local:
        subprocess.run([program, folder + MARKER, local], capture_output=True, check=False)
        marker = Path(local, MARKER)
        text = marker.read_text(encoding="utf-8", errors="replace") if marker.is_file() else ""
    return False, site_in(text)
