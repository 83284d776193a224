"""Stage 2, load: `content/` → validated `Article`s and `AuthorProfile`s.

Every content file is Markdown behind a YAML front matter block. Problems
are collected with file and line, so one run reports all of them. The
article body is not kept in memory (a large collection would not fit
comfortably); `read_body` fetches it when a page needs it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from . import frontmatter
from .assets import content_inputs, images_without_alt
from .confine import OUTSIDE, leads_outside
from .digest import digest
from .errors import Diagnostics, SiteError, refuse_odd_name
from .readinglists import ReadingList, check_slugs, is_list_file, parse_reading_list
from .slugs import slugify
from .text import reading_minutes, summarize
from .yamlfile import key_line, parse_mapping

AUTHORS_FOLDER = "authors"


# Articles, profiles and parse outcomes are cached by the thousand: plain
# (not slotted) dataclasses pickle several times faster.
@dataclass(frozen=True)
class Article:
    path: str  # the content file (text, not Path: the cache stores thousands)
    slug: str
    title: str
    date: dt.date | None
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    source: str | None
    url: str | None
    note: str | None
    draft: bool
    seed: str | None
    words: int
    body_start: int  # where the body starts in the file's text (newlines made `\n`)
    body_digest: str
    digest: str  # of the whole file and its path: changes whenever anything here does
    front_digest: str  # of everything but the body (which planning never reads)
    # of everything the article's view (its card, its links) shows: all but the body
    # text; a page that shows the article without its body changes only with this
    view_digest: str
    language: str | None = None  # when not the site's: the article's own
    # Fields of the schema given in the file that have no attribute above
    # (name, value): a theme shows them as `article.fields.<name>`.
    extra: tuple[tuple[str, Any], ...] = ()
    # A digest of each field of `DIGESTED` in turn (16 bytes each), with the
    # path: the engine knows from them which of the fields that planning
    # read changed (`incremental.reads`)
    field_digests: bytes = b""

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.words)


_ARTICLE_ATTRIBUTES = frozenset(f.name for f in fields(Article))
# The fields of an article that hold its front matter, each digested apart
# (`Article.field_digests`); the others change with its text.
DIGESTED = ("path", "slug", "title", "date", "authors", "tags", "summary", "source", "url",
            "note", "draft", "seed", "language", "extra")


@dataclass(frozen=True)
class AuthorProfile:
    path: str
    name: str
    slug: str
    email: str | None
    source: str | None
    bio: str  # Markdown


@dataclass(frozen=True)
class Content:
    articles: tuple[Article, ...]
    profiles: tuple[AuthorProfile, ...]
    lists: tuple[ReadingList, ...] = ()


def load_content(content_dir: Path, project_root: Path, diag: Diagnostics,
                 max_tags: int | None = None) -> Content:
    """Parse every content file below `content_dir`; problems go to `diag`.

    (A build loads through the engine, which reuses the parses of files
    that did not change: `parse_files`, then `gather`.)
    """
    if content_folder_missing(content_dir, diag):
        return Content((), ())
    parsed = parse_files((content_dir, project_root), content_files(content_dir))
    return gather([item for _, _, item in parsed], diag, max_tags)


def content_folder_missing(content_dir: Path, diag: Diagnostics) -> bool:
    if content_dir.is_dir():
        return False
    diag.error("content folder does not exist (run `sitegen ingest` first)", content_dir)
    return True


@dataclass(frozen=True)
class Parsed:
    """One file's outcome: the value, or the error, and its warnings."""

    value: Article | AuthorProfile | ReadingList | None
    warnings: tuple[SiteError, ...] = ()
    error: SiteError | None = None


