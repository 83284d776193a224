"""YAML parsing that reports problems as `file:line:col: message`.

PyYAML's C loader is used when it is installed (it parses front matter
many times faster); the pure-Python loader is the fallback. A document is
checked against the limits of `yamlbounds` (size, nesting, aliases, repeated
keys) before any value is built, and a value that cannot be built (an
impossible date such as 2026-02-30, a number too long to read) is an error
at its own line, never an exception from deep inside PyYAML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .errors import SiteError, shown
from .yamlbounds import check_nodes, check_text

try:
    _Base: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """The safe loader whose scalar constructors report values they cannot build."""


class _BadValue(yaml.MarkedYAMLError):
    """A scalar PyYAML recognised (a date, a number) but could not build."""


def _checked(construct: Callable[[Any, yaml.Node], Any], why: Callable[[Exception], str],
             ) -> Callable[..., Any]:
    def build(loader: Any, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError) as exc:
            raise _BadValue(problem=f"`{_short(node.value)}` {why(exc)}",
                            problem_mark=node.start_mark) from None
    return build


for _tag, _why in (("timestamp", lambda exc: f"is not a real date ({exc})"),
                   ("int", lambda _: "is too long a number"),
                   ("float", lambda _: "is too long a number")):
    _full = f"tag:yaml.org,2002:{_tag}"
    _Loader.add_constructor(_full, _checked(_Base.yaml_constructors[_full], _why))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def parse_mapping(text: str, path: str | Path, first_line: int = 1) -> dict[str, Any]:
    """Parse `text` as a YAML mapping; `first_line` is its line in the file.

    An empty document is an empty mapping. Anything else that is not a
    mapping, and any syntax error, is a `SiteError` with the position.
    """
    check_text(text, path, first_line)
    try:
        data = _load(text, path, first_line)
    except _BadValue as exc:
        mark = exc.problem_mark
        raise SiteError(str(exc.problem), path, first_line + mark.line, mark.column + 1) from None
    except RecursionError:  # the pure-Python loader, on nesting `check_text` let through
        raise SiteError("YAML nested too deeply", path, first_line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        col = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.problem and exc.context and exc.context_mark:  # where the broken part began
            problem += f" ({exc.context} at line {first_line + exc.context_mark.line})"
        raise SiteError(f"YAML error: {problem}", path, line, col) from None
    except yaml.YAMLError as exc:
        raise SiteError(f"YAML error: {exc}", path, first_line) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SiteError("expected a mapping of `key: value` lines", path, first_line)
    for key in data:
        if not isinstance(key, str):
            raise SiteError(f"keys must be text, not {shown(key)}", path,
                            key_line(text, str(key), first_line))
    return data


_STR, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq"


def _load(text: str, path: str | Path, first_line: int) -> Any:
    """`yaml.load` with the safe loader, faster for front matter.

    PyYAML's constructor runs in Python, one call per value: it took a third
    of the time spent loading content. Text values and lists of text (most
    of front matter) are taken straight from the parsed nodes instead;
    everything else (dates, numbers, nested data, merge keys) still goes
    through the constructor, so the result is the same.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            check_nodes(node, path, first_line)
        if not isinstance(node, yaml.MappingNode):
            return loader.construct_document(node) if node is not None else None
        data: dict[str, Any] = {}
        for key, value in node.value:
            if key.tag != _STR or not isinstance(key, yaml.ScalarNode):
                return loader.construct_document(node)
            plain = _text_or_list(value)
            data[key.value] = plain if plain is not None else \
                loader.construct_object(value, deep=True)
        return data
    finally:
        loader.dispose()


def _text_or_list(node: yaml.Node) -> str | list[str] | None:
    """The value of a text node or a list of text nodes; else None."""
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value
    if node.tag == _SEQ and isinstance(node, yaml.SequenceNode) and all(
            item.tag == _STR and isinstance(item, yaml.ScalarNode) for item in node.value):
        return [item.value for item in node.value]
    return None


def key_line(text: str, key: str, first_line: int = 1) -> int:
    """The first line where `key:` is written, at any indent (or `first_line`)."""
    pattern = re.compile(rf"^[ \t]*['\"]?{re.escape(key)}['\"]?[ \t]*:", re.MULTILINE)
    match = pattern.search(text)
    if not match:
        return first_line
    return first_line + text.count("\n", 0, match.start())
