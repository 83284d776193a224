"""Score ingest like an editor would, on the seeds in tests/fixtures/editorial/.

    python3 tests/editorial.py          # ingest them into a temp dir, print the scores

The seeds are prose written for these tests (news, a feature, opinion, a
press release, an interview, a newsletter, articles in Spanish, French,
German and Italian, text pasted through a wrong encoding, several bios in
one paragraph, a long title); `expected.yaml` says what an editor would
want from each. Scores: the share of headline keywords a generated title
contains, the share of the central people, places and organisations that
are tags, how many summaries open with their title (should be none), and
whether dates, explicit titles, authors and languages are exactly right.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.config import IngestRules  # noqa: E402
from sitegen.errors import Diagnostics  # noqa: E402
from sitegen.ingest import run_ingest  # noqa: E402
from sitegen.ingest.candidates import key  # noqa: E402
from sitegen.load import split_front_matter  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "editorial"
_WORD = re.compile(r"[\w’']+")


@dataclass
class Scores:
    keywords: list[bool] = field(default_factory=list)
    entities: list[bool] = field(default_factory=list)
    summaries_opening_with_title: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # dates, titles, authors, languages, noise

    @property
    def keyword_rate(self) -> float:
        return sum(self.keywords) / len(self.keywords)

    @property
    def entity_recall(self) -> float:
        return sum(self.entities) / len(self.entities)

    def lines(self) -> list[str]:
        return [f"generated-title keywords: {self.keyword_rate:.0%} "
                f"({sum(self.keywords)}/{len(self.keywords)})",
                f"tag entity recall: {self.entity_recall:.0%} "
                f"({sum(self.entities)}/{len(self.entities)})",
                f"summaries opening with the title: {len(self.summaries_opening_with_title)}",
                f"wrong dates/titles/authors/languages/tags: {len(self.wrong)}",
                *(f"  {w}" for w in self.wrong)]


def ingested(folder: Path) -> dict[str, dict[str, Any]]:
    """Ingest every seed of the editorial set into `folder`; seed name → front matter."""
    seeds = folder / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, seeds / path.name)
    run_ingest(seeds, folder / "content", IngestRules(), Diagnostics())
    found = {}
    for path in (folder / "content").glob("*.md"):
        front, _, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
        meta = yaml.safe_load(front)
        found[meta["seed"]] = meta
    return found


def expected() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((SEEDS / "expected.yaml").read_text(encoding="utf-8"))


def score(found: dict[str, dict[str, Any]], wanted: dict[str, dict[str, Any]]) -> Scores:
    scores = Scores()
    for name, want in sorted(wanted.items()):
        meta = found[name]
        title = meta["title"]
        if "title" in want and title != want["title"]:
            scores.wrong.append(f"{name}: title {title!r}")
        for keyword in want.get("keywords", ()):
            hit = any(k.casefold() in title.casefold() for k in keyword.split("|"))
            scores.keywords.append(hit)
        tags = {key(t) for t in meta["tags"]}
        scores.entities.extend(any(key(a) in tags for a in e.split("|"))
                               for e in want["entities"])
        scores.wrong.extend(f"{name}: tag {t!r} (not what it is about)"
                            for t in want.get("not_tags", ()) if key(t) in tags)
        if opens_with(meta["summary"], title):
            scores.summaries_opening_with_title.append(name)
        if str(meta["date"]) != str(want["date"]):
            scores.wrong.append(f"{name}: date {meta['date']}")
        if meta["authors"] != want["authors"]:
            scores.wrong.append(f"{name}: authors {meta['authors']}")
        if meta.get("language") != want.get("language"):
            scores.wrong.append(f"{name}: language {meta.get('language')}")
        if want.get("summary_has", "") not in meta["summary"]:
            scores.wrong.append(f"{name}: summary {meta['summary']!r}")
    return scores


def opens_with(summary: str, title: str) -> bool:
    """Whether the summary starts with the title's first words (five, or all when fewer)."""
    title_words = [w.casefold() for w in _WORD.findall(title)][:5]
    return [w.casefold() for w in _WORD.findall(summary)][:len(title_words)] == title_words


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        found = ingested(Path(folder))
    for name, meta in sorted(found.items()):
        print(f"{name}\n  title: {meta['title']}\n  tags: {meta['tags']}\n"
              f"  summary: {meta['summary'][:140]}")
    print("\n".join(score(found, expected()).lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
