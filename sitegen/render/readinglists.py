"""The pages of reading lists: `/lists/`, and for each list its page, its
Atom feed and its EPUB; and each article's place in the lists it is on.

A list's articles keep the curator's order everywhere, each with the
note the curator gave it in the list (inline Markdown, like an article's
note).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

from ..collect import Collection, Shelf
from ..urls import Urls, output_path
from . import views
from .epub import EPUB_TEMPLATE
from .feeds import feed_page
from .pages import Page, SiteView, Views


def with_lists(v: Views, collection: Collection, urls: Urls,
               markdown_html: Callable[[str], str]) -> Views:
    """`v` with a view of every reading list and each listed article's places."""
    lists = {shelf.source.slug: views.list_view(
        shelf.source.slug, shelf.source.title, shelf.source.summary,
        markdown_html(shelf.source.intro) if shelf.source.intro else "", len(shelf.items), urls)
        for shelf in collection.lists}
    places: dict[str, list[dict[str, Any]]] = {}
    for shelf in collection.lists:
        refs = [v.articles[article.slug] for article, _ in shelf.items]
        for number, ref in enumerate(refs, 1):
            places.setdefault(ref.slug, []).append({
                "list": lists[shelf.source.slug], "number": number, "count": len(refs),
                "previous": refs[number - 2] if number > 1 else None,
                "next": refs[number] if number < len(refs) else None,
            })
    return dataclasses.replace(v, lists=lists,
                               places={slug: tuple(found) for slug, found in places.items()})


def plan_lists(collection: Collection, site: SiteView, v: Views, urls: Urls) -> Iterator[Page]:
    """The index of lists, then each list's page."""
    yield Page(output_path(urls.lists()), "lists.html", {
        "page": views.page_info("Reading lists", "Articles chosen and ordered by the curator, "
                                "to read one after another.", urls.lists(), urls, kind="lists",
                                feed=urls.feed(), feed_title=site.title,
                                updated=views.newest([a.date for shelf in collection.lists
                                                      for a, _ in shelf.items])),
        "lists": tuple(v.lists[shelf.source.slug] for shelf in collection.lists),
    })
    for shelf in collection.lists:
        relative = urls.reading_list(shelf.source.slug)
        view = v.lists[shelf.source.slug]
        description = shelf.source.summary or f"A reading list of {view.count} articles."
        yield Page(output_path(relative), "reading-list.html", {
            "page": views.page_info(shelf.source.title, description, relative, urls,
                                    kind="list", feed=urls.feed(relative),
                                    feed_title=views.feed_title(site.title, shelf.source.title),
                                    updated=views.newest([a.date for a, _ in shelf.items])),
            "list": view,
            "items": _items(shelf, v, urls),
            "save_script_url": urls.path(urls.static("save-list.js")),
        })


def plan_list_files(collection: Collection, v: Views, urls: Urls,
                    site_title: str) -> Iterator[Page]:
    """Each list's Atom feed (its dated articles in the list's order) and EPUB."""
    for shelf in collection.lists:
        relative = urls.reading_list(shelf.source.slug)
        view = v.lists[shelf.source.slug]
        items = _items(shelf, v, urls)
        yield feed_page([a for a, _ in shelf.items if a.date], relative,
                        views.feed_title(site_title, shelf.source.title), v, urls,
                        notes={item["entry"].slug: item["note_html"] for item in items})
        yield Page(urls.ebook(shelf.source.slug), EPUB_TEMPLATE, {"list": view, "items": items},
                   bodies=tuple(item["entry"] for item in items))


def _items(shelf: Shelf, v: Views, urls: Urls) -> tuple[dict[str, Any], ...]:
    return tuple({"number": number, "entry": v.articles[article.slug],
                  "note_html": views.note_html(note, urls)}
                 for number, (article, note) in enumerate(shelf.items, 1))
