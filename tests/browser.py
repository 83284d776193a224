"""Real-browser testing: a local static server and Debian's headless Chromium.

Shared by every test that opens pages in a browser (accessibility, search,
screenshots, and later XSS checks and live preview); the fixtures in
`conftest.py` build on these. Chromium is the machine's own (`apt-get install
chromium`), driven by Playwright; Playwright's own browser downloads are
never used. `tests/run.sh` installs all of it.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Playwright adds --headless itself and starts every run with a fresh profile.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
AXE_SCRIPT = ROOT / "tests/.node/node_modules/axe-core/axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts/screenshots"  # git-ignored


def missing_browser_tools() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (bash tests/run.sh installs it)"
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if not AXE_SCRIPT.is_file():
        return f"axe-core is not installed at {AXE_SCRIPT} (bash tests/run.sh installs it)"
    return None


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves a folder under a base path (`/reading/`), as a static host would."""

    base_path = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base_path):
            return os.devnull + "/outside-the-site"  # a path no file has: 404
        return super().translate_path("/" + path[len(self.base_path):])

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: requests are not test output."""


@contextmanager
def static_server(folder: Path, base_path: str = "/") -> Iterator[str]:
    """Serve `folder` at http://127.0.0.1:PORT{base_path}; yields that URL."""
    handler = type("Handler", (_SiteHandler,), {"base_path": base_path})
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def chromium() -> Iterator[Any]:
    """A Playwright `Browser` running the machine's Chromium, headless."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; its violations, one per rule."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                         ".violations.map(v => ({id: v.id, help: v.help,"
                         " nodes: v.nodes.map(n => n.target.join(' '))}))")
