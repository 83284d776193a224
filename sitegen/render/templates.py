"""The Jinja2 environment: the user's `layouts/` first, then the built-in theme.

A template in `layouts/` with the name of a built-in one replaces it (Zola
and Hugo work the same way). Autoescape is on for HTML and XML.

`entry_card(entry)` renders `entry.html` for one article and remembers the
result for the rest of the build, as Hugo's `partialCached` does: an
article's entry appears on its tag, author and front pages alike, so this
saves most of the work of rendering list pages. `entry.html` therefore
sees only `entry` and `site`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..errors import SiteError
from ..theme import THEME_DIR

BUILTIN_TEMPLATES = THEME_DIR / "templates"
BUILTIN_STATIC = THEME_DIR / "static"


def environment(layouts_dir: Path, site: object,
                compiled: Path | None = None) -> jinja2.Environment:
    """The environment; `compiled` is a folder where compiled templates are
    kept between builds (Jinja2 checks each against its source)."""
    env = _Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader(layouts_dir),
            jinja2.FileSystemLoader(BUILTIN_TEMPLATES),
        ]),
        autoescape=jinja2.select_autoescape(["html", "xml", "xhtml", "xsl"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
    )
    env.globals["site"] = site
    env.globals["entry_card"] = _entry_cards(env)
    env.filters["atom_time"] = atom_time
    return env


class _Environment(jinja2.Environment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """Each template's globals as one plain dict. (Jinja2's own, a ChainMap
        over the environment's, is copied key by key for every page and
        every include it renders; ours are all set before a template loads.)"""
        return {**self.globals, **(d or {})}

    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Any:
        """A template by name, from a plain dict once loaded. (Templates do
        not change during a build (`auto_reload` is off); Jinja2's own cache
        makes a weak reference and takes a lock for every page and include.)"""
        if globals:
            return _escaping_output(super()._load_template(name, globals))
        loaded = self.__dict__.setdefault("_by_name", {})
        if name not in loaded:
            loaded[name] = _escaping_output(super()._load_template(name, None))
        return loaded[name]


def _escaping_output(template: jinja2.Template) -> jinja2.Template:
    """`template`, its `{{ … }}` escaped by `escape_output`.

    Compiled, a template calls `escape` (markupsafe's, imported into the
    module the template was compiled to) for each value it writes, and only
    there: the result joins the page's text, or the text of a block or
    macro, which Jinja2 then marks safe as a whole. markupsafe's returns a
    `Markup` for each, through two Python calls (`escape`, `Markup.__new__`):
    a tenth of a cold build's CPU time went there.
    """
    template.root_render_func.__globals__["escape"] = escape_output
    return template


_SPECIAL = re.compile("[&<>\"']").search


def escape_output(value: Any) -> str:
    """`value` as HTML text, as markupsafe's `escape` gives it, but as a
    plain string (see `_escaping_output`)."""
    if type(value) is not str:
        html = getattr(value, "__html__", None)
        if html is not None:
            return html()
        value = str(value)
    if _SPECIAL(value) is None:
        return value
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


# Functions that render a template by name: the templates that call them
# depend on that template (for fingerprints), though they never include it.
CACHED_PARTIALS = {"entry_card": "entry.html"}


def _entry_cards(env: jinja2.Environment):
    done: dict[str, Markup] = {}

    def entry_card(entry: object) -> Markup:
        slug = entry.slug  # type: ignore[attr-defined]
        if slug not in done:
            done[slug] = Markup(env.get_template("entry.html").render(entry=entry))
        return done[slug]

    return entry_card


def atom_time(day: dt.date) -> str:
    """RFC 3339 time for a date: midnight UTC (content carries no time of day)."""
    return f"{day.isoformat()}T00:00:00Z"


def template_error(exc: Exception, template: str) -> SiteError:
    """A `SiteError` naming the template file and line for an error raised
    while rendering (the line is None when no template line raised it)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return SiteError(f"template error: {exc.message}", exc.filename or template, exc.lineno)
    filename, line = template, None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt")):
            filename, line = name, tb.tb_lineno
        tb = tb.tb_next
    what = str(exc) if isinstance(exc, jinja2.TemplateError) else \
        f"{type(exc).__name__}: {exc}"
    return SiteError(f"template error: {what}", filename, line)
