"""Page fingerprints: a digest of everything that can change a page's bytes.

A page is a pure function of its template (with every template it
extends, includes or imports), its context, the site settings and the
program's version. The context is reduced to a `Recipe`: a digest of its
shape (views carry digests of their own fields in `key`; articles are
references) and the slugs of the articles it shows. The fingerprint joins
the recipe with each article's digest, so it is cheap to compute for every
page on every build, even from recipes stored by an earlier build, and a
page whose fingerprint did not change is not rendered again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import NamedTuple

import jinja2
from jinja2 import meta

from ..errors import SiteError
from .pages import Page
from .refs import shape
from .templates import CACHED_PARTIALS


def template_digests(env: jinja2.Environment) -> Callable[[str], str]:
    """name → digest of the template and everything it pulls in."""
    done: dict[str, str] = {}

    def digest(name: str, visiting: frozenset[str] = frozenset()) -> str:
        if name in done:
            return done[name]
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        parts = [filename or name, source]
        dependencies = _references(env, source, name)
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


def _references(env: jinja2.Environment, source: str, name: str) -> set[str | None]:
    try:
        return set(meta.find_referenced_templates(env.parse(source, name)))
    except jinja2.TemplateSyntaxError:
        return set()  # the render reports it, with the line


class Recipe(NamedTuple):
    """What a page's fingerprint is made of; kept between builds."""

    path: str
    template: str
    shape: str  # digest of the context, articles reduced to their slugs
    members: tuple[str, ...]  # slugs of the articles the page shows, in order


def recipe(page: Page) -> Recipe:
    members: list[str] = []
    text = shape({"context": page.context, "bodies": page.bodies}, members)
    return Recipe(page.path, page.template, _hash(text), tuple(members))


def page_fingerprint(item: Recipe, site_digest: str, template_digest: Callable[[str], str],
                     article_digests: dict[str, str]) -> str:
    """The page's inputs: site, template, shape and each shown article's digest."""
    articles = ",".join(map(article_digests.__getitem__, item.members))
    return _hash(f"{site_digest}\0{template_digest(item.template)}\0{item.shape}\0{articles}")


def file_fingerprint(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
