"""Stage 1, ingest: `seeds/` (raw text) → `content/` (Markdown + front matter).

Every seed is read into a `SeedInfo` (`read`: decode, parse, candidate
names), then the collection pass (`plan`) chooses tags, titles and content
files with all seeds in view, and each content file is written unless a
person edited it since ingest last wrote it (`store`). Author bios become
one profile per author in `content/authors/`, merged across seeds. Seeds
are never modified.

With a `cache_dir`, unchanged seeds are not read again, unchanged content
files are not re-read, and a run in which nothing changed at all is
replayed from the last one (`cache`).
"""

from __future__ import annotations

from pathlib import Path

from ..config import IngestRules
from ..confine import OUTSIDE
from ..digest import digest
from ..errors import Diagnostics, SiteError
from ..slugs import slugify
from . import cache, emit
from .plan import Planned, plan_articles, without_duplicates
from .read import Failure, SeedFile, SeedInfo, Track, list_seeds, read_bodies, read_seeds
from .report import IngestReport
from .store import (
    PROFILES_FOLDER,
    Action,
    FileStamps,
    Written,
    apply_write,
    index_content,
    list_content,
    plan_write,
)

__all__ = ["IngestReport", "run_ingest"]
Done = list[tuple[Action, Path]]


def run_ingest(seeds_dir: Path, content_dir: Path, rules: IngestRules, diag: Diagnostics,
               *, force: bool = False, dry_run: bool = False, track: Track = iter,
               cache_dir: Path | None = None, root: Path | None = None) -> IngestReport:
    """Ingest every seed; problems with single seeds go to `diag`, the rest goes on.

    `root` is the project folder, which a link in `seeds/` must not lead
    out of (default: the folder that holds `seeds/`).
    """
    if not seeds_dir.is_dir():
        diag.error("seeds folder does not exist", seeds_dir)
        return IngestReport()
    files, outside = list_seeds(seeds_dir, root or seeds_dir.resolve().parent)
    for path in outside:
        diag.error(OUTSIDE, path)
    seeds_listing = {f.name: (f.size, f.mtime_ns) for f in files}
    where = (seeds_dir, content_dir)
    last = cache.load_run(cache_dir, rules)
    content = list_content(content_dir)
    if not force and last.report and last.state == cache.state(rules, seeds_listing, content,
                                                              where):
        return _replay(last, diag)
    run = _Run(rules, diag, force, dry_run, cache.load_seeds(cache_dir, rules), last.written)
    existing, seed_of = index_content(content_dir, content, last.seed_of)
    errors, warnings = len(diag.errors), len(diag.warnings)
    infos, skipped = run.read_all(files, track)
    kept, duplicates = without_duplicates(infos, diag)
    report = IngestReport(seeds=len(files), skipped=[*skipped, *duplicates])
    problems = [(True, e) for e in diag.errors[errors:]] + \
        [(False, w) for w in diag.warnings[warnings:]]
    planned = plan_articles(kept, rules, existing, content_dir, diag)
    run.fetch_bodies([p for p in planned if not run.unchanged(p.path, p.intended, content)],
                    track)
    for article in planned:
        run.write_article(article, content, report.articles)
    for path, text in _profiles(kept, content_dir / PROFILES_FOLDER):
        run.write(path, text, _intended(text), content, report.profiles)
    names = {f.name for f in files}
    report.orphaned = [p for s, p in existing.by_seed.items() if s not in names]
    if not dry_run and cache_dir is not None:
        final = list_content(content_dir)
        ours = {path for action, path in report.articles if action is not Action.KEPT}
        seed_of.update((p.path.name, (*final[p.path.name], p.info.seed.name))
                       for p in planned if p.path in ours and p.path.name in final)
        written = {k: w for k, w in run.written.items() if _listed_name(Path(k)) in final}
        last = cache.RunCache(cache.state(rules, seeds_listing, final, where),
                              report.as_unchanged(), problems, written,
                              index_content(content_dir, final, seed_of)[1])
        cache.save(cache_dir, rules, last,
                   {i.file.name: i for i in infos} if run.read_any else None)
    return report


def _replay(last: cache.RunCache, diag: Diagnostics) -> IngestReport:
    """The outcome of a run in which nothing changed since the last one."""
    assert last.report is not None
    for is_error, problem in last.problems:
        (diag.errors if is_error else diag.warnings).append(problem)
    return last.report.as_unchanged()


