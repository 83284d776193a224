"""A shard's index files, in Pagefind 1.5.2's format, written by us.

The files (each gzip'd CBOR after a signature, but the entry):

* `pagefind-entry.json`: the version, and per language the name of the
  metadata file, the stemmer's runtime (`wasm`) and the page count;
* `pagefind.<hash>.pf_meta`: `[version, pages, index chunks, filters,
  sorts, meta fields]`; pages `[fragment hash, word count]` in page
  order; chunks `[first word, last word, hash]`, the words cut to the
  shortest prefixes that still tell neighbours apart;
* `index/<hash>.pf_index`: `[[[word, pages, variants], …]]`, words in
  order, about 20,000 positions a chunk; a page is `[page number, locs,
  meta locs]`, page numbers as differences from the previous page of
  the word; `locs` the positions of the word, grouped by weight, each
  group led by `-(weight + 1)` and its positions after the first as
  differences; `meta locs` likewise by meta field, `-(field + 1)`;
  `variants` `[[accented form, pages], …]`;
* `filter/<hash>.pf_filter`: `[filter, [[value, [page numbers]], …]]`;
* `fragment/<hash>.pf_fragment`: a page's record as JSON: URL, text,
  word count, filters, meta, anchors.

Names are `<language>_` and the start of the SHA-1 of the uncompressed
bytes, as Pagefind names them, so the same pages give the same files.

Encoding is where the time would go in Python (a shard of 256 articles
has some 170,000 positions), so the positions are sorted and turned into
CBOR as numpy arrays; Python only joins the bytes of each word.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Sequence

import numpy as np
import orjson

from . import cbor
from .pagefind import VERSION as FORMAT_VERSION
from .words import INCLUDE_CHARACTERS, SLOTS, PageWords, Vocabulary

CHUNK_SIZE = 20_000  # Pagefind's default: positions (and pages) per index chunk


def bundle(pages: Sequence[PageWords], language: str, words: Vocabulary,
           wasm: str | None) -> dict[str, bytes]:
    """The index files of `pages` (relative path → bytes), runtime excluded."""
    pages = [p for p in pages if _indexes_something(p, words)]
    files: dict[str, bytes] = {}
    fragments = _fragments(pages, language, files)
    meta_fields = sorted({name for p in pages for name in p.fragment["meta"]})
    chunks = _index_chunks(pages, words, meta_fields, language, files)
    filters = _filters(pages, language, files)
    meta = cbor.encode([FORMAT_VERSION,
                        [[name, p.word_count] for name, p in zip(fragments, pages, strict=True)],
                        chunks, filters, [], meta_fields])
    meta_hash = f"{language}_{_sha1(meta)[:len(language) + 8]}"
    files[f"pagefind.{meta_hash}.pf_meta"] = cbor.pack(meta)
    files["pagefind-entry.json"] = json.dumps(
        {"version": FORMAT_VERSION,
         "languages": {language: {"hash": meta_hash, "wasm": wasm, "page_count": len(pages)}},
         "include_characters": INCLUDE_CHARACTERS},
        ensure_ascii=False, separators=(",", ":")).encode()
    return files


def _indexes_something(page: PageWords, words: Vocabulary) -> bool:
    """Pagefind leaves out a page whose text gives no word to index."""
    full, parts = words.full, words.parts
    return any(full[n] >= 0 or n in parts for n in page.pieces)


def _sha1(data: bytes) -> str:
    """Pagefind's `full_hash`: SHA-1, each byte in hex without its leading 0."""
    return "".join(f"{b:x}" for b in hashlib.sha1(data).digest())


def _name(language: str, data: bytes, taken: dict[str, bytes], folder: str,
          suffix: str) -> str:
    full = f"{language}_{_sha1(data)}"
    length = len(language) + 8
    while f"{folder}{full[:length]}{suffix}" in taken and length < len(full):
        length += 1
    return full[:length]


def _fragments(pages: Sequence[PageWords], language: str, files: dict[str, bytes]) -> list[str]:
    names = []
    for page in pages:
        data = orjson.dumps(page.fragment)  # as json.dumps(…, ensure_ascii=False, compact), faster
        name = _name(language, data, files, "fragment/", ".pf_fragment")
        files[f"fragment/{name}.pf_fragment"] = cbor.pack(data)
        names.append(name)
    return names


