"""Deploy to GitHub Pages: the built site as a commit on a branch (`gh-pages`).

Plain git commands in a temporary repository: fetch the branch from the
target repository (a local path or a remote URL) when it exists, replace
its files with the site's plus `.nojekyll` (GitHub must not run Jekyll on
it) and `CNAME` (when a custom domain is set), commit, push. The branch
gets one commit per deploy that changed anything; its history is kept.
The user's own repositories and working folders are never touched, except
for the pushed branch. A dry run stops before committing and tells what
would change.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import SiteError
from ..marker import MARKER, site_of
from .outcome import Outcome, counted

DEFAULT_BRANCH = "gh-pages"
MESSAGE = "Publish the site (build.py deploy)"
_IDENTITY = {"user.name": "sitegen", "user.email": "sitegen@localhost"}


def deploy_github_pages(site: Path, repo: str, branch: str | None = None,
                        cname: str | None = None, dry_run: bool = False,
                        force: bool = False) -> Outcome:
    """Commit `site` to `branch` of `repo` and push it. An existing branch
    must hold this site (its marker file, see `marker.py`) unless `force`."""
    if shutil.which("git") is None:
        raise SiteError("the github-pages target needs git, which is not installed")
    branch = branch or DEFAULT_BRANCH
    with tempfile.TemporaryDirectory(prefix="sitegen-pages-") as scratch:
        git = _Git(Path(scratch), repo)
        git("init", "--quiet")
        git.configure()
        if git.branch_exists(branch):
            git("fetch", "--quiet", "--depth", "1", repo, f"refs/heads/{branch}")
            git("checkout", "--quiet", "-B", branch, "FETCH_HEAD")
            _refuse_foreign_branch(git, site, f"{repo} ({branch})", force)
            git("rm", "-r", "--quiet", "--ignore-unmatch", ".")
        else:
            git("checkout", "--quiet", "--orphan", branch)
        _place(site, git.folder, cname)
        git("add", "--all")
        changes = git("diff", "--cached", "--name-status").splitlines()
        where = f"{repo} ({branch})"
        if not changes:
            return Outcome(f"{where}: already up to date, nothing to commit")
        if dry_run:
            return Outcome(f"{where}: would commit {counted(len(changes), 'changed file')}",
                           tuple(changes))
        git("commit", "--quiet", "--message", MESSAGE)
        git("push", "--quiet", repo, f"HEAD:refs/heads/{branch}")
        commit = git("rev-parse", "--short", "HEAD").strip()
        return Outcome(f"{where}: pushed commit {commit} with "
                       f"{counted(len(changes), 'changed file')}", tuple(changes))


def _refuse_foreign_branch(git: _Git, site: Path, where: str, force: bool) -> None:
    if force or not git("ls-files").strip():
        return
    found = site_of(git.folder)
    if found is None or found != site_of(site):
        whose = "no" if found is None else "another project's"
        raise SiteError(f"the branch holds {whose} {MARKER} file, so sitegen did not publish "
                        "this site there; refusing to replace its files (choose another "
                        "branch, or use --force)", where)


def _place(site: Path, folder: Path, cname: str | None) -> None:
    """Copy the site into the work tree, with the files GitHub Pages reads."""
    shutil.copytree(site, folder, symlinks=True, dirs_exist_ok=True,
                    ignore=lambda _, names: [n for n in names if n == ".git"])
    (folder / ".nojekyll").write_bytes(b"")
    if cname:
        (folder / "CNAME").write_text(cname.strip() + "\n", encoding="utf-8")


def _reason(result: subprocess.CompletedProcess[str]) -> str:
    """git's own reason: its first `fatal:` or `error:` line (the lines after
    it are advice such as "Please make sure you have the correct access
    rights"), else all it said, on one line."""
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    for line in lines:
        for prefix in ("fatal: ", "error: "):
            if line.startswith(prefix):
                return line.removeprefix(prefix)
    return " ".join(lines) or f"exit {result.returncode}"


class _Git:
    """git, run in one work tree; a failure is a `SiteError` with git's words."""

    def __init__(self, folder: Path, repo: str) -> None:
        self.folder, self.repo = folder, repo

    def __call__(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["git", "-C", str(self.folder), *args], capture_output=True,
                                text=True, check=False)
        if check and result.returncode != 0:
            raise SiteError(f"git {args[0]} failed: {_reason(result)}", self.repo)
        return result.stdout

    def branch_exists(self, branch: str) -> bool:
        found = self("ls-remote", "--heads", self.repo, f"refs/heads/{branch}")
        return bool(found.strip())

    def configure(self) -> None:
        """Settings of the temporary repository: files committed byte for byte,
        and a committer name where the machine has none (CI): git refuses
        to commit without one."""
        self("config", "core.autocrlf", "false")
        for key, value in _IDENTITY.items():
            if not self("config", key, check=False).strip():
                self("config", key, value)
