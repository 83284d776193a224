"""deploy: the checked site reaches a real git repository, a folder or rsync."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli
from helpers import require_tools

from sitegen.deploy import choose_target, parse_targets
from sitegen.deploy.rsync import deploy_rsync
from sitegen.errors import Diagnostics, SiteError


def _git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def _bare_repository(path: Path) -> Path:
    _git("init", "--quiet", "--bare", str(path))
    return path


def _checkout(repo: Path, branch: str, into: Path) -> Path:
    _git("clone", "--quiet", "--branch", branch, str(repo), str(into))
    return into


def _same_tree(site: Path, checkout: Path, extra: set[str]) -> bool:
    """`checkout` holds the files of `site`, byte for byte, and `extra` ones."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    published = {p.relative_to(checkout).as_posix() for p in checkout.rglob("*")
                 if p.is_file() and ".git" not in p.relative_to(checkout).parts}
    _, mismatch, errors = filecmp.cmpfiles(site, checkout, sorted(files), shallow=False)
    return published == files | extra and not mismatch and not errors


def _copy_site(sample_site: Path, tmp_path: Path) -> Path:
    return shutil.copytree(sample_site / "site", tmp_path / "built")


def test_github_pages_branch_holds_the_site(sample_site: Path, tmp_path: Path) -> None:
    site = _copy_site(sample_site, tmp_path)
    repo = _bare_repository(tmp_path / "remote.git")
    result = run_cli("deploy", "--out", str(site), "--to", "github-pages", "--repo", str(repo),
                     "--cname", "reading.example.org", cwd=sample_site, check=True)
    assert "pushed commit" in result.stdout
    checkout = _checkout(repo, "gh-pages", tmp_path / "checkout")
    assert _same_tree(site, checkout, {".nojekyll", "CNAME"})
    assert (checkout / "CNAME").read_text() == "reading.example.org\n"
    assert (checkout / ".nojekyll").read_bytes() == b""


