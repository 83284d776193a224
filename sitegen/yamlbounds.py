"""Limits on a YAML document, checked before PyYAML builds any value.

YAML can describe far more than it spells out: nine nested aliases
(`a1: &a1 [*a0, *a0, …]`) stand for a billion values, and a few kilobytes
of brackets nest deeper than the parser's stack. Front matter and
settings need none of that, so a document is refused, with the line of
the offending part, when it passes any of these limits:
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import SiteError

MAX_CHARS = 1_000_000  # characters in one document
MAX_DEPTH = 32  # lists and mappings inside each other
MAX_VALUES = 100_000  # values in the document once every alias is expanded
MAX_ITEMS = 10_000  # items in one list or mapping

_BRACKETS = re.compile(r"[^\[\]{}]+")
_DEEP_INDENT = re.compile(rf"^[ \t?:-]{{{10 * MAX_DEPTH + 1},}}", re.MULTILINE)


def check_text(text: str, path: str | Path, first_line: int) -> None:
    """Refuse a document too long, or nested too deeply to give to the parser.

    The C parser nests one native call per level and crashes the process
    at about 30,000; the pure-Python one raises `RecursionError` at a few
    hundred. The estimate here (the most brackets open at once, or the
    widest indentation) is at least a quarter of the real depth, far below
    either failure; the exact depth is checked on the parsed nodes.
    """
    if len(text) > MAX_CHARS:
        raise SiteError(f"YAML block is {len(text):,} characters long; at most {MAX_CHARS:,} "
                        "are allowed", path, first_line)
    depth = deepest = 0
    for bracket in _BRACKETS.sub("", text):
        depth = max(0, depth + (1 if bracket in "[{" else -1))
        deepest = max(deepest, depth)
    if deepest > 10 * MAX_DEPTH or _DEEP_INDENT.search(text):
        raise SiteError(f"YAML nested too deeply (at most {MAX_DEPTH} levels)", path, first_line)


def check_nodes(root: yaml.Node, path: str | Path, first_line: int) -> None:
    """Check the parsed (not yet built) document: depth, size with aliases
    expanded, items per collection, keys given twice, aliases that contain
    themselves. Each node is visited once; an alias is the same node object
    as its anchor, so its expanded size is counted without expanding it."""
    if isinstance(root, yaml.MappingNode) and _flat_and_small(root):
        _refuse_repeated_keys(root, path, first_line)
        return
    sizes: dict[int, tuple[int, int]] = {}  # id(node) → (values, depth)
    pending: dict[int, list[yaml.Node]] = {}  # children of the nodes being measured
    stack = [root]
    while stack:
        node = stack[-1]
        key = id(node)
        if key in sizes:
            stack.pop()
        elif key in pending:
            stack.pop()
            sizes[key] = _measure(node, pending.pop(key), sizes, path, first_line)
        else:
            children = _children(node, path, first_line)
            pending[key] = children
            for child in children:
                if id(child) in pending:
                    _fail("an alias refers to the list or mapping that contains it", child,
                          path, first_line)
                stack.append(child)


def _flat_and_small(root: yaml.MappingNode) -> bool:
    """Most front matter: text keys whose values are text or lists of text,
    within the limits. (The general walk below costs as much as parsing.)"""
    values = 1 + 2 * len(root.value)
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode):
            return False
        if isinstance(value, yaml.SequenceNode):
            if len(value.value) > MAX_ITEMS or \
                    not all(isinstance(item, yaml.ScalarNode) for item in value.value):
                return False
            values += len(value.value)
        elif not isinstance(value, yaml.ScalarNode):
            return False
    return len(root.value) <= MAX_ITEMS and values <= MAX_VALUES


def _children(node: yaml.Node, path: str | Path, first_line: int) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        items = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        _refuse_repeated_keys(node, path, first_line)
        items = [part for pair in node.value for part in pair]
    else:
        return []
    if len(node.value) > MAX_ITEMS:
        _fail(f"a list or mapping of {len(node.value):,} items; at most {MAX_ITEMS:,} "
              "are allowed", node, path, first_line)
    return items


def _measure(node: yaml.Node, parts: list[yaml.Node], sizes: dict[int, tuple[int, int]],
             path: str | Path, first_line: int) -> tuple[int, int]:
    values = 1 + sum(sizes[id(part)][0] for part in parts)
    depth = 1 + max((sizes[id(part)][1] for part in parts), default=0) \
        if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) else 0
    if depth > MAX_DEPTH:
        _fail(f"YAML nested too deeply (at most {MAX_DEPTH} levels)", node, path, first_line)
    if values > MAX_VALUES:
        _fail(f"this value stands for {values:,} values once its aliases are expanded; "
              f"at most {MAX_VALUES:,} are allowed", node, path, first_line)
    return values, depth


def _refuse_repeated_keys(node: yaml.MappingNode, path: str | Path, first_line: int) -> None:
    """A key given twice is a mistake PyYAML would hide (the last one wins)."""
    seen: dict[tuple[str, str], yaml.Node] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        first = seen.setdefault((key.tag, key.value), key)
        if first is not key:
            _fail(f"`{key.value}` is given twice (lines {first_line + first.start_mark.line} "
                  f"and {first_line + key.start_mark.line}); keep one", key, path, first_line)


def _fail(message: str, node: yaml.Node, path: str | Path, first_line: int) -> None:
    mark = node.start_mark
    raise SiteError(message, path, first_line + mark.line, mark.column + 1)
