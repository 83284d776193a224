"""The command line as a program: `python3 -m sitegen`, `build.py`, the
installed `sitegen` script, `--version`, `--help` and global options given
before or after the command."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tomllib
import venv
from pathlib import Path

import pytest
from conftest import ROOT, run_cli, run_sitegen

import sitegen
from sitegen.cli import build_parser

COMMANDS = ("init", "build", "ingest", "serve", "check", "deploy", "new")


def _registered() -> set[str]:
    """The commands the parser knows, whoever added them."""
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(actions[0].choices)


def _project(tmp_path: Path, config: str = "search: false\n") -> Path:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "config.yaml").write_text(config)
    return root


def test_help_lists_every_command_with_a_one_line_summary(tmp_path: Path) -> None:
    result = run_sitegen("--help", cwd=tmp_path)
    assert result.returncode == 0
    listed = dict(re.findall(r"^    (\w+) +(\S.*)$", result.stdout, re.MULTILINE))
    assert set(listed) == _registered() >= set(COMMANDS)
    assert all(len(summary) > 10 for summary in listed.values())
    assert result.stdout.startswith("usage: sitegen ")


@pytest.mark.parametrize("command", COMMANDS)
def test_python_m_sitegen_runs_every_command_help(command: str, tmp_path: Path) -> None:
    result = run_sitegen(command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert f"usage: sitegen {command}" in result.stdout
    assert "--quiet" in result.stdout and "--strict" in result.stdout


def test_version_is_the_package_version(tmp_path: Path) -> None:
    for result in (run_sitegen("--version", cwd=tmp_path), run_cli("--version", cwd=tmp_path)):
        assert result.returncode == 0
        assert result.stdout.strip() == f"sitegen {sitegen.__version__}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" in project["dynamic"]  # one version: the package's


@pytest.mark.parametrize("where", ["before", "after"])
def test_strict_stops_the_command_before_or_after_it(where: str, tmp_path: Path) -> None:
    root = _project(tmp_path, "search: false\ntitel: Typo\n")
    args = ["--strict", "ingest"] if where == "before" else ["ingest", "--strict"]
    result = run_sitegen(*args, cwd=root)
    assert result.returncode == 1
    assert "titel" in result.stderr and "(strict)" in result.stderr
    assert run_sitegen("ingest", cwd=root).returncode == 0  # only a warning without it


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_before_or_after_the_command_silences_it(where: str, tmp_path: Path) -> None:
    root = _project(tmp_path)
    args = ["-q", "ingest"] if where == "before" else ["ingest", "-q"]
    quiet = run_sitegen(*args, cwd=root)
    assert quiet.returncode == 0 and quiet.stdout == ""
    assert "ingest:" in run_sitegen("ingest", cwd=root).stdout


def test_config_before_the_command_is_used(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "other.yaml").write_text("content_dir: writing\n")
    result = run_sitegen("--config", "other.yaml", "new", "Before The Command", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "writing/before-the-command.md").is_file()
    after = run_sitegen("new", "After It", "--config=other.yaml", cwd=root)
    assert after.returncode == 0 and (root / "writing/after-it.md").is_file()


def test_quiet_and_verbose_on_both_sides_is_a_usage_error(tmp_path: Path) -> None:
    result = run_sitegen("-q", "check", "-v", cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot be used together" in result.stderr


def test_leading_global_options_then_no_command_builds(tmp_path: Path) -> None:
    root = _project(tmp_path)
    run_sitegen("new", "Only Article", "--publish", cwd=root)
    result = run_sitegen("-q", "--no-ingest", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert (root / "site/articles/only-article/index.html").is_file()


def test_an_unknown_command_is_named(tmp_path: Path) -> None:
    result = run_sitegen("biuld", cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid choice: 'biuld'" in result.stderr


def test_pip_install_gives_a_sitegen_program(tmp_path: Path) -> None:
    """The project installed (without its dependencies, which this machine
    has; pip fetches the build backend) into a fresh virtual environment has
    a working `sitegen` script."""
    source = tmp_path / "source"
    shutil.copytree(ROOT / "sitegen", source / "sitegen",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin/python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps",
                    str(source)], check=True, capture_output=True, timeout=300)
    program = env_dir / "bin/sitegen"
    result = subprocess.run([program, "--version"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=60)
    assert result.stdout.strip() == f"sitegen {sitegen.__version__}"
    assert "new" in subprocess.run([program, "--help"], capture_output=True, text=True,
                                   cwd=tmp_path, timeout=60).stdout
    # the README's promise: init, build and check with the installed program
    subprocess.run([program, "init", "demo"], cwd=tmp_path, check=True, timeout=60)
    for command in ("build", "check"):
        subprocess.run([program, "-q", command], cwd=tmp_path / "demo", check=True, timeout=300)
    assert (tmp_path / "demo/site/articles/how-a-seed-becomes-a-page/index.html").is_file()