def test_github_pages_keeps_history_and_skips_an_unchanged_site(
        sample_site: Path, tmp_path: Path) -> None:
    site = _copy_site(sample_site, tmp_path)
    repo = _bare_repository(tmp_path / "remote.git")
    deploy = ("deploy", "--out", str(site), "--to", "github-pages", "--repo", str(repo),
              "--branch", "pages")
    run_cli(*deploy, cwd=sample_site, check=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    run_cli(*deploy, cwd=sample_site, check=True)
    again = run_cli(*deploy, cwd=sample_site, check=True)
    assert "already up to date" in again.stdout
    assert len(_git("--git-dir", str(repo), "log", "--format=%H", "pages").split()) == 2
    checkout = _checkout(repo, "pages", tmp_path / "checkout")
    assert (checkout / "robots.txt").read_text() == "User-agent: *\nDisallow:\n"
    assert not (checkout / "CNAME").exists()


def test_github_pages_dry_run_pushes_nothing(sample_site: Path, tmp_path: Path) -> None:
    repo = _bare_repository(tmp_path / "remote.git")
    result = run_cli("deploy", "--out", str(sample_site / "site"), "--to", "github-pages",
                     "--repo", str(repo), "--dry-run", cwd=sample_site, check=True)
    assert "would commit" in result.stdout
    assert _git("--git-dir", str(repo), "branch", "--list") == ""


def test_a_configured_target_builds_checks_and_deploys(project: Path, tmp_path: Path) -> None:
    repo = _bare_repository(tmp_path / "remote.git")
    config = project / "config.yaml"
    config.write_text(config.read_text() + "\ndeploy:\n  pages:\n    type: github-pages\n"
                      "    repo: ../remote.git\n  mirror:\n    type: directory\n"
                      "    dest: ../public\n")
    result = run_cli("deploy", "--to", "pages", cwd=project, check=True)
    assert "built 14 articles" in result.stdout and "every link" in result.stdout
    checkout = _checkout(repo, "gh-pages", tmp_path / "checkout")
    assert _same_tree(project / "site", checkout, {".nojekyll"})
    run_cli("deploy", "--to", "mirror", "--no-ingest", cwd=project, check=True)
    assert (tmp_path / "public" / "index.html").read_bytes() == \
        (project / "site" / "index.html").read_bytes()


def test_directory_deploy_removes_deleted_pages_and_keeps_unchanged_files(
        project: Path, tmp_path: Path) -> None:
    dest = tmp_path / "public"
    run_cli("deploy", "--to", "directory", "--dest", str(dest), cwd=project, check=True)
    before = {p.relative_to(dest).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
              for p in dest.rglob("*") if p.is_file()}
    gone = sorted((project / "content").glob("*.md"))[0]
    page = f"articles/{gone.stem}/index.html"
    assert page in before
    gone.unlink()
    result = run_cli("deploy", "--to", "directory", "--dest", str(dest), "--no-ingest", "-v",
                     cwd=project, check=True)
    assert f"removed {page}" in result.stdout
    assert not (dest / f"articles/{gone.stem}").exists()
    after = {p.relative_to(dest).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
             for p in dest.rglob("*") if p.is_file()}
    unchanged = [p for p in after if p in before and after[p][0] == before[p][0]]
    assert len(unchanged) > 20
    assert all(after[p][1] == before[p][1] for p in unchanged), "unchanged files were copied"
    assert any(after[p][0] != before[p][0] for p in after if p in before)  # some did change
    assert {p: data for p, (data, _) in after.items()} == {
        p.relative_to(project / "site").as_posix(): p.read_bytes()
        for p in (project / "site").rglob("*") if p.is_file()}


def test_directory_deploy_refuses_a_folder_that_is_not_a_site(
        sample_site: Path, tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    result = run_cli("deploy", "--out", str(sample_site / "site"), "--to", "directory",
                     "--dest", str(precious), cwd=sample_site)
    assert result.returncode == 1 and "refusing" in result.stderr
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_directory_dry_run_changes_nothing(sample_site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "public"
    result = run_cli("deploy", "--out", str(sample_site / "site"), "--to", "directory",
                     "--dest", str(dest), "--dry-run", cwd=sample_site, check=True)
    assert "would copy" in result.stdout and not dest.exists()


def test_broken_links_stop_a_deploy_unless_forced(sample_site: Path, tmp_path: Path) -> None:
    site = _copy_site(sample_site, tmp_path)
    page = site / "tags/index.html"
    page.write_text(page.read_text().replace("</main>", '<a href="/nowhere/">x</a></main>'))
    dest = tmp_path / "public"
    deploy = ("deploy", "--out", str(site), "--to", "directory", "--dest", str(dest))
    refused = run_cli(*deploy, cwd=sample_site)
    assert refused.returncode == 1
    assert f"{page}: broken link /nowhere/" in refused.stderr
    assert not dest.exists()
    forced = run_cli(*deploy, "--force", cwd=sample_site, check=True)
    assert "warning:" in forced.stderr and "/nowhere/" in forced.stderr
    assert (dest / "tags/index.html").is_file()


def test_a_failed_build_is_not_deployed(project: Path, tmp_path: Path) -> None:
    run_cli("build", cwd=project, check=True)
    article = sorted((project / "content").glob("*.md"))[0]
    article.write_text(article.read_text().replace("title:", "title: [broken", 1))
    dest = tmp_path / "public"
    result = run_cli("deploy", "--to", "directory", "--dest", str(dest), "--no-ingest",
                     cwd=project)
    assert result.returncode == 1 and article.name in result.stderr
    assert "Traceback" not in result.stderr
    assert not dest.exists()


def test_rsync_mirrors_the_site(sample_site: Path, tmp_path: Path) -> None:
    require_tools(None if shutil.which("rsync") else "rsync is not installed")
    site = _copy_site(sample_site, tmp_path)
    dest = tmp_path / "public"
    run_cli("deploy", "--out", str(site), "--to", "rsync", "--dest", str(dest),
            cwd=sample_site, check=True)
    (site / "robots.txt").unlink()
    result = run_cli("deploy", "--out", str(site), "--to", "rsync", "--dest", str(dest),
                     cwd=sample_site, check=True)
    assert "deleted 1" in result.stdout and "sent 0 files" in result.stdout
    assert not filecmp.dircmp(site, dest).left_only and not (dest / "robots.txt").exists()


def _remote_shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make rsync reach `host:path` through a remote shell that runs rsync's
    server side on this machine (the real rsync protocol, with no ssh)."""
    shell = tmp_path / "fake-ssh"
    shell.write_text('#!/bin/sh\nshift\nexec "$@"\n')  # drop the host name
    shell.chmod(0o755)
    monkeypatch.setenv("RSYNC_RSH", str(shell))


def test_a_remote_rsync_folder_sitegen_did_not_write_is_refused_unless_forced(
        sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_tools(None if shutil.which("rsync") else "rsync is not installed")
    _remote_shell(tmp_path, monkeypatch)
    site = _copy_site(sample_site, tmp_path)
    dest = tmp_path / "www"
    dest.mkdir()
    (dest / "family-photos.txt").write_text("not a site")
    result = run_cli("deploy", "--out", str(site), "--to", "rsync", "--dest",
                     f"server:{dest}", cwd=sample_site)
    assert result.returncode == 1
    assert f"server:{dest}: refusing to replace it: the folder is not empty and has no " \
           ".sitegen-site file" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in dest.iterdir()] == ["family-photos.txt"]

    (dest / ".sitegen-site").write_text("A site written by sitegen, replaced as a whole by its "
                                        "next build or deploy.\nsite: https://x.example/\n")
    result = run_cli("deploy", "--out", str(site), "--to", "rsync", "--dest",
                     f"server:{dest}", cwd=sample_site)
    assert result.returncode == 1 and "holds another site (https://x.example/)" in result.stderr

    run_cli("deploy", "--out", str(site), "--to", "rsync", "--dest", f"server:{dest}",
            "--force", cwd=sample_site, check=True)
    assert not filecmp.dircmp(site, dest).left_only and not (dest / "family-photos.txt").exists()
    run_cli("deploy", "--out", str(site), "--to", "rsync", "--dest", f"server:{dest}",
            cwd=sample_site, check=True)  # now it holds this site: no --force needed
    (dest / "family-photos.txt").unlink(missing_ok=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    run_cli("deploy", "--out", str(site), "--to", "rsync", "--dest", f"server:{empty}",
            cwd=sample_site, check=True)  # an empty folder is fine
    assert not filecmp.dircmp(site, empty).left_only
    run_cli("deploy", "--out", str(site), "--to", "rsync", "--dest", f"server:{tmp_path}/new",
            cwd=sample_site, check=True)  # and so is a missing one
    assert not filecmp.dircmp(site, tmp_path / "new").left_only


def test_rsync_missing_is_a_clear_error(sample_site: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without rsync
    with pytest.raises(SiteError, match="needs the rsync program"):
        deploy_rsync(sample_site / "site", str(tmp_path / "public"))


def test_targets_from_config_resolve_paths_and_warn_on_unknown_options(tmp_path: Path) -> None:
    text = ("deploy:\n  pages:\n    type: github-pages\n    repo: ../remote.git\n"
            "    brnach: main\n  server:\n    type: rsync\n    dest: me@host:/srv/www\n")
    diag = Diagnostics()
    targets = parse_targets({"pages": {"type": "github-pages", "repo": "../remote.git",
                                       "brnach": "main"},
                             "server": {"type": "rsync", "dest": "me@host:/srv/www"}},
                            text, tmp_path / "config.yaml", diag)
    assert targets["pages"].repo == str((tmp_path.parent / "remote.git").resolve())
    assert targets["server"].dest == "me@host:/srv/www"
    assert [str(w) for w in diag.warnings] == [
        f"{tmp_path / 'config.yaml'}:5: unknown setting `deploy.pages.brnach` for type "
        'github-pages (did you mean "branch"?)']


@pytest.mark.parametrize(("options", "message"), [
    ({"type": "directory"}, "type directory needs `dest`"),
    ({"type": "ftp", "dest": "x"}, "`type` must be one of"),
    ({"type": "directory", "dest": "x", "repo": "y"}, "unknown setting"),
])
def test_bad_targets_in_config_are_located(tmp_path: Path, options: dict, message: str) -> None:
    text = "title: x\ndeploy:\n  site:\n    type: whatever\n"
    diag = Diagnostics()
    try:
        parse_targets({"site": options}, text, tmp_path / "config.yaml", diag)
    except SiteError as exc:
        assert message in str(exc) and exc.line == 3
    else:
        assert any(message in str(w) for w in diag.warnings)


def test_choosing_a_target() -> None:
    configured = parse_targets({"pages": {"type": "github-pages", "repo": "git@host:me/r.git"}},
                               "", Path("config.yaml"), Diagnostics())
    assert choose_target(configured, None).name == "pages"
    assert choose_target(configured, "pages", branch="main").branch == "main"
    assert choose_target({}, "directory", dest="/srv/www").dest == "/srv/www"
    with pytest.raises(SiteError, match='did you mean "pages"'):
        choose_target(configured, "page")
    with pytest.raises(SiteError, match="--to directory: type directory needs --dest"):
        choose_target(configured, "directory")
    with pytest.raises(SiteError, match="say where to deploy"):
        choose_target({}, None)
    with pytest.raises(SiteError, match="takes no repo"):
        choose_target({}, "rsync", dest="host:/x", repo="y")