def parse_files(folders: tuple[Path, Path],
                files: Sequence[tuple[str, str]]) -> list[tuple[str, str, Parsed]]:
    """(path, stamp, outcome) of each of `files` ((path, stamp) pairs from
    `content_files`); `folders`: the content folder and the project's."""
    content_dir, project_root = folders
    done = []
    for name, stamp in files:
        path = Path(name)
        diag = Diagnostics()
        try:
            refuse_odd_name(path)
            _refuse_outside_link(path, content_dir, project_root)
            text = _read_text(path)
            if path.parent.name == AUTHORS_FOLDER and path.parent.parent == content_dir:
                parsed = Parsed(parse_profile(path, text, diag), tuple(diag.warnings))
            elif is_list_file(path, content_dir):
                front, body, _ = split_front_matter(text, path)
                parsed = Parsed(parse_reading_list(path, front, body, diag),
                                tuple(diag.warnings))
            else:
                parsed = Parsed(parse_article(path, text, diag), tuple(diag.warnings))
        except SiteError as exc:
            parsed = Parsed(None, tuple(diag.warnings), exc)
        done.append((name, stamp, parsed))
    return done


def gather(parsed: Sequence[Parsed], diag: Diagnostics, max_tags: int | None,
           slugs: set[str] | None = None) -> Content:
    """The content of the files' outcomes; their problems go to `diag`.
    (`slugs`: of every article, when `parsed` are not all the files; the
    engine then knows there are no shared slugs.)

    An article with more than `max_tags` tags (`ingest.max_tags`, which
    applies to hand-written tags too) is an error: every tag is a page that
    lists the article, so a thousand tags made a site of gigabytes."""
    articles, profiles, lists = [], [], []
    for item in parsed:
        diag.warnings.extend(item.warnings)
        if item.error is not None:
            diag.add(item.error)
        elif isinstance(item.value, Article) and max_tags is not None and \
                len(item.value.tags) > max_tags:
            diag.add(_too_many_tags(item.value, max_tags))
        elif isinstance(item.value, Article):
            articles.append(item.value)
        elif isinstance(item.value, ReadingList):
            lists.append(item.value)
        elif item.value is not None:
            profiles.append(item.value)
    _refuse_shared_slugs(articles, "articles", diag)
    _refuse_shared_slugs(profiles, "author profiles", diag)
    _refuse_shared_slugs(lists, "reading lists", diag)
    check_slugs(lists, {a.slug for a in articles} if slugs is None else slugs, diag)
    return Content(tuple(articles), tuple(profiles), tuple(lists))


def _too_many_tags(article: Article, max_tags: int) -> SiteError:
    front = split_front_matter(_read_text(article.path), Path(article.path))[0]
    return SiteError(f"`tags` lists {len(article.tags)} tags; at most {max_tags} are allowed "
                     "(`ingest.max_tags` in the settings)", article.path,
                     key_line(front, "tags", first_line=2))


def content_files(content_dir: Path) -> list[tuple[str, str]]:
    """(path, stamp) of the `.md` files below `content_dir`, sorted.

    Names starting with `.` or `_` (backups, drafts kept aside) are skipped.
    The stamp changes whenever the file may have changed.
    """
    return sorted(content_inputs(content_dir, None)[0].items())


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """(front matter, body, where the body starts in `text`) of a content file's text."""
    if not text.startswith("---\n"):
        raise SiteError("missing front matter: the file must start with a `---` line", path, 1)
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        raise SiteError("front matter is not closed by a `---` line", path, 1)
    front = text[4:4 + end.start()]
    body_start = 4 + end.end() + 1
    return front, text[body_start:], body_start


def parse_article(path: Path, text: str, diag: Diagnostics) -> Article:
    front, body, body_start = split_front_matter(text, path)
    v = _read_front(front, path, frontmatter.ARTICLE, diag)
    slug = v["slug"] or slugify(path.stem)
    summary = v["summary"] or summarize(_first_paragraph(body))
    above = text.count("\n", 0, body_start)
    body_digest = digest(body)
    front_digest = digest(f"{path}\0{front}\0{summary}")
    words = body.count(" ") + body.count("\n")
    for line in images_without_alt(body):
        diag.warn("image without alt text: say what it shows, as in "
                  "`![A ferry at the quay](ferry.png)`", path, above + line)
    front_fields = dict(
        path=str(path), slug=slug, title=v["title"], date=v["date"],
        authors=v["authors"], tags=v["tags"], summary=summary,
        source=v["source"] or None, url=v["url"] or None, note=v["note"] or None,
        draft=v["draft"], seed=v["seed"] or None, language=v["language"],
        extra=tuple((f.name, v[f.name]) for f in frontmatter.ARTICLE
                    if f.curated and f.name not in _ARTICLE_ATTRIBUTES and v[f.name]))
    return Article(
        **front_fields, field_digests=_field_digests(front_fields),
        words=words, body_start=body_start, body_digest=body_digest,
        digest=_file_digest(path, text[:body_start], body_digest), front_digest=front_digest,
        view_digest=digest(f"{front_digest}\0{reading_minutes(words)}"),
    )


