"""Hostile input, property-based: any bytes or text through ingest and the
slug policy. Nothing crashes with anything but a `SiteError` naming the
file, slugs are always safe file names, and whatever ingest writes, the
build reads back without error."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.config import IngestRules
from sitegen.errors import Diagnostics, SiteError
from sitegen.ingest import run_ingest
from sitegen.ingest.decode import decode
from sitegen.ingest.parse import parse_seed
from sitegen.ingest.read import Failure, SeedFile, read_seed
from sitegen.load import load_content
from sitegen.slugs import MAX_LENGTH, slugify

WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                    *(f"lpt{i}" for i in range(10))}
FAST = settings(max_examples=300, deadline=None)
SLOW = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Lines in the shapes ingest reads closely (headers, bylines, dates, bios,
# a front-matter block), filled with arbitrary text, and arbitrary lines.
_words = st.text(min_size=0, max_size=40)
_line = st.one_of(
    _words,
    st.builds("By {} and {}".format, _words, _words),
    st.builds("Title: {}".format, _words),
    st.builds("Tags: {}".format, _words),
    st.builds("{} is a reporter with The {}.".format, _words, _words),
    st.builds("— {}".format, _words),
    st.sampled_from(["---", "...", "date 2025-03-03", "March 3, 2025", "###", "-30-",
                     "title: <script>alert(1)</script>", "slug: ../../etc", "tags: [a, [b]]",
                     "Published: 31/02/2025", "\x00", "\ufeff", "\u2028", "\r\n"]),
)
seed_text = st.lists(_line, max_size=25).map(lambda lines: "\n".join(lines))
# Bytes, often behind a byte order mark, which decides how the rest is read.
seed_bytes = st.builds(bytes.__add__, st.sampled_from([b"", b"\xff\xfe", b"\xfe\xff",
                                                       b"\xef\xbb\xbf"]), st.binary(max_size=3000))


@FAST
@given(st.text())
def test_slugs_are_safe_file_names_for_any_text(text: str) -> None:
    slug = slugify(text)
    assert 0 < len(slug) <= MAX_LENGTH
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug
    assert "/" not in slug and "\\" not in slug and ".." not in slug
    assert not any(ord(c) < 32 or ord(c) == 127 for c in slug)
    assert slug not in WINDOWS_RESERVED


@FAST
@given(seed_bytes)
def test_any_bytes_decode_to_text_or_a_site_error(data: bytes) -> None:
    try:
        text = decode(data, "seed.txt")
    except SiteError as exc:
        assert exc.path == "seed.txt"
    else:
        assert text and text == text.strip() and "\r" not in text


@FAST
@given(seed_text)
def test_any_text_parses_or_is_a_site_error(text: str) -> None:
    try:
        parse_seed(text, "seed.txt")
    except SiteError as exc:
        assert exc.path == "seed.txt"


@SLOW
@given(st.one_of(seed_bytes, seed_text.map(lambda t: t.encode("utf-8"))))
def test_reading_any_seed_file_never_crashes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "seed.txt")
        path.write_bytes(data)
        stat = path.stat()
        result = read_seed(SeedFile(path, stat.st_size, stat.st_mtime_ns), IngestRules())
        if isinstance(result, Failure):
            assert result.error.path == str(path)


@SLOW
@given(st.lists(seed_text, min_size=1, max_size=3))
def test_what_ingest_writes_the_build_reads_back(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "seeds").mkdir()
        for number, text in enumerate(texts):
            (root / "seeds" / f"seed {number}.txt").write_text(text, encoding="utf-8")
        ingest_diag = Diagnostics()
        run_ingest(root / "seeds", root / "content", IngestRules(), ingest_diag)
        if not (root / "content").is_dir():
            assert ingest_diag.errors  # nothing written: every seed was refused
            return
        diag = Diagnostics()
        content = load_content(root / "content", root, diag)
        assert not diag.errors, [str(e) for e in diag.errors]
        assert not diag.warnings, [str(w) for w in diag.warnings]
        assert len(content.articles) + len(ingest_diag.errors) >= 1
