"""YAML that explodes, nests or repeats itself: a located error, never an
exception from inside PyYAML, a crash or gigabytes of memory."""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap

import pytest

from sitegen.errors import SiteError
from sitegen.yamlfile import parse_mapping

LAUGHS = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)) + "date: *a9\n"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("title: x\ndate: 2026-02-30\n", 3, "`2026-02-30` is not a real date"),
    ("date: 2025-13-01\n", 2, "`2025-13-01` is not a real date"),
    ("title: x\n\ndate: 2025-01-01T25:61:00\n", 4, "is not a real date"),
    ("n: " + "9" * 5000 + "\n", 2, "is too long a number"),
    ("title: a\nsource: x\nnote: y\nsource: z\n", 5, "`source` is given twice (lines 3 and 5)"),
    ("ingest:\n  max_tags: 1\n  max_tags: 2\n", 4, "`max_tags` is given twice (lines 3 and 4)"),
    (LAUGHS, None, "once its aliases are expanded"),
    ("a: " + "[" * 40 + "]" * 40 + "\n", 2, "nested too deeply"),
    ("a: " + "[" * 400 + "]" * 400 + "\n", 2, "nested too deeply"),
    ("".join(" " * i + "- \n" for i in range(600)), 2, "nested too deeply"),
    ("a: &a [1, *a]\n", 2, "an alias refers to the list or mapping that contains it"),
    ("tags: [" + ", ".join(["t"] * 10_001) + "]\n", 2, "10,001 items"),
    ("title: " + "x" * 1_000_001 + "\n", 2, "characters long"),
])
def test_bad_yaml_is_a_located_error(text: str, line: int | None, message: str) -> None:
    with pytest.raises(SiteError) as caught:
        parse_mapping(text, "a.md", first_line=2)
    assert caught.value.path == "a.md" and message in caught.value.message
    assert caught.value.line == line if line is not None else caught.value.line >= 2


def test_thirty_thousand_levels_do_not_crash_the_c_parser() -> None:
    """Given to libyaml, this kills the process (exit 139); it never gets there."""
    script = textwrap.dedent("""
        from sitegen.errors import SiteError
        from sitegen.yamlfile import parse_mapping
        try:
            parse_mapping("a: " + "[" * 30000 + "]" * 30000 + "\\n", "a.md")
        except SiteError as exc:
            print(exc)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and "a.md:1: YAML nested too deeply" in result.stdout


def test_a_billion_laughs_takes_no_memory() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(SiteError):
        parse_mapping(LAUGHS, "a.md")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB


def test_anchors_within_the_limits_still_load() -> None:
    data = parse_mapping("base: &b [x, y]\ntags: *b\ndate: 2024-02-29\n", "a.md")
    assert data["tags"] == ["x", "y"] and str(data["date"]) == "2024-02-29"
