"""Property-based: the real command line, driven with generated front matter,
settings, seed names and seeds (impossible dates, odd numbers, nulls, deep
nesting, repeated keys, anchors, huge values, wrong types, odd encodings),
always ends in exit 0 or 1, never prints a traceback, stays within time and
memory, and leaves the previous site untouched whenever it fails.

Hypothesis runs with a fixed seed (`derandomize`), so every run tries the
same examples; each is one `build` or `ingest` process in a copy of the
built sample project.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import BUILD_PY, copy_project, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MEMORY = 2 * 1024 ** 3  # bytes of address space each run may use
SECONDS = 30  # each run must end within this
ARTICLE = "content/port-averill-health-officials-have-advised-people.md"
PROFILE = "content/authors/marisol-t-echeverria.md"

_ODD_VALUES = [
    "2026-02-30", "2025-13-01", "2025-01-01T25:61:00", "2024-02-29", "1999-12-31 23:59:59",
    "~", "null", "", "true", "no", "0x1F", "0o777", "1e999", "-.inf", ".nan", "-5", "0",
    "9" * 5000, "[]", "{}", "[a, [b, [c]]]", "{a: 1, b: [2]}", "&anchor [1, 2]", "*anchor",
    "*undefined", "!!python/object/apply:os.system [ls]", "!!binary aGVsbG8=", "'unterminated",
    '"\\x00 \\u2028 \\ud800"', "|\n  a block\n  of text", ">-\n  folded", "<script>x</script>",
    "[" * 33 + "]" * 33, "[" * 400 + "]" * 400, "[" * 30_000 + "]" * 30_000,
    "[" + ", ".join(["t"] * 400) + "]", "[" + ", ".join(["t"] * 12_000) + "]",
    "x" * 100_000, "https://[::1", "http://example.org/a b", "en\"x", "zh-Hant-TW",
]
_LAUGHS = "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9))
_KEYS = ["title", "date", "authors", "tags", "summary", "source", "url", "note", "slug",
         "draft", "seed", "name", "email", "per_page", "feed_entries", "language", "base_url",
         "search", "raw_html", "output_dir", "cache_dir", "unknown_key", "<<", "? [a]"]

values = st.one_of(
    st.sampled_from(_ODD_VALUES),
    st.text(max_size=40).map(lambda text: json.dumps(text)),  # any text, quoted
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),  # unquoted
    st.integers().map(str),
    st.floats().map(str),
    st.lists(st.sampled_from(["a", "b", "2024-01-01", "~", "[x]", "{y: z}"]),
             max_size=12).map(lambda items: "[" + ", ".join(items) + "]"),
)
# Documents as text, so that they can repeat a key or hold what no dumper writes.
documents = st.lists(st.tuples(st.sampled_from(_KEYS), values), max_size=8).map(
    lambda pairs: "".join(f"{key}: {value}\n" for key, value in pairs))
documents = st.one_of(documents, documents.map(lambda doc: "a0: &a0 [x, x]\n" + _LAUGHS + doc),
                      st.sampled_from(["- a list\n- not a mapping\n", "just text\n", "{",
                                       "title: x\ntitle: y\n", "\t tab: indented\n"]))
seed_names = st.one_of(
    st.text(alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
            min_size=1, max_size=30).map(lambda name: name.encode("utf-8")[:120]),
    st.binary(min_size=1, max_size=30).map(lambda name: name.replace(b"/", b"_")
                                          .replace(b"\x00", b"_")),
).filter(lambda name: name not in (b".", b".."))
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])
seed_bodies = st.one_of(
    st.builds(lambda doc, text, encoding: (f"---\n{doc}---\n{text}\n").encode(
        encoding, "replace"), documents, st.text(max_size=400), encodings),
    st.binary(max_size=2000),
)
# One change to the project, and the command to run after it.
changes = st.one_of(
    st.tuples(st.just("front matter"), documents, st.sampled_from(["build", "no-ingest"])),
    st.tuples(st.just("profile"), documents, st.just("no-ingest")),
    st.tuples(st.just("config"), documents, st.sampled_from(["build", "no-ingest", "ingest"])),
    st.tuples(st.just("ingest rules"), documents, st.sampled_from(["build", "ingest"])),
    st.tuples(st.just("seed"), st.tuples(seed_names, seed_bodies),
              st.sampled_from(["build", "keep-going", "ingest"])),
)
COMMANDS = {"build": ["build"], "no-ingest": ["build", "--no-ingest"],
            "keep-going": ["build", "--keep-going"], "ingest": ["ingest"]}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project, built (without search: each run is one build)."""
    root = copy_project(tmp_path_factory.mktemp("properties") / "project")
    config = root / "config.yaml"
    config.write_text(config.read_text().replace("search: true", "search: false"))
    run_cli("build", cwd=root, check=True)
    return root


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _apply(project: Path, kind: str, change: object) -> None:
    if kind in ("front matter", "profile"):
        path = project / (ARTICLE if kind == "front matter" else PROFILE)
        body = path.read_text().split("\n---\n", 1)[1]
        path.write_text(f"---\n{change}---\n{body}", encoding="utf-8")
    elif kind == "config":
        with (project / "config.yaml").open("a", encoding="utf-8") as file:
            file.write(str(change))
    elif kind == "ingest rules":
        config = project / "config.yaml"
        text = config.read_text().split("ingest:\n")[0]
        indented = "".join(f"  {line}\n" for line in str(change).splitlines())
        config.write_text(f"{text}ingest:\n{indented}", encoding="utf-8")
    else:
        name, data = change  # type: ignore[misc]
        Path(os.fsdecode(os.fsencode(project / "seeds") + b"/" + name)).write_bytes(data)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


@settings(max_examples=int(os.environ.get("SITEGEN_CLI_EXAMPLES", "60")), deadline=None,
          derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(changes)
def test_the_command_line_never_crashes(base: Path, change: tuple[str, object, str]) -> None:
    kind, what, command = change
    with tempfile.TemporaryDirectory() as folder:
        project = Path(shutil.copytree(base, Path(folder) / "project", symlinks=True))
        before = _snapshot(project / "site")
        _apply(project, kind, what)
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(BUILD_PY), *COMMANDS[command]],
                                cwd=project, capture_output=True, timeout=SECONDS * 2,
                                preexec_fn=_limits)
        took = time.monotonic() - started
        output = (result.stdout + result.stderr).decode("utf-8", "replace")
        assert result.returncode in (0, 1), output
        assert "Traceback" not in output and "internal error" not in output, output
        assert took < SECONDS, f"{took:.1f} s"
        if result.returncode == 1:
            assert "error: " in output
            assert _snapshot(project / "site") == before, "a failed run changed the site"
