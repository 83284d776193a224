"""What ingest did, or would do with `--dry-run`, file by file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .store import Action


@dataclass
class IngestReport:
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
        if counts[Action.KEPT]:
            line += " (kept: edited by hand since ingest wrote them; -v lists them)"
        changed = Counter(a for a, _ in self.profiles if a is not Action.UNCHANGED)
        if changed:
            line += "; author profiles: " + ", ".join(f"{n} {a.value}" for a, n in changed.items())
        if self.orphaned:
            line += f"; {len(self.orphaned)} content files without seed (kept)"
        return line

    def as_unchanged(self) -> IngestReport:
        """This run's outcome as seen by a run right after it with nothing changed."""
        def settled(done: list[tuple[Action, Path]]) -> list[tuple[Action, Path]]:
            return [(Action.KEPT if a is Action.KEPT else Action.UNCHANGED, p) for a, p in done]

        return IngestReport(self.seeds, settled(self.articles), settled(self.profiles),
                            list(self.skipped), list(self.orphaned))
