"""`sitegen serve`: a live preview that never shows a stale or half-built page.

The preview is built into its own folder (`<cache_dir>/preview`, never
`site/`) for `http://HOST:PORT/` and served from there. Its search index
is kept up to date like the site's (after an edit, only the edited
article's shard is indexed again) unless `--no-search`. watchdog reports
every change to the seeds, content, layouts and config; a burst of saves
becomes one incremental rebuild once the files have been quiet for
`QUIET` seconds. Rebuilds run on the server's own thread, so a request
that arrives during one is answered after it, from the new site. A failed
rebuild keeps the last good preview and shows its errors over the open
page; the next good build hides them and reloads the page. Each rebuild
holds the project's lock (`lock.py`), so while a `build` runs in the same
project the preview waits for it.
"""

from __future__ import annotations

import errno
import os
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tornado import web
from tornado.ioloop import IOLoop
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .. import pipeline
from ..config import Config
from ..console import Console
from ..errors import Diagnostics, SiteError, SiteErrors, from_os_error, shown
from ..lock import one_at_a_time
from .server import ReloadSocket, StatusSocket, application, is_loopback

QUIET = 0.15  # seconds without a change before a rebuild starts


Settings = Callable[[Diagnostics], Config]


def serve(settings: Settings, config: Config, console: Console, *, host: str, port: int,
          ingest: bool, open_browser: bool, search: bool = True) -> int:
    """Serve the preview of `config` until interrupted. `settings` reads
    config.yaml (with the command line's overrides) again: after a change to
    it, the next rebuild uses what it says, or shows why it cannot."""
    if not 1 <= port <= 65535:
        raise SiteError(f"--port: must be from 1 to 65535, not {port}")
    preview = Preview(settings, config, console, host, port, ingest, search)
    if not is_loopback(host):
        console.problem(SiteError(f"serving on {host}: anyone who can reach this machine "
                                  "can read the preview"), "warning")
    loop = IOLoop.current()
    _listen(application(preview.config.output_dir, host, port, preview.log_request), host, port)
    preview.rebuild(parallel=True)
    observer = _watch(preview.watched(), lambda path: loop.add_callback(preview.changed, path))
    console.info(f"serving {preview.config.output_dir} at http://{_url_host(host)}:{port}/ "
                 "(Ctrl-C to stop)")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, [f"http://{_url_host(host)}:{port}/"]).start()
    try:
        loop.start()
    except KeyboardInterrupt:
        console.info("stopped")
    finally:
        observer.stop()
    return 0