def _filters(pages: Sequence[PageWords], language: str,
             files: dict[str, bytes]) -> list[list[str]]:
    values: dict[str, dict[str, list[int]]] = {}
    for number, page in enumerate(pages):
        for name, found in page.fragment["filters"].items():
            for value in found:
                values.setdefault(name, {}).setdefault(value, []).append(number)
    listed = []
    for name in sorted(values):
        data = cbor.encode([name, [[v, values[name][v]] for v in sorted(values[name])]])
        file = _name(language, data, files, "filter/", ".pf_filter")
        files[f"filter/{file}.pf_filter"] = cbor.pack(data)
        listed.append([name, file])
    return listed


def _index_chunks(pages: Sequence[PageWords], words: Vocabulary, meta_fields: list[str],
                  language: str, files: dict[str, bytes]) -> list[list[str]]:
    locs = _positions(pages, words)
    metas = _meta_positions(pages, meta_fields)
    present = np.zeros(len(SLOTS.keys), dtype=bool)
    present[locs[0]] = True
    present[metas[0]] = True
    slots = np.flatnonzero(present)
    keys = [SLOTS.keys[s] for s in slots.tolist()]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    rank = np.empty(int(slots.max()) + 1 if len(slots) else 0, dtype=np.int64)
    rank[slots[order]] = np.arange(len(order))
    encoded = _Encoded(rank[locs[0]], locs[1:], rank[metas[0]], metas[1:], len(pages))
    sorted_keys = [keys[i] for i in order]
    return _chunk(sorted_keys, encoded, language, files)


def _positions(pages: Sequence[PageWords], words: Vocabulary) -> tuple[np.ndarray, ...]:
    """(slot, page, weight, position) of every indexed position, parts included."""
    pieces = np.concatenate([np.frombuffer(p.pieces, dtype=np.int32) for p in pages]
                            or [np.zeros(0, dtype=np.int32)]).astype(np.int64)
    lengths = np.array([len(p.pieces) for p in pages], dtype=np.int64)
    page = np.repeat(np.arange(len(pages)), lengths)
    starts = np.cumsum(lengths) - lengths
    position = np.arange(len(pieces)) - np.repeat(starts, lengths)
    runs = [run for p in pages for run in p.runs]
    weight = np.repeat(np.array([w for _, w in runs], dtype=np.int64),
                       np.array([c for c, _ in runs], dtype=np.int64))
    full = np.frombuffer(words.full, dtype=np.int32)[pieces].astype(np.int64)
    keep = full >= 0
    slot, page_of, weight_of, position_of = full[keep], page[keep], weight[keep], position[keep]
    more = _part_positions(words, pieces, page, weight, position)
    if more is None:
        return slot, page_of, weight_of, position_of
    return tuple(np.concatenate([a, b]) for a, b in
                 zip((slot, page_of, weight_of, position_of), more, strict=True))


