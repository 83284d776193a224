"""Page fingerprints: a digest of everything that can change a page's bytes.

A page is a pure function of its template (with every template it
extends, includes or imports), its context, the site settings and the
program's version. The context is reduced to a `Recipe`: a digest of its
shape (views carry digests of their own fields in `key`; articles are
references), the slugs of the articles it shows and of those whose full
text it shows. The fingerprint joins the recipe with each shown article's
view digest (everything but the body) and each shown body's article
digest, so it is cheap to compute for every page on every build, even from
recipes stored by an earlier build; a page whose fingerprint did not change
is not rendered again. (So an edit to an article's text renders its page
and the feeds that carry the text, not the lists that show its title.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import meta

from ..assets import Asset
from ..config import Config
from ..digest import digest
from ..errors import SiteError
from ..load import DIGESTED, Content
from ..render.pages import Page
from ..render.refs import ArticleRef
from ..render.templates import CACHED_PARTIALS
from . import reads
from .recipes import Recipe, Recipes, recipe_index

if TYPE_CHECKING:
    from .catalog import Catalog

References = dict[str, tuple[str | None, ...]]  # source digest → templates it names


def template_digests(env: jinja2.Environment, known: References | None = None,
                     found: References | None = None) -> Callable[[str], str]:
    """name → digest of the template and everything it pulls in.

    `known`: the templates each source names, by the source's digest, from
    an earlier build (parsing every template took a tenth of a one-article
    rebuild); `found` receives those of the sources digested now."""
    done: dict[str, str] = {}

    def digest(name: str, visiting: frozenset[str] = frozenset()) -> str:
        if name in done:
            return done[name]
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        parts = [filename or name, source]
        dependencies = _references(env, source, name, known or {}, found)
        dependencies |= {partial for call, partial in CACHED_PARTIALS.items() if call in source}
        if None in dependencies:  # a computed name: depend on every template
            dependencies = set(env.list_templates()) - {name}
        for dependency in sorted(d for d in dependencies if d and d not in visiting):
            try:
                parts.append(digest(dependency, visiting | {name}))
            except jinja2.TemplateNotFound as exc:
                if exc.name != dependency:
                    raise
                line = source.count("\n", 0, max(source.find(dependency), 0)) + 1
                raise SiteError(f"template not found: {dependency}", filename or name,
                                line) from None
        done[name] = _hash("\0".join(parts))
        return done[name]

    return digest


def _references(env: jinja2.Environment, source: str, name: str, known: References,
                found: References | None) -> set[str | None]:
    key = _hash(source)
    names = known.get(key)
    if names is None:
        try:
            names = tuple(meta.find_referenced_templates(env.parse(source, name)))
        except jinja2.TemplateSyntaxError:
            return set()  # the render reports it, with the line
    if found is not None:
        found[key] = names
    return set(names)


def shape(value: Any, members: list[str]) -> str:
    """A stable text for a context value with every article reference
    reduced to its slug; the slugs are appended to `members` in order.
    (It runs for every page of a cold build: references in lists are
    handled in the loop rather than by a call each, and plain values first.)"""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return repr(value)
    if kind is ArticleRef:
        members.append(value.slug)
        return f"@{value.slug}"
    key = getattr(value, "key", None)
    if isinstance(key, str) and key:
        return key
    if isinstance(value, dict):
        return "{" + ",".join([f"{k}:{shape(v, members)}" for k, v in sorted(value.items())]) + "}"
    if isinstance(value, (tuple, list)):
        parts = []
        for item in value:
            if type(item) is ArticleRef:
                members.append(item.slug)
                parts.append(f"@{item.slug}")
            else:
                parts.append(shape(item, members))
        return "(" + ",".join(parts) + ")"
    if value is None or isinstance(value, (str, int, float, bool, dt.date)):
        return repr(value)
    raise TypeError(f"cannot fingerprint a {type(value).__name__} in a page context")


def recipe(page: Page) -> Recipe:
    members: list[str] = []
    text = shape(page.context, members)
    bodies = tuple(ref.slug for ref in page.bodies)
    return Recipe(page.path, page.template, _hash(f"{text}\0{','.join(bodies)}"),
                  tuple(members), bodies)


def page_fingerprint(item: Recipe, site_digest: str, template_digest: Callable[[str], str],
                     views: dict[str, str], texts: dict[str, str]) -> str:
    """The page's inputs: site, template, shape, the view digest of each
    article shown and the whole digest of each article whose text is shown."""
    articles = ",".join(map(views.__getitem__, item.members))
    bodies = ",".join(map(texts.__getitem__, item.bodies))
    return _hash(f"{site_digest}\0{template_digest(item.template)}\0{item.shape}\0{articles}"
                 f"\0{bodies}")


file_fingerprint = _hash = digest


def recipes_of(pages: Sequence[Page]) -> Recipes:
    return Recipes.planned([recipe(page) for page in pages])


def structure_key(catalog: Catalog, content: Content, config: Config,
                  read: Collection[str] = reads.ALL) -> str:
    """A digest of everything planning reads: the settings that change the
    site, the fields `read` of every article (see `reads.py`: the sums of
    their digests in `catalog`, kept up to date without loading them all)
    and every field of everything else `content` holds (author profiles,
    reading lists: derived from `Content`, so a new kind cannot be left
    out). When it is unchanged, the pages planned last time are still
    right, and a build in which only fields that planning did not read
    changed (article text, titles with the built-in theme) needs no
    planning."""
    names = (*DIGESTED, reads.TEXT)
    sums = catalog.sums or (0,) * len(names)
    parts = [config.digest(), str(catalog.articles),
             *(f"{name}:{total:x}" for name, total in zip(names, sums, strict=True)
               if name in read)]
    for kind in fields(Content):  # profiles, reading lists, any other kind of content
        if kind.name != "articles":
            parts += sorted(map(repr, getattr(content, kind.name)))
    return _hash("\n".join(parts))


@dataclass(frozen=True)
class Basis:
    """What the page fingerprints of a site were made from. It is kept with
    the live site's manifest (in one transaction): when the next build has
    the same site digest, template digests and recipes, a page can change
    only through the articles it shows, so only the pages showing an
    article whose digests differ from these are fingerprinted again (found
    through the recipes' index, `recipe_index`); the others keep the live
    site's fingerprints. (At 100,000 articles, fingerprinting every page
    took over a second, and even asking each recipe whether it shows a
    changed article most of one.)"""

    site: str
    templates: dict[str, str]  # template name → digest
    structure: str  # the structure key the recipes were planned for
    views: dict[str, str]  # article slug → view digest
    texts: dict[str, str]  # article slug → whole digest
    files: tuple[str, ...] = ()  # the outputs that are no page: static files and assets


@dataclass(frozen=True)
class Fingerprints:
    """Output path → fingerprint of every file of the site, what its page
    fingerprints were made from, and the paths whose fingerprint may differ
    from the live site's (None: any may; the live site's files that are no
    output any more are among them)."""

    files: dict[str, str]
    basis: Basis
    changed: frozenset[str] | None
    articles: frozenset[str] | None = None  # the slugs whose digests may differ, likewise


Showing = Callable[[set[str]], "set[int] | None"]  # article slugs → positions of the recipes


@dataclass(frozen=True)
class Earlier:
    """The recipes stored before a build that planned the site anew: when
    the live site's fingerprints were made from them, a page whose recipe
    did not change keeps its fingerprint unless an article it shows did."""

    structure: str  # the structure key they were planned for
    recipes: Recipes
    showing: Showing  # positions in `recipes` of those that show any of some articles


def fingerprints(recipes: Recipes, static: Sequence[tuple[str, Path]],
                 digests: tuple[dict[str, str], dict[str, str]], config: Config,
                 env: jinja2.Environment,
                 assets: Sequence[Asset] = (), structure: str = "",
                 previous: tuple[Basis, dict[str, str]] | None = None,
                 references: tuple[References, References] | None = None,
                 showing: Showing | None = None, earlier: Earlier | None = None,
                 ) -> Fingerprints:
    """The fingerprint of every file of the site. `digests`: every article's
    view digest and whole digest, by slug (`Basis.views`, `Basis.texts`);
    `previous`: the basis and manifest of the live site, whose fingerprints
    are kept where they still hold; `references`: see `template_digests`;
    `showing`: the positions of the recipes that show any of some articles
    (from the recipes' stored index; None, or when it answers None: from
    `recipe_index`); `earlier`: when `recipes` were planned anew, those
    stored before.

    Two outputs for one path are an error naming both.
    """
    digest_of = template_digests(env, *(references or ()))
    try:
        used = {name: digest_of(name) for name in sorted(recipes.templates)}
    except jinja2.TemplateNotFound as exc:
        raise SiteError(f"template not found: {exc.name}", config.layouts_dir) from None
    others = (*(path for path, _ in static), *(asset.path for asset in assets))
    basis = Basis(f"{config.digest()}:{env.globals['site']!r}", used, structure,
                  *digests, others)
    kept = _kept(basis, previous, recipes, showing, earlier)
    if kept is None:
        result = {item.path: page_fingerprint(item, basis.site, basis.templates.__getitem__,
                                              basis.views, basis.texts) for item in recipes}
        changed = slugs = None
    else:
        result, changed, slugs = kept
    for path, source in static:
        result[path] = file_fingerprint(source.read_bytes())
    for asset in assets:
        result[asset.path] = asset.fingerprint
    if len(result) < len(recipes) + len(static) + len(assets):
        _refuse_shared_paths(recipes, static, assets)
    return Fingerprints(result, basis, frozenset(changed) if changed is not None else None,
                        frozenset(slugs) if slugs is not None else None)


def _kept(basis: Basis, previous: tuple[Basis, dict[str, str]] | None,
          recipes: Recipes, showing: Showing | None, earlier: Earlier | None,
          ) -> tuple[dict[str, str], set[str], set[str]] | None:
    """The page fingerprints, the live site's kept where they still hold (given
    `previous`, its basis and manifest), the paths that may have changed
    (the pages fingerprinted again, those gone, and every file that is no
    page, now or in the live site) and the articles whose digests changed;
    None when none can be kept."""
    if previous is None:
        return None
    old, live = previous
    if old.site != basis.site:
        return None
    if (old.templates, old.structure) == (basis.templates, basis.structure):
        slugs = _changed_articles(old, basis)
        again, gone = _showing(recipes, slugs, showing), set()
    elif earlier is not None and earlier.structure == old.structure:
        slugs = _changed_articles(old, basis)
        again, gone = _replanned(recipes, earlier, slugs, old.templates, basis.templates)
    else:
        return None
    paths = recipes.paths
    result = dict(zip(paths, map(live.get, paths), strict=True))
    if None in result.values():  # a page the live site lacks (it cannot be kept)
        again |= {position for position, path in enumerate(paths) if result[path] is None}
    for position in again:
        item = recipes[position]
        result[item.path] = page_fingerprint(item, basis.site, basis.templates.__getitem__,
                                             basis.views, basis.texts)
    changed = {paths[position] for position in again} | gone | {*old.files, *basis.files}
    return result, changed, slugs


def _changed_articles(old: Basis, new: Basis) -> set[str]:
    """The slugs of the articles whose digests differ between two bases (or gone)."""
    slugs = {slug for slug, view in new.views.items() if old.views.get(slug) != view}
    slugs |= {slug for slug, text in new.texts.items() if old.texts.get(slug) != text}
    return slugs | (old.views.keys() - new.views.keys())


def _showing(recipes: Recipes, slugs: set[str], showing: Showing | None) -> set[int]:
    """The positions of the recipes that show any of the articles `slugs`."""
    found = showing(slugs) if showing is not None else None
    if found is None:
        index = recipe_index(recipes)
        found = {position for slug in slugs for position in index.get(slug, ())}
    return found


def _replanned(recipes: Recipes, earlier: Earlier, slugs: set[str],
               old_templates: dict[str, str], templates: dict[str, str],
               ) -> tuple[set[int], set[str]]:
    """For recipes planned anew, the positions of those whose page may have
    changed since the `earlier` recipes: a new or other recipe, a template
    changed, an article of `slugs` shown; and the paths of the pages gone."""
    before = {path: (template, shape) for path, template, shape in earlier.recipes.shapes()}
    stale = {name for name, digest in templates.items() if old_templates.get(name) != digest}
    showing = {earlier.recipes.paths[p] for p in _showing(earlier.recipes, slugs,
                                                          earlier.showing)}
    again = {position for position, item in enumerate(recipes)
             if before.get(item.path) != (item.template, item.shape)
             or item.template in stale or item.path in showing}
    return again, before.keys() - set(recipes.paths)


def _refuse_shared_paths(recipes: Recipes, static: Sequence[tuple[str, Path]],
                         assets: Sequence[Asset]) -> None:
    """Two outputs for one path: an error naming both."""
    owners: dict[str, str] = {}
    claims = [*((item.path, f"the {item.template} page") for item in recipes),
              *((path, str(source)) for path, source in static),
              *((asset.path, str(asset.source)) for asset in assets)]
    for path, owner in claims:
        if path in owners:
            raise SiteError(f"two outputs would be written to {path}: {owners[path]} and {owner}")
        owners[path] = owner


