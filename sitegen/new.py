"""`sitegen new "Title"`: start a hand-written article with its front matter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import frontmatter
from .errors import SiteError
from .ingest.store import write_atomic
from .slugs import slugify


def new_article(content_dir: Path, title: str, today: dt.date, draft: bool = True) -> Path:
    """Write `content/<slug>.md` for `title`; refuses to replace a file."""
    if not title.strip():
        raise SiteError("the title is empty")
    path = content_dir / f"{slugify(title)}.md"
    if path.exists():
        raise SiteError("a content file with this slug exists already; choose another title", path)
    meta = {"title": title.strip(), "date": today, "authors": [], "tags": [], "summary": "",
            "draft": draft}
    write_atomic(path, f"---\n{frontmatter.yaml_lines(meta)}---\n\nWrite the article here.\n")
    return path
