"""Stage 1, ingest: `seeds/` (raw text) → `content/` (Markdown + front matter).

For each seed: decode the bytes, parse the text into a `Seed`, choose tags,
a title and a slug, then write the content file, unless a person edited
it since ingest last wrote it. Author bios become one profile per author
in `content/authors/`, merged across seeds. Seeds are never modified.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import IngestRules
from ..errors import Diagnostics, SiteError
from ..load import AUTHORS_FOLDER
from ..slugs import slugify, unique_slug
from ..text import summarize
from . import emit
from .decode import decode
from .headline import headline
from .parse import Seed, parse_seed
from .store import Action, Existing, apply_write, index_content, plan_write
from .tags import TagContext, find_names, find_tags


@dataclass
class IngestReport:
    """What ingest did, or would do with `--dry-run`, file by file."""

    seeds: int = 0
    articles: list[tuple[Action, Path]] = field(default_factory=list)
    profiles: list[tuple[Action, Path]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # seeds not ingested
    orphaned: list[Path] = field(default_factory=list)  # content whose seed is gone

    def summary(self) -> str:
        counts = Counter(action for action, _ in self.articles)
        main = [f"{counts[a]} {a.value}" for a in (Action.NEW, Action.UPDATED, Action.UNCHANGED)]
        main += [f"{counts[a]} {a.value}" for a in (Action.KEPT, Action.REPLACED) if counts[a]]
        main.append(f"{len(self.skipped)} skipped")
        line = f"{self.seeds} seeds: {', '.join(main)}"
        changed = Counter(a for a, _ in self.profiles if a is not Action.UNCHANGED)
        if changed:
            line += "; author profiles: " + ", ".join(f"{n} {a.value}" for a, n in changed.items())
        if self.orphaned:
            line += f"; {len(self.orphaned)} content files without seed (kept)"
        return line


@dataclass(frozen=True)
class _Article:
    path: Path  # the seed file
    seed: Seed
    digest: str
    tags: list[str]
    title: str


def run_ingest(seeds_dir: Path, content_dir: Path, rules: IngestRules, diag: Diagnostics,
               *, force: bool = False, dry_run: bool = False,
               track: Callable[[list[Path]], Iterable[Path]] = iter) -> IngestReport:
    """Ingest every seed; problems with single seeds go to `diag`, the rest goes on."""
    report = IngestReport()
    if not seeds_dir.is_dir():
        diag.error("seeds folder does not exist", seeds_dir)
        return report
    existing = index_content(content_dir)
    paths = seed_files(seeds_dir)
    report.seeds = len(paths)
    articles = _read_seeds(track(paths), rules, diag, report)
    taken = {slug: str(content_dir / f"{slug}.md") for slug in existing.slugs}
    for article in articles:
        path = _content_path(article, existing, content_dir, taken, diag)
        text = emit.article_text(emit.front_matter(
            title=article.title, date=article.seed.date, authors=list(article.seed.authors),
            tags=article.tags, summary=summarize(article.seed.paragraphs[0]),
            seed=article.seed.name, source=article.seed.source, seed_digest=article.digest,
        ), list(article.seed.paragraphs))
        _write(path, text, force, dry_run, report.articles, diag)
    for path, text in _profiles(articles, content_dir / AUTHORS_FOLDER):
        _write(path, text, force, dry_run, report.profiles, diag)
    seeds = {a.seed.name for a in articles} | set(report.skipped)
    report.orphaned = [p for s, p in existing.by_seed.items() if s not in seeds]
    return report


def seed_files(seeds_dir: Path) -> list[Path]:
    """Every visible regular file in `seeds/`, by name."""
    return sorted(p for p in seeds_dir.iterdir()
                  if p.is_file() and not p.name.startswith(".") and not p.name.endswith("~"))


def _read_seeds(paths: Iterable[Path], rules: IngestRules, diag: Diagnostics,
                report: IngestReport) -> list[_Article]:
    articles: list[_Article] = []
    first_of: dict[str, str] = {}  # text fingerprint → seed that had it first
    for path in paths:
        try:
            data = path.read_bytes()
            text = decode(data, str(path))
            seed = parse_seed(text, path.name)
        except OSError as exc:
            diag.error(f"cannot read seed: {exc.strerror}", path)
            report.skipped.append(path.name)
            continue
        except SiteError as exc:
            diag.add(SiteError(exc.message, path, exc.line))
            report.skipped.append(path.name)
            continue
        fingerprint = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()
        if fingerprint in first_of:
            diag.warn(f"same article as seed {first_of[fingerprint]}; skipped as a duplicate", path)
            report.skipped.append(path.name)
            continue
        first_of[fingerprint] = path.name
        articles.append(_tagged(path, seed, emit.seed_hash(data), rules))
    return articles


def _tagged(path: Path, seed: Seed, digest: str, rules: IngestRules) -> _Article:
    outlets = [b.outlet for b in seed.bios if b.outlet]
    exclude = (*seed.authors, *outlets, *([seed.source] if seed.source else []))
    context = TagContext(exclude=exclude, rules=rules)
    tags = find_tags(seed.paragraphs, context)
    title = seed.title or headline(seed.paragraphs[0], find_names(list(seed.paragraphs), context))
    return _Article(path, seed, digest, tags, title)


def _content_path(article: _Article, existing: Existing, content_dir: Path,
                  taken: dict[str, str], diag: Diagnostics) -> Path:
    """The seed's content file: the one it already has, or a new unique slug.

    Seeds are read in name order, so the same seeds get the same slugs on
    every run, and a seed keeps its slug once its content file exists.
    """
    if article.seed.name in existing.by_seed:
        return existing.by_seed[article.seed.name]
    base = slugify(article.title)
    slug = unique_slug(base, taken)
    if slug != base:
        diag.warn(f"title slug `{base}` is already used by {taken[base]}; "
                  f"this article gets `{slug}`", article.path)
    taken[slug] = str(article.path)
    return content_dir / f"{slug}.md"


def _profiles(articles: list[_Article], folder: Path) -> list[tuple[Path, str]]:
    """One profile per author; the bio from their newest article wins."""
    newest_first = sorted(articles, reverse=True,
                          key=lambda a: (a.seed.date is not None, a.seed.date, a.seed.name))
    chosen = {}
    for article in newest_first:
        for bio in article.seed.bios:
            chosen.setdefault(slugify(bio.name), bio)
    profiles = []
    for slug, bio in sorted(chosen.items()):
        meta = {"name": bio.name}
        if bio.email:
            meta["email"] = bio.email
        if bio.outlet:
            meta["source"] = bio.outlet
        profiles.append((folder / f"{slug}.md", emit.profile_text(meta, bio.text)))
    return profiles


def _write(path: Path, text: str, force: bool, dry_run: bool,
           done: list[tuple[Action, Path]], diag: Diagnostics) -> None:
    try:
        action = plan_write(path, text, force)
        if not dry_run:
            apply_write(path, text, action)
    except SiteError as exc:
        diag.add(exc)
        return
    except OSError as exc:
        diag.error(f"cannot write: {exc.strerror}", path)
        return
    if action is Action.KEPT:
        diag.warn("edited by hand since ingest wrote it; kept (use --force to re-create it)", path)
    done.append((action, path))
