"""`build.py serve`: build into a preview folder, serve it, rebuild on change.

The preview is built for `http://HOST:PORT/` into `<cache_dir>/preview`,
never into `site/`. A failed rebuild prints its errors and leaves the last
good preview in place.
"""

from __future__ import annotations

from dataclasses import replace

from livereload import Server

from . import pipeline
from .config import Config
from .console import Console
from .errors import Diagnostics, SiteError, SiteErrors


def serve(config: Config, console: Console, *, host: str, port: int, ingest: bool,
          open_browser: bool) -> int:
    preview = replace(config, output_dir=config.cache_dir / "preview",
                      base_url=f"http://{host}:{port}/")

    def rebuild() -> None:
        rebuild_once(preview, console, ingest)

    rebuild()
    server = Server()
    watched = [config.seeds_dir if ingest else None, config.content_dir, config.layouts_dir,
               config.source]
    for path in watched:
        if path is not None and path.exists():
            server.watch(str(path), rebuild, delay=0.2)
    console.info(f"serving {preview.output_dir} at {preview.base_url} (Ctrl-C to stop)")
    server.serve(host=host, port=port, root=str(preview.output_dir),
                 open_url_delay=0.5 if open_browser else None)
    return 0


def rebuild_once(config: Config, console: Console, ingest: bool) -> bool:
    """One build of the preview; errors are printed, never raised."""
    diag = Diagnostics()
    try:
        if ingest:
            pipeline.ingest(config, diag, console)
        cache = pipeline.open_cache(config)
        try:
            result = pipeline.build(config, diag, console, cache)
        finally:
            cache.close()
    except (SiteError, SiteErrors) as exc:
        errors = exc.errors if isinstance(exc, SiteErrors) else (exc,)
        for error in errors:
            console.problem(error)
        return False
    finally:
        for warning in diag.warnings:
            console.problem(warning, "warning")
    console.info(result.summary(config))
    return True