def _field_digests(values: dict[str, Any]) -> bytes:
    """16 bytes of BLAKE2b of each field of `DIGESTED`, with the path (so
    that two articles trading a title change the sum of title digests)."""
    start = hashlib.blake2b(values["path"].encode("utf-8", "surrogatepass"), digest_size=16)
    parts = []
    for name in DIGESTED:
        one = start.copy()
        one.update(f"\0{name}\0{values[name]!r}".encode("utf-8", "surrogatepass"))
        parts.append(one.digest())
    return b"".join(parts)


def parse_profile(path: Path, text: str, diag: Diagnostics) -> AuthorProfile:
    front, body, _ = split_front_matter(text, path)
    v = _read_front(front, path, frontmatter.PROFILE, diag)
    return AuthorProfile(path=str(path), name=v["name"], slug=slugify(v["name"]),
                         email=v["email"] or None, source=v["source"] or None, bio=body.strip())


def _read_front(front: str, path: Path, fields: tuple[frontmatter.Field, ...],
                diag: Diagnostics) -> dict[str, Any]:
    meta = parse_mapping(front, path, first_line=2)
    return frontmatter.read(meta, front, path, fields,
                            lambda line, message: diag.warn(message, path, line)).values


def read_body(article: Article) -> str:
    """The Markdown body of `article`, read again from its file at the
    offset found when it was loaded, once the file is checked against its
    digest: a file changed since must not lend the page a piece of other text."""
    text = _read_text(article.path)
    body = text[article.body_start:]
    if _file_digest(article.path, text[:article.body_start], digest(body)) != article.digest:
        raise SiteError("the file changed during the build; build again", article.path)
    return body


def _file_digest(path: Path | str, head: str, body_digest: str) -> str:
    """The digest of a whole content file and its path, from the digest of
    its body (so that the body, most of the file, is digested once)."""
    return digest(f"{path}\0{head}\0{body_digest}")


def _first_paragraph(body: str) -> str:
    for block in re.split(r"\n\s*\n", body.strip()):
        if block.strip() and not block.lstrip().startswith(("#", "<", "!", "|", "```")):
            return " ".join(_markdown_to_text(block).split())
    return ""


def _markdown_to_text(block: str) -> str:
    """Rough plain text of a Markdown paragraph, for an automatic summary."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", block)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    return re.sub(r"\\(.)", r"\1", text)


def _read_text(path: Path | str) -> str:
    try:
        with open(path, "rb", buffering=0) as file:  # unbuffered: whole files, fewer calls
            data = file.read()
    except OSError as exc:
        raise SiteError(f"cannot read: {exc.strerror}", path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SiteError(f"not UTF-8 text (byte {exc.start})", path) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse_outside_link(path: Path, content_dir: Path, project_root: Path) -> None:
    """The file, or a folder between `content_dir` and it, may be a link (see
    `confine`). (On strings: it runs for every file of a cold build.)"""
    step, top = str(path), str(content_dir)
    while step != top and step != os.path.dirname(step):
        if os.path.islink(step) and leads_outside(Path(step), project_root):
            raise SiteError(OUTSIDE, path)
        step = os.path.dirname(step)


def _refuse_shared_slugs(items: Sequence[Article] | Sequence[AuthorProfile]
                         | Sequence[ReadingList], what: str, diag: Diagnostics) -> None:
    """Two files that would make one page (`/articles/<slug>/`, `/authors/<slug>/`)
    are an error naming both: neither may silently replace the other."""
    first: dict[str, Article | AuthorProfile | ReadingList] = {}
    for item in items:
        other = first.setdefault(item.slug, item)
        if other is not item:
            diag.error(f"slug `{item.slug}` is also used by {other.path}; "
                       f"two {what} cannot share one URL", item.path)
