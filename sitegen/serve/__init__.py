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

import threading
import traceback
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
from ..errors import Diagnostics, SiteError, SiteErrors
from ..lock import one_at_a_time
from .server import ReloadSocket, StatusSocket, application, is_loopback

QUIET = 0.15  # seconds without a change before a rebuild starts


def serve(config: Config, console: Console, *, host: str, port: int, ingest: bool,
          open_browser: bool, search: bool = True) -> int:
    preview = Preview(replace(config, search=config.search and search), console, host, port,
                      ingest)
    if not is_loopback(host):
        console.problem(SiteError(f"serving on {host}: anyone who can reach this machine "
                                  "can read the preview"), "warning")
    preview.rebuild(parallel=True)
    loop = IOLoop.current()
    application(preview.config.output_dir, host, port, preview.log_request).listen(
        port, address=host)
    observer = _watch(preview.watched(), lambda: loop.add_callback(preview.changed))
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


class Preview:
    """The preview's builds, and what the browsers are told about them."""

    def __init__(self, config: Config, console: Console, host: str, port: int,
                 ingest: bool) -> None:
        self.source = config
        self.config = replace(config, output_dir=config.cache_dir / "preview",
                              base_url=f"http://{_url_host(host)}:{port}/")
        self.console, self.ingest = console, ingest
        self.pending = None  # the timer of the rebuild that waits for quiet

    def watched(self) -> list[Path]:
        paths = [self.source.content_dir, self.source.layouts_dir]
        if self.ingest:
            paths.append(self.source.seeds_dir)
        if self.source.source is not None:
            paths.append(self.source.source)
        return [p for p in paths if p.exists()]

    def changed(self) -> None:
        """A file changed: rebuild once things have been quiet for a moment."""
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
        never raised: the last good preview stays."""
        diag = Diagnostics()
        try:
            with one_at_a_time(self.config, "preview build", self.console):
                result = self._build(diag, parallel)
        except (SiteError, SiteErrors) as exc:
            self._failed([str(e) for e in (exc.errors if isinstance(exc, SiteErrors) else [exc])])
            return False
        except Exception:  # a bug must not stop the preview either
            self._failed([traceback.format_exc()])
            return False
        finally:
            for warning in diag.warnings:
                self.console.problem(warning, "warning")
        StatusSocket.publish(True, [])
        changed = result.written.written + result.written.removed > 0
        if changed:
            self.console.info(result.summary(self.config))
        return changed

    def _build(self, diag: Diagnostics, parallel: bool) -> pipeline.BuildResult:
        if self.ingest:
            pipeline.ingest(self.config, diag, self.console)
            diag.raise_errors()
        cache = pipeline.open_cache(self.config)
        try:
            return pipeline.build(self.config, diag, self.console, cache, parallel=parallel)
        finally:
            cache.close()

    def _failed(self, errors: list[str]) -> None:
        for error in errors:
            self.console.info(f"error: {error}")
        StatusSocket.publish(False, errors)

    def log_request(self, handler: web.RequestHandler) -> None:
        request = handler.request
        self.console.detail(f"{handler.get_status()} {request.method} {request.uri}")


class _Changes(FileSystemEventHandler):
    """Calls `notify` for every change, or for changes to `only` when given."""

    def __init__(self, notify: Callable[[], None], only: Path | None = None) -> None:
        self.notify, self.only = notify, only

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = {Path(str(event.src_path)), Path(str(getattr(event, "dest_path", "") or "."))}
        if self.only is None or self.only in paths:
            self.notify()


def _watch(paths: list[Path], notify: Callable[[], None]) -> Observer:
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
