"""Site settings: `config.yaml` read once, validated, frozen.

Every stage receives the `Config` (or the part of it that it needs) as an
argument; there is no global settings dictionary. Paths in the file are
relative to the folder that holds the config file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .deploy.targets import Target, parse_targets
from .digest import digest
from .errors import Diagnostics, SiteError, did_you_mean, shown
from .yamlfile import key_line, parse_mapping

CONFIG_NAME = "config.yaml"


@dataclass(frozen=True)
class IngestRules:
    """How ingest tags articles, beyond what it finds in the text."""

    max_tags: int = 8
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    stop: tuple[str, ...] = ()
    language: str = "en"  # the site's: an article in another language says so


@dataclass(frozen=True)
class Config:
    root: Path
    title: str = "A Reading Collection"
    description: str = "Articles worth keeping, collected and tagged."
    base_url: str = "http://localhost:8000/"
    language: str = "en"
    seeds_dir: Path = Path("seeds")
    content_dir: Path = Path("content")
    layouts_dir: Path = Path("layouts")
    output_dir: Path = Path("site")
    cache_dir: Path = Path(".cache")
    per_page: int = 10
    feed_entries: int = 20
    include_drafts: bool = False
    hide_emails: bool = True
    search: bool = True  # build a Pagefind index; false leaves the site without one
    search_shard_size: int = 256  # articles per shard of the index, at most on average
    raw_html: bool = False  # raw HTML in Markdown bodies is shown as text unless true
    ingest: IngestRules = field(default_factory=IngestRules)
    # Where `deploy` publishes, by name; not in repr: it does not change the built site.
    deploy: dict[str, Target] = field(default_factory=dict, repr=False)
    source: Path | None = None  # the config file, when there is one

    def digest(self) -> str:
        """A fingerprint of every setting that can change the built site (all
        but `NOT_OUTPUT`): a new setting counts unless it is listed there."""
        values = [(f.name, getattr(self, f.name)) for f in fields(self)
                  if f.name not in NOT_OUTPUT]
        return digest(repr(values))


# Settings that change no page of the site: where seeds are read from and the
# site and cache are written to, ingest's rules, the config file's own path.
NOT_OUTPUT = frozenset({"seeds_dir", "output_dir", "cache_dir", "ingest", "deploy", "source"})


# key -> expected type, for the scalar settings; paths are text in the file.
_SCALARS: dict[str, type] = {
    "title": str, "description": str, "base_url": str, "language": str,
    "per_page": int, "feed_entries": int, "include_drafts": bool, "hide_emails": bool,
    "search": bool, "search_shard_size": int, "raw_html": bool,
}
_PATHS = ("seeds_dir", "content_dir", "layouts_dir", "output_dir", "cache_dir")
_INGEST_KEYS = ("max_tags", "vocabulary", "aliases", "stop")
# What Hugo, Zola, Jekyll, MkDocs and Pelican call our settings (folded: see
# `errors.fold`), so a config brought from one of them gets a suggestion.
_OTHER_NAMES = {
    **dict.fromkeys(("siteurl", "url"), "base_url"),
    **dict.fromkeys(("sitename", "sitetitle"), "title"),
    "sitedescription": "description",
    **dict.fromkeys(("languagecode", "lang", "defaultlang", "defaultlanguage",
                     "defaultcontentlanguage"), "language"),
    **dict.fromkeys(("publishdir", "destination", "sitedir", "outputpath"), "output_dir"),
    **dict.fromkeys(("docsdir", "contentpath"), "content_dir"),
    **dict.fromkeys(("layoutdir", "themesdir", "themedir", "theme", "customdir"), "layouts_dir"),
    **dict.fromkeys(("paginate", "pagination", "pagersize", "defaultpagination",
                     "paginatesize"), "per_page"),
    **dict.fromkeys(("rsslimit", "feedmaxitems", "feedlimit"), "feed_entries"),
    **dict.fromkeys(("builddrafts", "drafts", "showdrafts"), "include_drafts"),
}


def load_config(path: Path | None, diag: Diagnostics, root: Path | None = None) -> Config:
    """Read and validate `path`; with no file, the defaults rooted at `root`.

    Type errors are `SiteError`s with the line; unknown keys are warnings
    with a suggestion.
    """
    if path is None:
        return _resolve(Config(root=(root or Path.cwd()).resolve()))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SiteError(f"cannot read config: {exc.strerror}", path) from None
    except UnicodeDecodeError:
        raise SiteError("config is not UTF-8 text", path) from None
    data = parse_mapping(text, path)
    values: dict[str, Any] = {"root": path.parent.resolve(), "source": path.resolve()}
    known = set(_SCALARS) | set(_PATHS) | {"ingest", "deploy"}
    for key, value in data.items():
        line = key_line(text, key)
        if key not in known:
            diag.warn(f"unknown setting `{key}`{did_you_mean(str(key), known, _OTHER_NAMES)}",
                      path, line)
        elif key == "ingest":
            values["ingest"] = _ingest_rules(value, text, path, diag)
        elif key == "deploy":
            values["deploy"] = parse_targets(value, text, path, diag)
        elif key in _PATHS:
            values[key] = Path(_expect(key, value, str, path, line))
        else:
            values[key] = _expect(key, value, _SCALARS[key], path, line)
    config = Config(**values)
    _validate(config, text, path)
    return _resolve(config)


def with_overrides(config: Config, **overrides: Any) -> Config:
    """The config with command-line values applied (None means 'not given').

    A bad value is blamed on its flag (`--base-url`), not on the file."""
    given = {k: v for k, v in overrides.items() if v is not None}
    for key in _PATHS:
        if key in given:
            given[key] = Path(os.path.abspath(given[key]))
    if "base_url" in given:
        problem = _url_problem(given["base_url"])
        if problem:
            raise SiteError(f"--base-url: {problem}")
    return replace(config, **given)


def _resolve(config: Config) -> Config:
    """Make every path absolute, relative to the config's folder. Symbolic
    links are not resolved: a linked folder must be seen as one (`confine`)."""
    paths = {name: Path(os.path.abspath(config.root / getattr(config, name)))
             for name in _PATHS}
    return replace(config, **paths)


def _expect(key: str, value: Any, kind: type, path: Path, line: int) -> Any:
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if not ok:
        raise SiteError(f"`{key}` must be {_kind_name(kind)}, not {shown(value)}", path, line)
    return value


def _kind_name(kind: type) -> str:
    return {str: "text", int: "a whole number", bool: "true or false",
            dict: "a mapping", list: "a list"}.get(kind, kind.__name__)


def _validate(config: Config, text: str, path: Path) -> None:
    problem = _url_problem(config.base_url)
    if problem:
        raise SiteError(f"`base_url`: {problem}", path, key_line(text, "base_url"))
    if not _BCP47.fullmatch(config.language):
        raise SiteError(f"`language` must be a language tag such as en, pt-BR or zh-Hant, "
                        f"not {shown(config.language)}", path, key_line(text, "language"))
    for key in ("per_page", "feed_entries", "search_shard_size"):
        if not 1 <= getattr(config, key) <= _MOST:
            raise SiteError(f"`{key}` must be from 1 to {_MOST:,}", path, key_line(text, key))
    if not 0 <= config.ingest.max_tags <= _MOST_TAGS:
        raise SiteError(f"`ingest.max_tags` must be from 0 to {_MOST_TAGS}", path,
                        key_line(text, "max_tags"))


_MOST = 10_000  # articles per page, entries per feed, articles per search shard
_MOST_TAGS = 100  # every tag is a page listing the article: more would be no index at all
# A well-formed BCP 47 language tag (RFC 5646, section 2.1), without the
# grandfathered irregular ones: Pagefind and the `lang` attribute take it as is.
_BCP47 = re.compile(
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"  # language
    r"(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # script, region
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"  # extensions
    r"(?:-x(?:-[A-Za-z0-9]{1,8})+)?")  # private use


def _url_problem(url: str) -> str | None:
    """Why `url` cannot be the site's address, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port out of range raises here)
    except ValueError as exc:
        return f"not a valid URL ({exc}): {shown(url)}"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"must be an absolute http(s) URL, not {shown(url)}"
    return None


