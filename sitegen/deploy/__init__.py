"""`sitegen deploy`: publish the built site to where readers get it.

One entry function per kind of target (`github`, `directory`, `rsync`, `s3`);
`deploy` calls the one a `Target` names. Choosing the target and checking
the site first is the command line's part (see `sitegen.commands.deploy`).
"""

from __future__ import annotations

from pathlib import Path

from ..confine import refuse_links_outside
from .outcome import Outcome
from .targets import KINDS, Target, choose_target, parse_targets

__all__ = ["KINDS", "Outcome", "Target", "choose_target", "deploy", "parse_targets"]


def deploy(site: Path, target: Target, dry_run: bool = False, force: bool = False) -> Outcome:
    """Publish the built site in `site` to `target`; `force`: also into a
    folder, branch or bucket prefix that sitegen did not write (see `marker.py`).
    A symbolic link in the site that leads out of it is refused: copying
    it would publish what it points at (or, copied as a link, point the
    server at its own files). (The kinds' modules are imported here: every
    build reads the targets in the settings, few deploy.)"""
    from .directory import deploy_directory
    from .github import deploy_github_pages
    from .rsync import deploy_rsync
    from .s3 import deploy_s3

    refuse_links_outside(site, site.resolve())
    if target.kind == "github-pages":
        assert target.repo is not None  # checked when the target was made
        return deploy_github_pages(site, target.repo, target.branch, target.cname, dry_run,
                                   force)
    if target.kind == "s3":
        return deploy_s3(site, target, dry_run, force)
    assert target.dest is not None
    if target.kind == "directory":
        return deploy_directory(site, Path(target.dest), dry_run, force)
    return deploy_rsync(site, target.dest, dry_run, force)
