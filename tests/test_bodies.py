"""Bodies converted ahead by a child process are the bodies rendering would make."""

from __future__ import annotations

from pathlib import Path

from sitegen.errors import Diagnostics
from sitegen.load import Article, parse_article
from sitegen.render.bodies import convert_ahead
from sitegen.render.markdown import body_html


def _article(folder: Path, name: str, body: str) -> Article:
    path = folder / f"{name}.md"
    path.write_text(f"---\ntitle: {name}\n---\n{body}", encoding="utf-8")
    return parse_article(path, path.read_text(encoding="utf-8"), Diagnostics())


def test_bodies_converted_ahead_equal_the_renderers_and_name_python_markdowns(
        tmp_path: Path) -> None:
    plain = _article(tmp_path, "plain", "Plain prose & more.\n\nA second paragraph.\n")
    marked = _article(tmp_path, "marked", "Some *emphasis*.\n\n- a list\n- of two\n")
    twin = _article(tmp_path, "twin", "Plain prose & more.\n\nA second paragraph.\n")
    gone = _article(tmp_path, "gone", "Deleted before rendering.\n")
    Path(gone.path).unlink()

    wait = convert_ahead([plain, marked, twin, gone])
    assert wait is not None
    bodies = wait()
    assert bodies is not None

    assert bodies[plain.body_digest] == "<p>Plain prose &amp; more.</p>\n<p>A second paragraph.</p>"
    assert bodies[marked.body_digest] == body_html("Some *emphasis*.\n\n- a list\n- of two\n")[0]
    assert "<em>emphasis</em>" in bodies[marked.body_digest]
    assert len(bodies) == 2  # the twin's body is the plain one; the gone one is left to rendering
    assert bodies.by_python_markdown() == {marked.body_digest: bodies[marked.body_digest]}


def test_a_child_that_fails_gives_no_bodies(tmp_path: Path, monkeypatch) -> None:
    plain = _article(tmp_path, "plain", "Plain prose.\n")

    def broken(text: str) -> tuple[str, bool]:
        raise RuntimeError("the child dies")

    monkeypatch.setattr("sitegen.render.bodies.markdown.body_html", broken)
    wait = convert_ahead([plain])
    assert wait is not None
    assert wait() is None
