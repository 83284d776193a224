"""One build at a time: real `build.py` processes on one project, started
together, stopped (SIGSTOP) while they hold the lock, and killed (SIGKILL)
holding it; and `serve` rebuilding while a `build` runs."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BUILD_PY, run_cli
from test_serve import free_port

from sitegen.lock import PROJECT_LOCK

WAITING = re.compile(r"waiting for the build started at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\S* "
                     r"\(pid (\d+)\) to finish")


def _start(project: Path, *args: str, log: Path | None = None) -> subprocess.Popen:
    out = open(log, "w") if log else subprocess.PIPE  # noqa: SIM115 (closed with the process)
    return subprocess.Popen([sys.executable, str(BUILD_PY), *args], cwd=project, stdout=out,
                            stderr=subprocess.STDOUT, text=True)


def _wait_for(check, seconds: float = 60, step: float = 0.005):
    deadline = time.monotonic() + seconds
    while not (found := check()):
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(step)
    return found


def _holder(project: Path) -> str:
    try:
        return (project / PROJECT_LOCK).read_text()
    except FileNotFoundError:
        return ""


def _stopped_while_holding(project: Path, *args: str) -> subprocess.Popen:
    """A build that took the project's lock, stopped with SIGSTOP (so it holds it)."""
    for _ in range(5):
        build = _start(project, "build", *args)
        _wait_for(lambda build=build: f'"pid": {build.pid}' in _holder(project)
                  or build.poll() is not None)
        os.kill(build.pid, signal.SIGSTOP)
        if build.poll() is None:
            return build
        build.wait()  # it finished before it could be stopped: try again
    raise AssertionError("no build could be stopped while it held the lock")


def _site(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.blake2b(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def test_a_second_build_fails_at_once_with_no_wait(project: Path) -> None:
    first = _stopped_while_holding(project)
    try:
        started = time.monotonic()
        second = run_cli("build", "--no-wait", cwd=project)
        assert time.monotonic() - started < 30
        assert second.returncode == 1, second.stdout + second.stderr
        assert "the build started at " in second.stderr
        assert f"(pid {first.pid}) is still running on this project" in second.stderr
        assert "Traceback" not in second.stderr
        ingest = run_cli("ingest", "--no-wait", cwd=project)
        assert ingest.returncode == 1 and f"(pid {first.pid})" in ingest.stderr
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert first.wait(timeout=120) == 0


def test_a_second_build_waits_for_the_first_and_says_so(project: Path) -> None:
    first = _stopped_while_holding(project)
    second = _start(project, "build")
    try:
        time.sleep(1.5)
        assert second.poll() is None, "the second build did not wait"
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert first.wait(timeout=120) == 0
    out = second.communicate(timeout=120)[0]
    assert second.returncode == 0, out
    assert int(WAITING.search(out).group(1)) == first.pid
    assert "(0 written," in out  # the first build had done it all
    run_cli("check", cwd=project, check=True)


def test_the_lock_of_a_killed_build_is_released_by_the_kernel(project: Path) -> None:
    first = _stopped_while_holding(project)
    second = _start(project, "build")
    time.sleep(1)
    assert second.poll() is None
    first.kill()  # SIGKILL: no clean-up of its own runs
    first.wait()
    out = second.communicate(timeout=120)[0]
    assert second.returncode == 0, out
    assert (project / PROJECT_LOCK).exists()  # left behind, harmless: the next build runs
    again = run_cli("build", "--no-wait", cwd=project, check=True)
    assert "(0 written," in again.stdout
    run_cli("check", cwd=project, check=True)


def test_truly_concurrent_builds_make_the_same_site_as_one_clean_build(project: Path) -> None:
    builds = [_start(project, "build") for _ in range(4)]
    outputs = [b.communicate(timeout=300)[0] for b in builds]
    assert [b.returncode for b in builds] == [0] * 4, outputs
    assert sum(bool(WAITING.search(out)) for out in outputs) >= 1
    parent = project.parent
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")
                and p.name != ".site.staging"]
    assert not list(project.glob(".pagefind-*")) and not list(project.glob("site/.pagefind-*"))
    run_cli("check", cwd=project, check=True)
    clean = run_cli("build", "--no-cache", "--no-ingest", "--out", str(parent / "clean"),
                    cwd=project, check=True)
    assert clean.returncode == 0
    assert _site(project / "site") == _site(parent / "clean")


def test_serve_waits_for_a_running_build_then_shows_the_edit(project: Path,
                                                             tmp_path: Path) -> None:
    run_cli("build", cwd=project, check=True)
    port, log = free_port(), tmp_path / "serve.log"
    serve = _start(project, "serve", "--no-ingest", "--port", str(port), log=log)
    try:
        _wait_for(lambda: "serving" in log.read_text(), step=0.1)
        build = _stopped_while_holding(project, "--no-ingest")
        article = sorted((project / "content").glob("*.md"))[0]
        article.write_text(article.read_text() + "\nA sentence added while a build ran.\n")
        match = _wait_for(lambda: WAITING.search(log.read_text()), step=0.1)
        assert int(match.group(1)) == build.pid
        os.kill(build.pid, signal.SIGCONT)
        assert build.wait(timeout=120) == 0
        page = project / ".cache/preview/articles" / article.stem / "index.html"
        _wait_for(lambda: "added while a build ran" in page.read_text(), step=0.1)
    finally:
        serve.terminate()
        serve.wait(timeout=30)


@pytest.mark.parametrize("command", [("deploy", "--to", "directory", "--dest", "../public")])
def test_deploy_takes_the_lock_too(project: Path, command: tuple[str, ...]) -> None:
    first = _stopped_while_holding(project)
    try:
        result = run_cli(*command, "--no-wait", cwd=project)
        assert result.returncode == 1 and f"(pid {first.pid})" in result.stderr
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert first.wait(timeout=120) == 0