class _Run:
    """One ingest run's reading and writing, with what the cache knows."""

    def __init__(self, rules: IngestRules, diag: Diagnostics, force: bool, dry_run: bool,
                 cached: dict[str, SeedInfo], written: dict[str, Written]) -> None:
        self.rules, self.diag, self.force, self.dry_run = rules, diag, force, dry_run
        self.cached = cached
        self.written = dict(written)
        self.bodies: dict[str, str] = {}  # seed name → Markdown body, for seeds read now
        self.read_any = False

    def read_all(self, files: list[SeedFile], track: Track) -> tuple[list[SeedInfo], list[str]]:
        """The `SeedInfo` of every seed, read again only when the file changed."""
        fresh = [f for f in files if self._cached(f) is None]
        self.read_any = bool(fresh) or len(self.cached) != len(files)
        results = dict(zip((f.name for f in fresh), read_seeds(fresh, self.rules, track),
                           strict=True)) if fresh else {}
        infos, skipped = [], []
        for file in files:
            result = results.get(file.name) or self._cached(file)
            if isinstance(result, Failure):
                self.diag.add(result.error)
                skipped.append(file.name)
            elif isinstance(result, SeedInfo):
                infos.append(result)
            elif result is not None:
                infos.append(result[0])
                self.bodies[file.name] = result[1]
        for info in infos:
            for warning in info.seed.warnings:
                self.diag.warn(warning, info.file.path)
        return infos, skipped

    def _cached(self, file: SeedFile) -> SeedInfo | None:
        info = self.cached.get(file.name)
        return info if info is not None and info.file == file else None

    def fetch_bodies(self, planned: list[Planned], track: Track) -> None:
        """Read again (in parallel when many) the seeds whose content must be written."""
        files = [p.info.file for p in planned if p.info.file.name not in self.bodies]
        if not files:
            return
        for file, body in zip(files, read_bodies(files, track), strict=True):
            if isinstance(body, Failure):
                self.diag.add(body.error)
            else:
                self.bodies[file.name] = body

    def write_article(self, planned: Planned, content: FileStamps, done: Done) -> None:
        """Write one article (unless its seed could not be read again)."""
        body = self.bodies.get(planned.info.file.name)
        if body is None and not self.unchanged(planned.path, planned.intended, content):
            return
        text = emit.file_text(planned.front, body) if body is not None else None
        self.write(planned.path, text, planned.intended, content, done)

    def write(self, path: Path, text: str | None, intended: str, content: FileStamps,
              done: Done) -> None:
        """Write `text` to `path` unless it is unchanged or edited by hand.

        `text` is None only when the cache shows the file is as intended.
        """
        if text is None or self.unchanged(path, intended, content):
            action = Action.KEPT if self.written[str(path)].kept else Action.UNCHANGED
        else:
            try:
                action = plan_write(path, text, self.force)
                if not self.dry_run:
                    apply_write(path, text, action)
            except SiteError as exc:
                self.diag.add(exc)
                return
            except OSError as exc:
                self.diag.error(f"cannot write: {exc.strerror}", path)
                return
            self._remember(path, intended, action)
        done.append((action, path))  # a file kept (edited by hand) is counted, not a warning

    def unchanged(self, path: Path, intended: str, content: FileStamps) -> bool:
        """The cache shows `path` is what this run would write (or was kept)."""
        record = self.written.get(str(path))
        stat = content.get(_listed_name(path))
        return (record is not None and stat == (record.size, record.mtime_ns)
                and record.intended == intended and not (self.force and record.kept))

    def _remember(self, path: Path, intended: str, action: Action) -> None:
        if self.dry_run:
            return
        try:
            stat = path.stat()
        except OSError:
            self.written.pop(str(path), None)
            return
        self.written[str(path)] = Written(stat.st_size, stat.st_mtime_ns, intended,
                                          action is Action.KEPT)


def _listed_name(path: Path) -> str:
    return f"{PROFILES_FOLDER}/{path.name}" if path.parent.name == PROFILES_FOLDER else path.name


def _intended(text: str) -> str:
    return digest(text)


def _profiles(infos: list[SeedInfo], folder: Path) -> list[tuple[Path, str]]:
    """One profile per author; the bio from their newest article wins."""
    newest_first = sorted(infos, reverse=True, key=lambda i: (
        i.seed.date is not None, i.seed.date, i.seed.name))
    chosen = {}
    for info in newest_first:
        for bio in info.seed.bios:
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