def _part_positions(words: Vocabulary, pieces: np.ndarray, page: np.ndarray, weight: np.ndarray,
                    position: np.ndarray) -> tuple[np.ndarray, ...] | None:
    """(slot, page, weight, position) of the compound parts: each part at
    its compound's position, with the compound's weight shared among its
    parts (at least 1, unless the compound weighs nothing)."""
    if not words.parts:
        return None
    has_parts = np.zeros(len(words.full), dtype=bool)
    has_parts[np.fromiter(words.parts, dtype=np.int64, count=len(words.parts))] = True
    at = np.flatnonzero(has_parts[pieces])
    if not len(at):
        return None
    compounds, which = np.unique(pieces[at], return_inverse=True)
    parts_of = [words.parts[n] for n in compounds.tolist()]
    counts = np.array([len(parts) for parts in parts_of], dtype=np.int64)
    flat = np.fromiter(itertools.chain.from_iterable(parts_of), dtype=np.int64,
                       count=int(counts.sum()))
    n = counts[which]  # parts at each compound position
    first = np.repeat(np.cumsum(counts)[which] - n, n)  # of the position's parts in `flat`
    done = np.cumsum(n)
    nth = np.arange(int(done[-1])) - np.repeat(done - n, n)
    whole = weight[at]
    shared = np.where(whole != 0, np.maximum(1, whole // n), 0)
    return (flat[first + nth], np.repeat(page[at], n), np.repeat(shared, n),
            np.repeat(position[at], n))


def _meta_positions(pages: Sequence[PageWords], meta_fields: list[str]) -> tuple[np.ndarray, ...]:
    """(slot, page, meta field, position) of every word of the pages' meta."""
    field = {name: n for n, name in enumerate(meta_fields)}
    found = [(slot, page, field[name], position) for page, p in enumerate(pages)
             for slot, name, position in p.meta_words]
    if not found:
        return tuple(np.zeros(0, dtype=np.int64) for _ in range(4))
    return tuple(np.array(found, dtype=np.int64).T)


class _Encoded:
    """The CBOR of every (word, page) entry of a shard, in word order.

    `data[start[g]:start[g + 1]]` is page entry `g`; entries are sorted by
    word rank, then page; `rank[g]` and `items[g]` are its word's rank and
    its number of positions and markers plus one (Pagefind's chunk size)."""

    def __init__(self, loc_rank: np.ndarray, locs: tuple[np.ndarray, ...], meta_rank: np.ndarray,
                 metas: tuple[np.ndarray, ...], page_count: int) -> None:
        l_page, l_weight, l_pos = locs
        m_page, m_field, m_pos = metas
        loc_key, l_weight, l_pos = _sorted(loc_rank * page_count + l_page, l_weight, l_pos)
        meta_key, m_field, m_pos = _sorted(meta_rank * page_count + m_page, m_field, m_pos)
        loc_runs = _Runs(loc_key, l_weight, l_pos)
        meta_runs = _Runs(meta_key, m_field, m_pos)
        groups = _distinct(np.sort(np.concatenate([loc_runs.groups, meta_runs.groups])))
        n_loc = np.zeros(len(groups), dtype=np.int64)
        n_meta = np.zeros(len(groups), dtype=np.int64)
        loc_at = np.searchsorted(groups, loc_runs.groups)
        meta_at = np.searchsorted(groups, meta_runs.groups)
        n_loc[loc_at] = loc_runs.items
        n_meta[meta_at] = meta_runs.items
        per_group = 4 + n_loc + n_meta
        offset = np.cumsum(per_group) - per_group
        total = int(offset[-1] + per_group[-1]) if len(groups) else 0
        kind = np.zeros(total, dtype=np.uint8)
        value = np.zeros(total, dtype=np.int64)
        self.rank = groups // page_count
        page = groups % page_count
        delta = page.copy()
        same_word = np.flatnonzero(self.rank[1:] == self.rank[:-1]) + 1
        delta[same_word] -= page[same_word - 1]
        kind[offset], value[offset] = 4, 3
        value[offset + 1] = delta
        kind[offset + 2], value[offset + 2] = 4, n_loc
        kind[offset + 3 + n_loc], value[offset + 3 + n_loc] = 4, n_meta
        loc_runs.place(kind, value, (offset + 3)[loc_at])
        meta_runs.place(kind, value, (offset + 4 + n_loc)[meta_at])
        self.items = n_loc + n_meta + 1
        self.data, byte_at = _cbor_items(kind, value)
        self.start = np.append(byte_at[offset], len(self.data)).tolist()


class _Runs:
    """Sorted positions of (word, page) groups as CBOR items: each run of
    one weight (or meta field) led by its marker `-(key + 1)`, its first
    position absolute, the others as differences."""

    def __init__(self, group: np.ndarray, key: np.ndarray, position: np.ndarray) -> None:
        n = len(group)
        new_group = np.ones(n, dtype=bool)
        np.not_equal(group[1:], group[:-1], out=new_group[1:])
        starts = new_group.copy()
        starts[1:] |= key[1:] != key[:-1]
        self.value = position.copy()
        self.value[1:] -= position[:-1]
        self.value[starts] = position[starts]
        self.starts, self.key = starts, key
        first = np.flatnonzero(new_group)
        self.groups = group[first]
        step = starts.astype(np.int64) + 1  # an entry, and a marker before it when it starts a run
        done = np.cumsum(step)
        before = done[first] - step[first]
        self.items = np.diff(np.append(before, done[-1] if n else 0))
        lengths = np.diff(np.append(first, n))
        self.index = done - 1 - np.repeat(before, lengths)  # of each entry's item in its group
        self.lengths = lengths

    def place(self, kind: np.ndarray, value: np.ndarray, base: np.ndarray) -> None:
        """Write the items into `kind` and `value`, group g's from `base[g]`."""
        at = np.repeat(base, self.lengths) + self.index
        value[at] = self.value
        markers = at[self.starts] - 1
        kind[markers] = 1
        value[markers] = self.key[self.starts]


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of a sorted array."""
    if not len(values):
        return values
    return values[np.append(True, values[1:] != values[:-1])]


def _sorted(group: np.ndarray, key: np.ndarray,
            position: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The three arrays in the order of (group, key, position): packed into
    one number when they fit (one sort of plain numbers is several times
    faster than numpy's sort on several keys)."""
    if not len(group):
        return group, key, position
    key_bits = max(int(key.max()).bit_length(), 1)
    position_bits = max(int(position.max()).bit_length(), 1)
    if int(group.max()).bit_length() + key_bits + position_bits > 62:
        order = np.lexsort((position, key, group))
        return group[order], key[order], position[order]
    packed = np.sort((group << (key_bits + position_bits)) | (key << position_bits) | position)
    return (packed >> (key_bits + position_bits), (packed >> position_bits)
            & ((1 << key_bits) - 1), packed & ((1 << position_bits) - 1))


def _cbor_items(kind: np.ndarray, value: np.ndarray) -> tuple[bytes, np.ndarray]:
    """Each (major type, argument) as a CBOR head, shortest form; and where
    each starts. (Small types: these arrays are long, and numpy's passes over
    them are most of the encoding's time.)"""
    big = value >= 24
    size = big.astype(np.uint8) + np.uint8(1)
    size += value >= 256
    size += (value >= 65536) * np.uint8(2)
    byte_at = np.cumsum(size, dtype=np.int64)
    byte_at -= size
    out = np.zeros(int(byte_at[-1] + size[-1]) if len(size) else 0, dtype=np.uint8)
    # The head's first byte: the type, and the number or how many bytes follow (24, 25, 26).
    out[byte_at] = (kind << 5) | np.where(big, size + np.uint8(22) - (size == 5),
                                          value.astype(np.uint8))
    at = np.flatnonzero(big)
    wide, where, width = value[at], byte_at[at], size[at]
    for count in (2, 3, 5):
        chosen = np.flatnonzero(width == count)
        for b in range(1, count):
            out[where[chosen] + b] = (wide[chosen] >> (8 * (count - 1 - b))) & 255
    return out.tobytes(), byte_at


def _chunk(keys: list[tuple[str, str]], encoded: _Encoded, language: str,
           files: dict[str, bytes]) -> list[list[str]]:
    """Join the entries into words and the words into chunks of about
    CHUNK_SIZE; write the chunks; their [from, to, hash] for the metadata."""
    data, start = encoded.data, encoded.start
    bound = np.searchsorted(encoded.rank, np.arange(len(keys) + 1)).tolist()
    sizes = np.append(0, np.cumsum(encoded.items)).tolist()
    chunks: list[tuple[str, str, list[bytes]]] = []
    words: list[bytes] = []
    size, r = 0, 0
    while r < len(keys):
        stem = keys[r][0]
        plain, plain_pages = b"", 0
        if not keys[r][1]:
            plain, plain_pages = data[start[bound[r]]:start[bound[r + 1]]], bound[r + 1] - bound[r]
            size += sizes[bound[r + 1]] - sizes[bound[r]]
            r += 1
        variants = []
        while r < len(keys) and keys[r][0] == stem:
            variants.append(_array(2) + cbor.text(keys[r][1]) + _array(bound[r + 1] - bound[r])
                            + data[start[bound[r]]:start[bound[r + 1]]])
            r += 1
        if not words:
            first = stem
        words.append(_array(3) + cbor.text(stem) + _array(plain_pages) + plain
                     + _array(len(variants)) + b"".join(variants))
        if size >= CHUNK_SIZE:
            chunks.append((first, stem, words))
            words, size = [], 0
    if words:
        chunks.append((first, keys[-1][0], words))
    return _write_chunks(chunks, language, files)


_SHORT_ARRAYS = tuple(cbor.head(4, n) for n in range(256))


def _array(length: int) -> bytes:
    """The CBOR head of an array of `length` (a word's has few pages: from a table)."""
    return _SHORT_ARRAYS[length] if length < 256 else cbor.head(4, length)


def _write_chunks(chunks: list[tuple[str, str, list[bytes]]], language: str,
                  files: dict[str, bytes]) -> list[list[str]]:
    bounds = [[first, last] for first, last, _ in chunks]
    for a, b in itertools.pairwise(bounds):
        short_a, short_b = _prefixes(a[1], b[0])
        if short_a >= a[0]:
            a[1] = short_a
        b[0] = short_b
    listed = []
    for (first, last), (_, _, words) in zip(bounds, chunks, strict=True):
        data = cbor.head(4, 1) + cbor.head(4, len(words)) + b"".join(words)
        name = _name(language, data, files, "index/", ".pf_index")
        files[f"index/{name}.pf_index"] = cbor.pack(data)
        listed.append([first, last, name])
    return listed


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """Pagefind's `get_prefixes`: each word cut one character after the
    prefix they share."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return a[:common + 1], b[:common + 1]