def _ingest_rules(value: Any, text: str, path: Path, diag: Diagnostics) -> IngestRules:
    line = key_line(text, "ingest")
    if value is None:
        return IngestRules()
    section = _expect("ingest", value, dict, path, line)
    rules: dict[str, Any] = {}
    for key, item in section.items():
        if key not in _INGEST_KEYS:
            diag.warn(f"unknown setting `ingest.{key}`{did_you_mean(key, _INGEST_KEYS)}",
                      path, key_line(text, key))
        elif key == "max_tags":
            rules[key] = _expect("ingest.max_tags", item, int, path, line)
        elif key == "stop":
            rules[key] = tuple(_words(f"ingest.{key}", item, path, line))
        elif key == "aliases":
            mapping = _expect("ingest.aliases", item or {}, dict, path, line)
            rules[key] = {str(k): str(v) for k, v in mapping.items()}
        else:
            mapping = _expect("ingest.vocabulary", item or {}, dict, path, line)
            rules[key] = {str(tag): tuple(_words(f"vocabulary.{tag}", words, path, line))
                          for tag, words in mapping.items()}
    return IngestRules(**rules)


def _words(key: str, value: Any, path: Path, line: int) -> list[str]:
    items = [value] if isinstance(value, str) else _expect(key, value or [], list, path, line)
    return [str(item) for item in items]

