"""Ingesting fixture seeds in tests and reading back what ingest wrote."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitegen.config import IngestRules
from sitegen.errors import Diagnostics
from sitegen.ingest import IngestReport, run_ingest
from sitegen.ingest.candidates import candidates
from sitegen.ingest.tags import TagRules, choose_tags, ranked_names, tag_corpus, vocabulary_tags
from sitegen.load import split_front_matter

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


@dataclass(frozen=True)
class TagContext:
    """What tagging needs to know beyond the text itself."""

    exclude: tuple[str, ...] = ()  # names that are never tags: authors, publication
    rules: IngestRules = field(default_factory=IngestRules)


def find_tags(paragraphs: Iterable[str], context: TagContext) -> list[str]:
    """The tags of one article on its own (a collection of one), by the
    functions ingest's collection pass uses."""
    paragraphs = list(paragraphs)
    found = candidates(paragraphs)
    rules = TagRules.of(context.rules)
    names = ranked_names(found, tag_corpus([found]), rules, context.exclude)
    vocabulary = vocabulary_tags("\n".join(paragraphs), context.rules)
    return choose_tags(vocabulary, names, rules.max_tags)


def add_seeds(root: Path, *names: str) -> Path:
    seeds = root / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / name, seeds / name)
    return seeds


def ingest(root: Path, rules: IngestRules | None = None,
           **options: Any) -> tuple[IngestReport, Diagnostics]:
    diag = Diagnostics()
    report = run_ingest(root / "seeds", root / "content", rules or IngestRules(), diag, **options)
    return report, diag


def articles(root: Path) -> dict[str, tuple[dict[str, Any], str]]:
    """Seed name → (front matter, body) of every article ingest wrote."""
    found = {}
    for path in sorted((root / "content").glob("*.md")):
        front, body, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
        meta = yaml.safe_load(front)
        found[meta["seed"]] = (meta, body)
    return found


def ingest_fixture(root: Path, name: str) -> tuple[dict[str, Any], str]:
    add_seeds(root, name)
    ingest(root)
    return articles(root)[name]
