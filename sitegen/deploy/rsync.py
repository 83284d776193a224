"""Deploy with rsync: `rsync -a --delete` to a folder or `[user@]host:path`.

rsync compares sizes and modification times, which the build keeps for
unchanged files, so only what changed travels. It must be installed; the
`directory` target does the same for a local folder without it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..errors import SiteError
from ..marker import refuse_foreign_folder, site_of
from .outcome import Outcome, counted
from .targets import is_remote


def deploy_rsync(site: Path, dest: str, dry_run: bool = False, force: bool = False) -> Outcome:
    """Mirror `site` to `dest` with rsync (its own dry run when `dry_run`).
    A local `dest` must be sitegen's (see `marker.py`) unless `force`; a
    remote one is taken on trust."""
    program = shutil.which("rsync")
    if program is None:
        raise SiteError("the rsync target needs the rsync program, which is not installed "
                        "(apt-get install rsync; or deploy to a local folder with "
                        "--to directory --dest PATH)")
    if not is_remote(dest):
        refuse_foreign_folder(Path(dest), site_of(site), force)
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
