"""Shared fixtures: a copy of the sample project in a temp dir, the CLI, and a
headless browser with a local server for the built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, missing_browser_tools, static_server
from corpus import news_seed
from helpers import require_tools

ROOT = Path(__file__).resolve().parent.parent
BUILD_PY = ROOT / "build.py"


def run_cli(*args: str, cwd: Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run `build.py ARGS` in `cwd` as a user would."""
    result = subprocess.run([sys.executable, str(BUILD_PY), *args], cwd=cwd,
                            capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"build.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def run_sitegen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python3 -m sitegen ARGS` in `cwd` with this checkout's package (the
    installed `sitegen` program may be another checkout's)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def copy_project(target: Path) -> Path:
    """The sample project (seeds, config, layouts, reading lists) without the
    rest of its content (ingest makes it) or site."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "seeds", target / "seeds")
    shutil.copytree(ROOT / "content/lists", target / "content/lists")
    shutil.copytree(ROOT / "layouts", target / "layouts")
    shutil.copy(ROOT / "config.yaml", target / "config.yaml")
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project, built once for the whole test session (read-only)."""
    root = copy_project(tmp_path_factory.mktemp("sample") / "project")
    run_cli("build", cwd=root, check=True)
    return root


@pytest.fixture(scope="session")
def news_seed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seed laid out like the user's real one (`corpus.news_seed`), ingested and built."""
    root = tmp_path_factory.mktemp("news") / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds/000_0123456789abcdef.txt").write_text(news_seed(), encoding="utf-8")
    run_cli("build", cwd=root, check=True)
    return root


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session; skipped only where it cannot run."""
    require_tools(missing_browser_tools())
    with chromium() as running:
        yield running


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A new tab in a fresh browser context (no cookies or storage from other tests)."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """The sample site served over HTTP on 127.0.0.1, as a static host would."""
    with static_server(sample_site / "site") as url:
        yield url
