"""The preview's web server: livereload's handlers on Tornado, made safe.

* Files are served only from the build folder: any path that resolves
  outside it (`/../config.yaml`, `%2e%2e`, a symlink) is a 404, as if it
  did not exist (Tornado checks; we turn its 403 into a 404).
* The reload socket (livereload's protocol) and the status socket (build
  errors for the overlay) accept connections only from the preview's own
  origin, so another web site open in the browser cannot listen in.
* Every request must name the preview in its `Host` header (a loopback
  name, the `--host` given, or, when listening on every address, an IP
  address): else 403. A page of another site that points its own domain
  name at 127.0.0.1 (DNS rebinding) cannot read the preview.
* A path that no file can have (a NUL byte, a name too long) is a 404,
  like any other missing file, never an error with a traceback.
* Every HTML page gets livereload.js and the error overlay injected.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from tornado import web
from tornado.websocket import WebSocketHandler

OVERLAY_JS = Path(__file__).with_name("overlay.js")
STATUS_PATH = "/__sitegen__/status"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Origins:
    """The origins allowed to open the preview's sockets, and the `Host`
    headers allowed in its requests."""

    def __init__(self, host: str, port: int) -> None:
        names = {host, *LOOPBACK} if is_loopback(host) else {host}
        self.allowed = {f"{n}:{port}" if ":" not in n else f"[{n}]:{port}" for n in names}
        self.port = port
        self.any_address = host in ("0.0.0.0", "::", "")  # then any IP address names it

    def allows(self, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc in self.allowed

    def allows_host(self, header: str) -> bool:
        if header in self.allowed:
            return True
        if not self.any_address:
            return False
        try:
            parts = urlsplit(f"//{header}")
            return parts.port == self.port and _is_address(parts.hostname or "")
        except ValueError:
            return False


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


class _CheckHost:
    """Refuses (403) a request whose `Host` is not the preview's own address."""

    origins: ClassVar[Origins]

    def prepare(self) -> None:
        if not self.origins.allows_host(self.request.host):  # type: ignore[attr-defined]
            raise web.HTTPError(403, "unknown Host header")


class ReloadSocket(_CheckHost, LiveReloadHandler):
    """livereload.js's socket, refusing other origins (livereload allows any)."""

    def check_origin(self, origin: str) -> bool:
        return self.origins.allows(origin)

    @classmethod
    def reload_all(cls) -> None:
        for waiter in list(LiveReloadHandler.waiters):
            waiter.send_message({"command": "reload", "path": "*", "liveCSS": True})


class StatusSocket(_CheckHost, WebSocketHandler):
    """Tells open pages whether the last build worked, and its errors if not."""

    clients: ClassVar[set[StatusSocket]] = set()
    status: ClassVar[dict[str, Any]] = {"ok": True, "errors": []}

    def check_origin(self, origin: str) -> bool:
        return self.origins.allows(origin)

    def open(self, *args: str, **kwargs: str) -> None:
        StatusSocket.clients.add(self)
        self.write_message(json.dumps(StatusSocket.status))

    def on_close(self) -> None:
        StatusSocket.clients.discard(self)

    @classmethod
    def publish(cls, ok: bool, errors: list[str]) -> None:
        cls.status = {"ok": ok, "errors": errors}
        for client in list(cls.clients):
            client.write_message(json.dumps(cls.status))


class SiteFiles(_CheckHost, StaticFileHandler):
    """The built site; nothing outside it, and the site's 404 page for misses."""

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        with _outside_is_missing():
            return super().get_absolute_path(root, path)

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        """Tornado refuses paths outside the root (403); we say they do not exist."""
        with _outside_is_missing():
            return super().validate_absolute_path(root, absolute_path)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        page = Path(self.root, "404.html")
        if status_code == 404 and page.is_file():
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.finish(page.read_bytes())
        else:
            super().write_error(status_code, **kwargs)


@contextmanager
def _outside_is_missing() -> Iterator[None]:
    """Outside the root, or a name no file can have (NUL, too long): 404."""
    try:
        yield
    except web.HTTPError as exc:
        if exc.status_code == 403:
            raise web.HTTPError(404) from None
        raise
    except (ValueError, OSError):
        raise web.HTTPError(404) from None


class ScriptFile(_CheckHost, LiveReloadJSHandler):
    """livereload.js, for the preview's own pages only."""


class OverlayScript(_CheckHost, web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript")
        self.write(OVERLAY_JS.read_bytes())


def application(root: Path, host: str, port: int,
                log: Callable[[web.RequestHandler], None]) -> web.Application:
    _CheckHost.origins = Origins(host, port)
    script = (f'<script src="/livereload.js?port={port}"></script>'
              '<script src="/__sitegen__/overlay.js"></script>').encode()

    class Inject(LiveScriptInjector):
        pass

    Inject.script = script
    return web.Application(
        handlers=[
            (r"/livereload", ReloadSocket),
            (r"/livereload.js", ScriptFile),
            (STATUS_PATH, StatusSocket),
            (r"/__sitegen__/overlay.js", OverlayScript),
            (r"/(.*)", SiteFiles, {"path": str(root), "default_filename": "index.html"}),
        ],
        transforms=[Inject],
        log_function=log,
    )
