"""Normalised seed text → blocks of lines, and blocks → paragraphs.

Blank lines separate blocks. Inside a block a line break is only a wrap
(the lines are joined into one paragraph) unless the lines are clearly
paragraphs of their own: a block with a line longer than any wrapped line
would be, a question or answer label ("Q:", "A.", "MARÍA: "), a list item,
a signature ("— Jane Doe") or an end mark ("###"). The head and tail
readers look at the lines; the body is made of the joined paragraphs.
"""

from __future__ import annotations

import re

Block = tuple[str, ...]

WRAP_WIDTH = 100  # a line longer than this was not wrapped by hand
_BLANK = re.compile(r"\n[ \t]*\n")
_OWN_LINE = re.compile(
    r"^(?:[QA][:.)]\s|(?:Q&A|Q & A)\b|[A-ZÀ-Þ][A-ZÀ-Þ .’'-]{1,30}:\s|[-*•·]\s|\d{1,2}[.)]\s"
    r"|(?:—|–|--)\s*\S|#\s?#\s?#|-\s?30\s?-)")
_SPEAKER = re.compile(r"^[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}:\s")


def blocks(text: str) -> list[Block]:
    """The blocks of `text`: runs of lines, split where a line is a paragraph of its own."""
    found: list[Block] = []
    for chunk in _BLANK.split(text):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if lines:
            found.extend(_split_block(lines))
    return found


def _split_block(lines: list[str]) -> list[Block]:
    if len(lines) == 1:
        return [tuple(lines)]
    by_line = any(len(line) > WRAP_WIDTH for line in lines) or _is_dialogue(lines)
    parts: list[list[str]] = []
    for line in lines:
        if not parts or by_line or _OWN_LINE.match(line):
            parts.append([line])
        else:
            parts[-1].append(line)
    return [tuple(part) for part in parts]


def _is_dialogue(lines: list[str]) -> bool:
    """Most lines start with a speaker ("Jane Doe: …"): an interview transcript."""
    return sum(1 for line in lines if _SPEAKER.match(line)) * 2 > len(lines)


def paragraph(block: Block) -> str:
    """A block as one line of prose."""
    return " ".join(" ".join(block).split())


def paragraphs(found: list[Block]) -> list[str]:
    return [p for p in map(paragraph, found) if p]
