"""YAML parsing that reports problems as `file:line:col: message`.

PyYAML's C loader is used when it is installed (it parses front matter
many times faster); the pure-Python loader is the fallback. A document is
checked against the limits of `yamlbounds` (size, nesting, aliases, repeated
keys) before any value is built, and a value that cannot be built (an
impossible date such as 2026-02-30, a number too long to read) is an error
at its own line, never an exception from deep inside PyYAML.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .errors import SiteError, shown
from .yamlbounds import MAX_ITEMS, MAX_VALUES, check_nodes, check_text

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
    plain = _plain_mapping(text)
    if plain is not None:
        return plain
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


# The narrow form `frontmatter.yaml_lines` writes: one `key: value` line
# each, the value a double-quoted string whose only escapes are \" and \\,
# a flow list of such strings, plain words (letters, digits, spaces and
# `_./+-`), or nothing. Characters YAML reads differently from their face
# (controls, its own line breaks, the BOM, non-characters) are left to the
# full parser.
_QUOTED = r'"(?:[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]|\\["\\])*"'
_LINE = re.compile(rf'([a-z_]+):(?: ({_QUOTED})| (\[(?:{_QUOTED}(?:, {_QUOTED})*)?\])'
                   r"| ([^\W_][\w./+ -]*(?<! )))?")
_ITEM = re.compile(_QUOTED)
_UNESCAPE = re.compile(r"\\(.)")
_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_RESOLVER = yaml.resolver.Resolver()
_PLAIN_TAG = (True, False)


def _plain_mapping(text: str) -> dict[str, Any] | None:
    """`text` read without PyYAML when it is all in the narrow form; else None.

    Most front matter is what `frontmatter.yaml_lines` wrote, and building
    PyYAML's parser, nodes and marks for it was most of the time spent
    loading a large collection. The result is exactly what the YAML path
    gives; anything outside the form (comments, escapes, numbers, repeated
    keys, impossible dates, lists beyond `yamlbounds`' limits) returns None,
    so that path still reports it.
    """
    data: dict[str, Any] = {}
    values = 1
    for line in text.removesuffix("\n").split("\n"):
        match = _LINE.fullmatch(line)
        if not match:
            return None
        key, quoted, items, word = match.groups()
        if key in data or not _text_key(key):
            return None
        if quoted is not None:
            data[key] = _unquote(quoted)
        elif items is not None:
            data[key] = [_unquote(item) for item in _ITEM.findall(items)]
            if len(data[key]) > MAX_ITEMS:
                return None
            values += len(data[key])
        else:
            value = _word(word or "")
            if value is _NOT_PLAIN:
                return None
            data[key] = value
        values += 2
    return data if data and len(data) <= MAX_ITEMS and values <= MAX_VALUES else None


_NOT_PLAIN = object()


@functools.lru_cache(maxsize=256)
def _text_key(key: str) -> bool:
    """Whether YAML reads `key` as text (`null`, `yes`, `on` it does not)."""
    return _tag(key) == "str"


def _tag(word: str) -> str:
    return _RESOLVER.resolve(yaml.ScalarNode, word, _PLAIN_TAG).rsplit(":", 1)[-1]


def _word(word: str) -> Any:
    """A plain word's value when it is text, a flag, null or a day; else `_NOT_PLAIN`."""
    tag = _tag(word)
    if tag == "str":
        return word
    if tag == "null":
        return None
    if tag == "bool":
        return yaml.constructor.SafeConstructor.bool_values[word.lower()]
    day = _DAY.fullmatch(word)
    if tag == "timestamp" and day:
        try:
            return dt.date(*map(int, day.groups()))
        except ValueError:
            pass
    return _NOT_PLAIN


def _unquote(quoted: str) -> str:
    inner = quoted[1:-1]
    return _UNESCAPE.sub(r"\1", inner) if "\\" in inner else inner


def key_line(text: str, key: str, first_line: int = 1) -> int:
    """The first line where `key:` is written, at any indent (or `first_line`)."""
    pattern = re.compile(rf"^[ \t]*['\"]?{re.escape(key)}['\"]?[ \t]*:", re.MULTILINE)
    match = pattern.search(text)
    if not match:
        return first_line
    return first_line + text.count("\n", 0, match.start())
