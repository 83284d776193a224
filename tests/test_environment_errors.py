"""The command line's one rule: a problem of the user's files, flags or
environment is a plain located error and exit 1, printed before the closing
line; a bug of ours is an "internal error" paragraph (traceback only with
--debug). A failed build leaves the disk as it was."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import BUILD_PY, ROOT, run_cli


@pytest.fixture
def built(sample_site: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(sample_site, tmp_path / "project", symlinks=True))


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _plain_failure(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stderr


@contextmanager
def _mounted(folder: Path, *options: str) -> Iterator[None]:
    """A small tmpfs at `folder` (root only; skipped where mounting is not allowed)."""
    folder.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs",
                            str(folder)], capture_output=True)
    if mount.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_cache_folder_that_is_a_file_is_named(built: Path) -> None:
    shutil.rmtree(built / ".cache")
    (built / ".cache").write_text("not a folder")
    stderr = _plain_failure(run_cli("build", cwd=built))
    assert f"error: {built / '.cache'}: is a file where a folder is needed" in stderr


def test_an_output_folder_under_a_file_is_named(built: Path) -> None:
    (built / "afile").write_text("")
    stderr = _plain_failure(run_cli("build", "--out", "afile/site", cwd=built))
    assert f"error: {built / 'afile'}: is a file where a folder is needed" in stderr


def _limited_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_a_write_that_fails_names_the_file_and_leaves_the_disk_as_it_was(built: Path) -> None:
    """Files over 20 kB cannot be written (as on a full disk): the error names
    the file, the live site is untouched and nothing staged is left behind."""
    before = _snapshot(built / "site")
    for path in (built / "content").glob("*.md"):  # every page changes
        path.write_text(path.read_text() + "\nOne more line.\n")
    result = subprocess.run([sys.executable, str(BUILD_PY), "build", "--no-cache"], cwd=built,
                            capture_output=True, text=True, preexec_fn=_limited_file_size,
                            timeout=300)
    stderr = _plain_failure(result)
    assert "File too large" in stderr and ".site.staging/" in stderr
    assert _snapshot(built / "site") == before
    assert not (built / ".site.staging").exists()


def test_a_full_disk_is_a_plain_error(built: Path) -> None:
    with _mounted(built / "small", "size=100k"):
        stderr = _plain_failure(run_cli("build", "--out", "small/site", cwd=built))
        assert "No space left on device" in stderr and "small/.site.staging/" in stderr
        assert not (built / "small/.site.staging").exists()  # its space is given back


def test_a_read_only_folder_is_a_plain_error(built: Path) -> None:
    with _mounted(built / "ro", "size=1m", "ro"):
        stderr = _plain_failure(run_cli("build", "--out", "ro/site", cwd=built))
    assert f"{built / 'ro'}/.site.staging: Read-only file system" in stderr


def test_a_busy_output_folder_is_a_plain_error(built: Path) -> None:
    with _mounted(built / "site", "size=4m"):
        stderr = _plain_failure(run_cli("build", "--no-ingest", "--no-cache", cwd=built))
    assert f"{built / 'site'}: Device or resource busy" in stderr
    assert not (built / ".site.staging").exists()


_CRASH = textwrap.dedent("""
    import sys
    from sitegen import cli, pipeline
    def broken(*args, **kwargs):
        return 1 / 0
    pipeline.build = broken
    sys.exit(cli.main())
""")


@pytest.mark.parametrize("debug", [False, True])
def test_a_bug_is_an_internal_error_paragraph(built: Path, debug: bool) -> None:
    args = ["build", "--no-ingest", *(["--debug"] if debug else [])]
    result = subprocess.run([sys.executable, "-c", _CRASH, *args], cwd=built,
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 70
    assert "internal error: sitegen" in result.stderr and "ZeroDivisionError" in result.stderr
    assert "This is a bug in sitegen, not a problem with your files" in result.stderr
    assert "--debug" in result.stderr
    assert ("Traceback" in result.stderr) is debug
    assert "built" not in result.stdout


def test_warnings_and_errors_come_before_the_closing_line(built: Path) -> None:
    config = built / "config.yaml"
    config.write_text(config.read_text() + "per_pag: 5\n")
    result = subprocess.run([sys.executable, str(BUILD_PY), "build"], cwd=built, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0 and lines[-1].startswith("built 14 articles")
    assert any("unknown setting `per_pag`" in line for line in lines[:-1])
    failed = subprocess.run([sys.executable, str(BUILD_PY), "build", "--strict"], cwd=built,
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            timeout=300)
    lines = failed.stdout.strip().splitlines()
    assert failed.returncode == 1 and lines[-1] == "failed: 1 error(s)"


def test_verbose_prints_what_its_help_says(built: Path) -> None:
    help_text = " ".join(run_cli("build", "--help", cwd=built).stdout.split())
    assert "each file ingest handled, the time of each build step" in help_text
    quiet, loud = run_cli("build", cwd=built), run_cli("build", "-v", cwd=built)
    for result in (quiet, loud):
        assert result.returncode == 0, result.stderr
    assert "time:" not in quiet.stdout and "unchanged: " not in quiet.stdout
    assert "time:" in loud.stdout
    assert sum(line.startswith("unchanged: ") for line in loud.stdout.splitlines()) >= 14


def test_a_failed_git_push_says_why_on_one_line(built: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-repository"
    result = run_cli("deploy", "--to", "github-pages", "--repo", str(missing), "--no-ingest",
                     cwd=built)
    stderr = _plain_failure(result)
    assert f"error: {missing}: git ls-remote failed: '{missing}' does not appear to be a " \
           "git repository\n" in stderr
    assert "Please make sure" not in stderr and "and the repository exists" not in stderr
    assert result.stdout.strip().splitlines()[-1] == "failed: 1 error(s)"
