"""The collection pass: from every seed's `SeedInfo` to each article's front matter.

Runs after all seeds are read, because it looks at all of them: the second
of two seeds with the same words is a duplicate; tags prefer names the
collection shares (`tags`); a seed without a title gets a headline about
its main subject; titles that make the same slug get distinct ones. A
seed's front-matter block (`overrides`) has the last word on every field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import frontmatter
from ..config import IngestRules
from ..digest import digest
from ..errors import Diagnostics
from ..slugs import slugify, unique_slug
from . import emit
from .headline import headline
from .read import SeedInfo
from .store import Existing, seed_label
from .tags import TagCorpus, TagRules, choose_tags, ranked_names, tag_corpus

_WORD = re.compile(r"[\w’']+")


@dataclass(frozen=True)
class Planned:
    info: SeedInfo
    path: Path  # the content file
    meta: dict[str, Any]  # its front matter, without `output_hash`
    front: str  # the front matter as YAML lines

    @property
    def intended(self) -> str:
        """A hash of the file this article should be (front matter and body)."""
        return digest(f"{self.front}\0{self.info.body_hash}")


def without_duplicates(infos: list[SeedInfo], diag: Diagnostics) -> tuple[list[SeedInfo],
                                                                          list[str]]:
    """The seeds, less the second of two with the same words (reported)."""
    first_of: dict[str, SeedInfo] = {}
    kept, skipped = [], []
    for info in infos:
        first = first_of.setdefault(info.fingerprint, info)
        if first is info:
            kept.append(info)
        else:
            diag.warn(f"same article as seed {first.file.name}; skipped as a duplicate",
                      info.file.path)
            skipped.append(info.file.name)
    return kept, skipped


def plan_articles(infos: list[SeedInfo], rules: IngestRules, existing: Existing,
                  content_dir: Path, diag: Diagnostics) -> list[Planned]:
    """Front matter and content file of every article, in seed name order."""
    pool = tag_corpus(info.names for info in infos)
    tag_rules = TagRules.of(rules)
    taken = {slug: str(content_dir / f"{stem}.md") for stem in existing.slugs
             for slug in (stem, slugify(stem))}  # a hand-named file's slug is taken too
    planned = []
    for info in infos:
        given = info.seed.overrides.tags
        if given is not None and len(given) > rules.max_tags:
            diag.warn(f"the seed gives {len(given)} tags; `ingest.max_tags` keeps the first "
                      f"{rules.max_tags}", info.file.path)
        meta = _front_matter(info, pool, tag_rules, rules.language)
        path = existing.by_seed.get(info.file.name) or _new_path(meta, info, content_dir,
                                                                  taken, diag)
        planned.append(Planned(info, path, meta, frontmatter.yaml_lines(meta)))
    return planned


def _front_matter(info: SeedInfo, pool: TagCorpus, rules: TagRules,
                  site_language: str) -> dict[str, Any]:
    seed, given = info.seed, info.seed.overrides
    outlets = [b.outlet for b in seed.bios if b.outlet]
    exclude = (*seed.authors, *outlets, *([seed.source] if seed.source else []))
    names = ranked_names(info.names, pool, rules, exclude, info.language == "de")
    tags = list(given.tags[:rules.max_tags]) if given.tags is not None else choose_tags(
        [*seed.tags, *info.vocabulary], names, rules.max_tags)
    title = given.title or seed.title or headline(seed.lead, [name for _, name in names])
    summary = given.summary or _summary(info, generated=not (given.title or seed.title),
                                        title=title)
    return emit.front_matter(
        title=title, date=given.date or seed.date,
        authors=list(given.authors if given.authors is not None else seed.authors),
        tags=tags, summary=summary, seed=seed_label(seed.name),
        seed_digest=info.digest, source=given.source or seed.source, url=given.url or seed.url,
        note=given.note, slug=given.slug, draft=given.draft,
        language=given.language or _language(info.language, site_language))


def _summary(info: SeedInfo, generated: bool, title: str) -> str:
    """The lead, or what follows its first sentence when the title was made
    from it or the lead opens with the title: a list entry should not say
    the same thing twice."""
    if info.follow and (generated or _opens_with(info.summary, title)):
        return info.follow
    return info.summary


def _opens_with(text: str, title: str) -> bool:
    """Whether `text` starts with the first words of `title` (five at most)."""
    words = [w.casefold() for w in _WORD.findall(title)][:5]
    return [w.casefold() for w in _WORD.findall(text[:200])][:len(words)] == words


def _language(found: str | None, site: str) -> str | None:
    """The article's language when it is not the site's ("en-GB" is English)."""
    return found if found and found != site.split("-")[0].casefold() else None


def _new_path(meta: dict[str, Any], info: SeedInfo, content_dir: Path, taken: dict[str, str],
              diag: Diagnostics) -> Path:
    """A new content file under a slug no other file has.

    Seeds are planned in name order and keep their file once it exists,
    so the same seeds get the same slugs on every run.
    """
    base = meta.get("slug") or slugify(meta["title"])
    slug = unique_slug(base, taken)
    if slug != base:
        diag.warn(f"title slug `{base}` is already used by {taken[base]}; "
                  f"this article gets `{slug}`", info.file.path)
    taken[slug] = str(info.file.path)
    return content_dir / f"{slug}.md"
