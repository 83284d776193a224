"""A reading list as an EPUB 3 book: the curator's introduction with the
contents, then each article's full text with its list note, in order.

`ebooklib` writes the package (OPF, navigation document, NCX); each
chapter's body is rendered by the `epub.xhtml` template, so a project may
restyle it like any page. The book is reproducible: its modification date
is the newest article's, and every zip entry carries a fixed time, so the
same list gives the same bytes on every build.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

if TYPE_CHECKING:
    from ebooklib import epub

EPUB_TEMPLATE = "epub.xhtml"
# Links to paths of the site (notes, bodies) leave the book: they need the host.
_SITE_LINK = re.compile(r'((?:href|src)=")/(?!/)')
_ORIGIN = re.compile(r"^[a-z][a-z0-9+.-]*://[^/]*", re.IGNORECASE)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
_STYLE = """body { font-family: serif; line-height: 1.5; }
h1 { line-height: 1.2; }
.meta, .note-label { color: #555; font-size: 0.9em; }
.note { margin: 1em 0; padding: 0.5em 1em; border-left: 3px solid #888; }
"""


def render_epub(env: jinja2.Environment, context: dict[str, Any],
                bodies: dict[str, Markup]) -> bytes:
    """The EPUB of the reading list in `context` (`list`, `items`), as bytes.
    (ebooklib is imported here: it brings lxml, and most builds make no book.)"""
    from ebooklib import epub

    site = env.globals["site"]
    reading_list, items = context["list"], context["items"]
    template = env.get_template(EPUB_TEMPLATE)
    book = epub.EpubBook()
    book.set_identifier(reading_list.absolute_url)
    book.set_title(reading_list.title)
    book.set_language(site.language)
    book.add_author(site.title)
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css",
                          content=_STYLE)
    book.add_item(style)
    origin = _ORIGIN.match(site.base_url).group(0)  # type: ignore[union-attr]

    def chapter(name: str, title: str, **values: Any) -> epub.EpubHtml:
        html = template.render(list=reading_list, items=items, **values)
        return _chapter(book, style, name, title, site.language,
                        _SITE_LINK.sub(lambda m: m.group(1) + origin + "/", html))

    chapters = [chapter("intro.xhtml", reading_list.title, item=None)]
    for item in items:
        entry = item["entry"]
        chapters.append(chapter(f"chapter-{item['number']}.xhtml", entry.title, item=item,
                                body=bodies[entry.slug]))
    book.toc = [epub.Link(c.file_name, c.title, c.id) for c in chapters]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    newest = max((i["entry"].date for i in items if i["entry"].date), default=dt.date(1970, 1, 1))
    written = io.BytesIO()
    epub.write_epub(written, book, {"mtime": dt.datetime.combine(newest, dt.time()),
                                    "epub2_guide": False})
    return _fixed_times(written.getvalue())


def _chapter(book: epub.EpubBook, style: epub.EpubItem, name: str, title: str, language: str,
             html: str) -> epub.EpubHtml:
    from ebooklib import epub

    chapter = epub.EpubHtml(title=title, file_name=name, lang=language,
                            uid=name.removesuffix(".xhtml"))
    chapter.content = html
    chapter.add_item(style)
    book.add_item(chapter)
    return chapter


def _fixed_times(data: bytes) -> bytes:
    """The zip `data` again, every entry with the same time (ebooklib stamps the
    time of writing), the uncompressed `mimetype` first as EPUB requires."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
