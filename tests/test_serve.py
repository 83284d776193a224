"""The live preview: fresh pages, errors shown and cleared, and nothing leaks."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import select
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import BUILD_PY, run_cli
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


@dataclass
class Preview:
    project: Path
    port: int
    process: subprocess.Popen

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url(path), timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_preview(project: Path, *args: str) -> Preview:
    port = free_port()
    process = subprocess.Popen([sys.executable, str(BUILD_PY), "serve", "--port", str(port),
                                *args], cwd=project, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    preview = Preview(project, port, process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if preview.get("/")[0] == 200:
                return preview
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"preview did not start: {process.communicate()[0]}")


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    run_cli("ingest", cwd=project, check=True)
    running = start_preview(project, "--no-ingest")
    yield running
    running.process.terminate()
    running.process.wait(timeout=10)


def run_async(make_coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API may hold a
    running event loop in this one."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(lambda: asyncio.run(make_coroutine())).result()


def wait_for(check, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.1)


async def _socket(port: int, path: str, origin: str):
    request = HTTPRequest(f"ws://127.0.0.1:{port}{path}", headers={"Origin": origin})
    return await websocket_connect(request)


def status(port: int) -> dict:
    async def read() -> dict:
        connection = await _socket(port, "/__sitegen__/status", f"http://127.0.0.1:{port}")
        message = await connection.read_message()
        connection.close()
        return json.loads(message)
    return run_async(read)


@pytest.mark.parametrize("path", ["/../config.yaml", "/%2e%2e/config.yaml",
                                  "/..%2f..%2fconfig.yaml", "/static/../../config.yaml",
                                  "/%2E%2E/%2E%2E/config.yaml"])
def test_paths_outside_the_preview_are_not_found(preview: Preview, path: str) -> None:
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", preview.port), timeout=5) as conn:
        conn.sendall(request.encode())
        reply = conn.recv(200).decode()
    assert reply.startswith("HTTP/1.1 404"), reply


def _connects(port: int, path: str, origin: str) -> bool:
    async def attempt() -> bool:
        try:
            connection = await _socket(port, path, origin)
        except Exception as error:
            assert "403" in str(error), error
            return False
        connection.close()
        return True
    return run_async(attempt)


@pytest.mark.parametrize("path", ["/livereload", "/__sitegen__/status"])
def test_sockets_refuse_other_origins(preview: Preview, path: str) -> None:
    assert not _connects(preview.port, path, "http://evil.example")
    assert not _connects(preview.port, path, f"http://127.0.0.1.evil.example:{preview.port}")
    assert _connects(preview.port, path, f"http://localhost:{preview.port}")


def test_pages_carry_the_reload_and_overlay_scripts(preview: Preview) -> None:
    code, page = preview.get("/")
    assert code == 200
    assert "/livereload.js?port=" in page and "/__sitegen__/overlay.js" in page
    assert not (preview.project / "site").exists()  # the preview has its own folder


def test_edit_error_and_fix_cycle(preview: Preview) -> None:
    path = sorted((preview.project / "content").glob("*.md"))[0]
    page = f"/articles/{path.stem}/"
    original = path.read_text()
    path.write_text(original.replace("title: ", "title: Freshly edited ", 1))
    wait_for(lambda: "Freshly edited" in preview.get(page)[1])

    path.write_text(original.replace("title: ", "title: [broken", 1))
    wait_for(lambda: not status(preview.port)["ok"])
    errors = status(preview.port)["errors"]
    assert any(f"{path.name}:3:" in e and "YAML error" in e for e in errors), errors
    assert "Freshly edited" in preview.get(page)[1]  # the last good page stays

    path.write_text(original.replace("title: ", "title: Fixed again ", 1))
    wait_for(lambda: status(preview.port)["ok"])
    wait_for(lambda: "Fixed again" in preview.get(page)[1])


def test_binding_beyond_loopback_warns(project: Path) -> None:
    run_cli("ingest", cwd=project, check=True)
    running = start_preview(project, "--no-ingest", "--host", "0.0.0.0")
    running.process.terminate()
    output = running.process.communicate(timeout=10)[0]
    assert "anyone who can reach this machine" in output


def test_browser_follows_edits_errors_and_fixes(preview: Preview, page) -> None:
    path = sorted((preview.project / "content").glob("*.md"))[0]
    original = path.read_text()
    page.goto(preview.url(f"/articles/{path.stem}/"))
    page.wait_for_function("() => window.LiveReload !== undefined", timeout=30_000)

    path.write_text(original.replace("title: ", "title: Seen without reloading ", 1))
    page.wait_for_selector("h1:has-text('Seen without reloading')", timeout=30_000)

    path.write_text(original.replace("title: ", "title: [broken", 1))
    overlay = page.wait_for_selector("#sitegen-build-errors", timeout=30_000)
    assert path.name in overlay.inner_text() and "YAML error" in overlay.inner_text()
    assert "Seen without reloading" in page.inner_text("h1")  # the last good page stays

    path.write_text(original.replace("title: ", "title: Back in order ", 1))
    page.wait_for_selector("h1:has-text('Back in order')", timeout=30_000)
    assert page.query_selector("#sitegen-build-errors") is None


def _stop(running: Preview) -> str:
    running.process.terminate()
    output = running.process.communicate(timeout=10)[0]
    assert "Traceback" not in output, output
    return output


def _raw_get(port: int, path: str, host: str) -> str:
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(request.encode())
        return conn.recv(200).decode()


def test_config_changes_are_read_again_errors_shown_then_cleared(preview: Preview) -> None:
    config = preview.project / "config.yaml"
    original = config.read_text()
    config.write_text(original.replace("title: The Harbour Reader", "title: Renamed Reader"))
    wait_for(lambda: "Renamed Reader" in preview.get("/")[1])
    config.write_text(original + "per_page: [1\n")
    wait_for(lambda: not status(preview.port)["ok"])
    assert any("config.yaml:" in e and "YAML error" in e for e in status(preview.port)["errors"])
    assert "Renamed Reader" in preview.get("/")[1]  # the last good preview stays
    config.write_text(original.replace("per_page: 10", "per_page: 0"))
    wait_for(lambda: any("`per_page` must be from 1" in e
                         for e in status(preview.port)["errors"]))
    config.write_text(original)
    wait_for(lambda: status(preview.port)["ok"])
    wait_for(lambda: "The Harbour Reader" in preview.get("/")[1])
    output = _stop(preview)
    lines = [line for line in output.splitlines() if "config.yaml changed: " in line]
    assert len(lines) >= 4 and "rebuild failed" in lines[1]
    assert lines[-1].endswith("; errors cleared")


def _output_until(running: Preview, needle: str, seconds: float = 60) -> str:
    """What the preview prints, up to the end of the first line with
    `needle`: read from the pipe a byte at a time, so nothing after it
    (not even half a character) is taken from `_stop`."""
    pipe, output = running.process.stdout.fileno(), b""
    deadline = time.monotonic() + seconds
    while not (output.endswith(b"\n") and needle.encode() in output.rsplit(b"\n", 2)[-2]):
        left = deadline - time.monotonic()
        assert left > 0 and select.select([pipe], [], [], left)[0], f"no {needle!r} in {output}"
        byte = os.read(pipe, 1)
        assert byte, f"the preview ended without {needle!r}: {output}"
        output += byte
    return output.decode()


def test_every_rebuild_prints_one_line_even_when_nothing_changed(preview: Preview) -> None:
    path = sorted((preview.project / "content").glob("*.md"))[0]
    path.write_text(path.read_text())  # saved, but the same: no page changes
    output = _output_until(preview, "changed: ")
    time.sleep(1)  # time for a second line, which must not come
    output += _stop(preview)
    assert "Traceback" not in output, output  # (`_stop` sees only the rest)
    [line] = [line for line in output.splitlines() if "changed: " in line]
    assert line.startswith(f"content/{path.name} changed: built 14 articles")
    assert "(0 written" in line


def test_a_busy_port_is_a_clear_error(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--no-ingest", "--port", str(port), cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"error: --port: port {port} on 127.0.0.1 is in use by another program" \
        in result.stderr


@pytest.mark.parametrize("port", ["0", "99999", "-1"])
def test_a_port_out_of_range_is_a_clear_error(project: Path, port: str) -> None:
    result = run_cli("serve", "--no-ingest", f"--port={port}", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"error: --port: must be from 1 to 65535, not {port}" in result.stderr


@pytest.mark.parametrize("path", ["/%00", "/a%00b/index.html", "/articles/%00/",
                                  "/" + "x" * 5000, "/%ff%fe/index.html"])
def test_paths_no_file_can_have_are_not_found(preview: Preview, path: str) -> None:
    reply = _raw_get(preview.port, path, f"127.0.0.1:{preview.port}")
    assert reply.startswith(("HTTP/1.1 404", "HTTP/1.1 400")), reply
    assert preview.get("/")[0] == 200
    assert "Traceback" not in _stop(preview)


def test_the_host_header_must_name_the_preview(preview: Preview) -> None:
    port = preview.port
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}",
                 f"127.0.0.1:{port + 1}"):
        for path in ("/", "/livereload.js", "/__sitegen__/overlay.js", "/nothing/"):
            assert _raw_get(port, path, host).startswith("HTTP/1.1 403"), (host, path)
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        assert _raw_get(port, "/", host).startswith("HTTP/1.1 200"), host


def _indexed_text(preview: Preview) -> str:
    """The text of every page record in the preview's search index."""
    folder = preview.project / ".cache" / "preview" / "pagefind"
    return "".join(gzip.decompress(p.read_bytes()).decode(errors="replace")
                   for p in folder.glob("*/fragment/*.pf_fragment"))


def test_the_preview_keeps_its_search_index_up_to_date(preview: Preview) -> None:
    assert preview.get("/pagefind/shards.json")[0] == 200
    path = sorted((preview.project / "content").glob("*.md"))[0]
    path.write_text(path.read_text() + "\nA paragraph about quetzalcoatlite.\n")
    wait_for(lambda: "quetzalcoatlite" in _indexed_text(preview), seconds=30)


def test_the_preview_leaves_search_out_when_asked(project: Path) -> None:
    run_cli("ingest", cwd=project, check=True)
    running = start_preview(project, "--no-ingest", "--no-search")
    try:
        assert running.get("/pagefind/shards.json")[0] == 404
        assert running.get("/search/")[0] == 404
    finally:
        running.process.terminate()
        running.process.wait(timeout=10)
