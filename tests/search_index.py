"""Reading a Pagefind bundle in tests: what it says, whoever wrote it, and
the bundle the Pagefind program itself makes of the same pages."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from sitegen.search import cbor, pagefind

Words = dict[str, dict[str, tuple[list[tuple[int, int]], list[tuple[str, int]]]]]


def bundle_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pagefind_bundle(pages: list[tuple[str, bytes]]) -> dict[str, bytes]:
    """The Pagefind program's bundle of `pages` (path in the site, HTML)."""
    requests = [{"type": "NewIndex", "config": None}]
    requests += [{"type": "AddFile", "index_id": 0, "url": "/" + page.removesuffix("index.html"),
                  "file_contents": html.decode(), "file_path": None} for page, html in pages]
    requests.append({"type": "GetFiles", "index_id": 0})
    answer = pagefind.converse(requests)
    return {f["path"]: base64.b64decode(f["content"]) for f in answer["files"]}


def meta_of(files: dict[str, bytes]) -> list:
    [name] = [p for p in files if p.endswith(".pf_meta")]
    return cbor.decode(cbor.unpack(files[name]))


def fragments(files: dict[str, bytes]) -> dict[str, dict]:
    """Each page's record, by URL, with the word count the metadata gives it."""
    found = {}
    for fragment, word_count in meta_of(files)[1]:
        record = json.loads(cbor.unpack(files[f"fragment/{fragment}.pf_fragment"]))
        found[record["url"]] = {**record, "listed_word_count": word_count}
    return found


def filters(files: dict[str, bytes]) -> dict[str, dict[str, list[str]]]:
    """Filter → value → the URLs of its pages."""
    meta = meta_of(files)
    urls = [json.loads(cbor.unpack(files[f"fragment/{f}.pf_fragment"]))["url"]
            for f, _ in meta[1]]
    found = {}
    for _, name in meta[3]:
        filter_name, values = cbor.decode(cbor.unpack(files[f"filter/{name}.pf_filter"]))
        found[filter_name] = {v: sorted(urls[p] for p in pages) for v, pages in values}
    return found


def words(files: dict[str, bytes]) -> Words:
    """Word (or (word, accented form)) → URL → ([(weight, position)],
    [(meta field, position)]), the differences the format stores undone."""
    meta = meta_of(files)
    urls = [json.loads(cbor.unpack(files[f"fragment/{f}.pf_fragment"]))["url"]
            for f, _ in meta[1]]
    found: Words = {}
    for _, _, name in meta[2]:
        [chunk] = cbor.decode(cbor.unpack(files[f"index/{name}.pf_index"]))
        for word, pages, variants in chunk:
            found[word] = _pages(pages, urls, meta[5])
            for form, variant_pages in variants:
                found[f"{word}/{form}"] = _pages(variant_pages, urls, meta[5])
    return found


def _pages(pages: list, urls: list[str], fields: list[str]) -> dict:
    out, number = {}, 0
    for delta, locs, meta_locs in pages:
        number += delta
        out[urls[number]] = (_runs(locs), [(fields[f], p) for f, p in _runs(meta_locs)])
    return out


def _runs(values: list[int]) -> list[tuple[int, int]]:
    found, key, last = [], 25, 0
    for value in values:
        if value < 0:
            key, last = -value - 1, 0
        else:
            last += value
            found.append((key, last))
    return sorted(found)