def _listen(app: web.Application, host: str, port: int) -> None:
    try:
        app.listen(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise SiteError(f"--port: port {port} on {host} is in use by another program; "
                            "choose another port") from None
        raise SiteError(f"--host: cannot listen on {host} port {port} "
                        f"({exc.strerror or exc})") from None


class Preview:
    """The preview's builds, and what the browsers are told about them."""

    def __init__(self, settings: Settings, config: Config, console: Console, host: str,
                 port: int, ingest: bool, search: bool) -> None:
        self.settings, self.host, self.port, self.search = settings, host, port, search
        self.source = config
        self.config = self._preview_of(config)
        self.console, self.ingest = console, ingest
        self.pending = None  # the timer of the rebuild that waits for quiet
        self.changes: set[Path] = set()  # since the last rebuild
        self.failing = False  # the last rebuild failed
        self.stale = False  # config.yaml changed and could not be read since

    def _preview_of(self, config: Config) -> Config:
        return replace(config, output_dir=config.cache_dir / "preview",
                       base_url=f"http://{_url_host(self.host)}:{self.port}/",
                       search=config.search and self.search)

    def watched(self) -> list[Path]:
        paths = [self.source.content_dir, self.source.layouts_dir]
        if self.ingest:
            paths.append(self.source.seeds_dir)
        if self.source.source is not None:
            paths.append(self.source.source)
        return [p for p in paths if p.exists()]

    def changed(self, path: Path) -> None:
        """A file changed: rebuild once things have been quiet for a moment."""
        self.changes.add(path)
        loop = IOLoop.current()
        if self.pending is not None:
            loop.remove_timeout(self.pending)
        self.pending = loop.call_later(QUIET, self._rebuild_now)

    def _rebuild_now(self) -> None:
        self.pending = None
        if self.rebuild(parallel=False):
            ReloadSocket.reload_all()

    def rebuild(self, parallel: bool) -> bool:
        """Build the preview; True when the site changed. Errors are shown,
        never raised: the last good preview stays. Prints one line: what
        changed, what the rebuild did and how long it took."""
        diag = Diagnostics()
        what = self._what_changed()
        try:
            if self.source.source is not None and (self.stale or self.source.source in what[1]):
                self.stale = True  # until it reads well: a broken config.yaml stays shown
                self.source = self.settings(diag)
                self.config = self._preview_of(self.source)
                self.stale = False
            with one_at_a_time(self.config, "preview build", self.console):
                result = self._build(diag, parallel)
        except (SiteError, SiteErrors) as exc:
            self._failed(what[0], exc.errors if isinstance(exc, SiteErrors) else (exc,))
            return False
        except OSError as exc:
            self._failed(what[0], (from_os_error(exc),))
            return False
        except Exception as exc:  # a bug must not stop the preview either
            self._failed(what[0], (SiteError(
                f"internal error (a bug in sitegen; `sitegen build --debug` shows where): "
                f"{type(exc).__name__}: {shown(str(exc))}"),))
            return False
        finally:
            for warning in diag.warnings:
                self.console.problem(warning, "warning")
        StatusSocket.publish(True, [])
        cleared = "; errors cleared" if self.failing else ""
        self.failing = False
        self.console.info(f"{what[0]}{result.summary(self.config)}{cleared}")
        return result.written.written + result.written.removed > 0

    def _build(self, diag: Diagnostics, parallel: bool) -> pipeline.BuildResult:
        if self.ingest:
            pipeline.ingest(self.config, diag, self.console)
            diag.raise_errors()
        cache = pipeline.open_cache(self.config)
        try:
            return pipeline.build(self.config, diag, self.console, cache, parallel=parallel)
        finally:
            cache.close()

    def _what_changed(self) -> tuple[str, set[Path]]:
        """("<what changed>: ", the paths), taken from those noted since the last rebuild."""
        paths, self.changes = self.changes, set()
        names = sorted(os.path.relpath(p, self.source.root) for p in paths)
        if not names:
            return "", paths
        more = f" and {len(names) - 1} more" if len(names) > 1 else ""
        return f"{names[0]}{more} changed: ", paths

    def _failed(self, what: str, errors: tuple[SiteError, ...]) -> None:
        self.failing = True
        self.console.info(f"{what}rebuild failed, the last good preview stays: "
                          f"{len(errors)} error(s)")
        for error in errors:
            self.console.problem(error)
        StatusSocket.publish(False, [str(e) for e in errors])

    def log_request(self, handler: web.RequestHandler) -> None:
        request = handler.request
        self.console.detail(f"{handler.get_status()} {request.method} {request.uri}")


class _Changes(FileSystemEventHandler):
    """Calls `notify(path)` for every change, or for changes to `only` when given."""

    def __init__(self, notify: Callable[[Path], None], only: Path | None = None) -> None:
        self.notify, self.only = notify, only

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or \
                (event.is_directory and event.event_type == "modified"):
            return
        paths = {Path(os.fsdecode(event.src_path)),
                 Path(os.fsdecode(getattr(event, "dest_path", "") or "."))}
        if self.only is None:
            self.notify(Path(os.fsdecode(event.src_path)))
        elif self.only in paths:
            self.notify(self.only)


def _watch(paths: list[Path], notify: Callable[[Path], None]) -> Observer:
    observer = Observer()
    for path in paths:
        if path.is_dir():
            observer.schedule(_Changes(notify), str(path), recursive=True)
        else:  # a single file (config.yaml): watch its folder for it alone
            observer.schedule(_Changes(notify, path), str(path.parent), recursive=False)
    observer.daemon = True
    observer.start()
    return observer


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
