"""Bodies converted ahead by a child process are the bodies rendering would make."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import Diagnostics, SiteError
from sitegen.incremental.bodies import convert_ahead
from sitegen.load import Article, parse_article, read_body
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

    monkeypatch.setattr("sitegen.incremental.bodies.markdown.body_html", broken)
    wait = convert_ahead([plain])
    assert wait is not None
    assert wait() is None


def test_a_body_changed_since_loading_is_refused_not_mixed_up(tmp_path: Path) -> None:
    """Render reads a body again at the offset found when loading; a file
    edited in between must not lend the page a piece of other text."""
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\n---\n\nThe first version.\n")
    article = parse_article(path, path.read_text(), Diagnostics())
    assert read_body(article) == "\nThe first version.\n"
    path.write_text("---\ntitle: A longer title\n---\n\nThe second version.\n")
    with pytest.raises(SiteError, match="changed during the build"):
        read_body(article)
