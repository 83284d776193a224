"""The fast path for plain prose writes exactly what Python-Markdown writes."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.render.markdown import EXTENSIONS, converter, plain_html

_md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")


def _python_markdown(text: str) -> str:
    _md.reset()
    return _md.convert(text)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab &>.-#1)=+*_<`[\\;:“’—\n\t ", max_size=40))
def test_plain_fast_path_agrees_with_python_markdown(text: str) -> None:
    fast = plain_html(text)
    if fast is not None:
        assert fast == _python_markdown(text)


def test_typical_prose_takes_the_fast_path() -> None:
    text = "The council (CFC) met — “again” & voted 7–2.\n\nA second paragraph > first."
    assert plain_html(text) == _python_markdown(text)
    assert plain_html("Some *emphasis* here.") is None


def test_converter_handles_both_kinds() -> None:
    convert = converter()
    assert convert("Plain & simple.") == "<p>Plain &amp; simple.</p>"
    assert convert("Some *emphasis*.") == "<p>Some <em>emphasis</em>.</p>"
