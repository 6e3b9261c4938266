"""YAML loading for front matter and config.yaml: located errors, and nothing a hostile file can abuse.

Both are small hand-written mappings, so anything beyond plain fields, short lists and mappings is
refused before it is built into Python values: anchors and aliases (a "billion laughs" file expands
to gigabytes), explicit tags (`!!python/…`, `!!int x`), nesting deeper than `MAX_DEPTH` (the C
composer recurses on the C stack: 100,000 levels crash the interpreter), and keys given twice (YAML
would silently keep the last).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

# The C loader is ~7x faster than the pure-Python one (see shared PERFORMANCE.md); fall back if absent.
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Front matter and config.yaml need 4 levels at most (import: topics: name: [words]).
MAX_DEPTH = 10
_NULL_TAG = "tag:yaml.org,2002:null"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The C-accelerated safe loader, except that an impossible date stays text.

    PyYAML builds `2026-02-30` into a date while loading and raises ValueError on the way, so the
    whole file would fail with no line; kept as text, it reaches `dates.parse_date`, which says why.
    """


def _timestamp_or_text(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


Loader.add_constructor(_TIMESTAMP_TAG, _timestamp_or_text)


@dataclass(frozen=True, slots=True)
class YamlError:
    line: int  # in the file (see `first_line`)
    message: str
    hint: str = ""
    syntax: bool = True  # a YAML syntax error, as opposed to valid YAML that tintuc refuses


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded YAML document, with where each top-level key stands and how its value was written."""

    data: Any  # a dict with str keys when the document is a mapping; None when empty
    lines: dict[str, int] = field(default_factory=dict)  # top-level keys, and 'parent.child' / 'parent[i]'
    # The source text of each top-level scalar value, and of each item of a list of scalars: 'Yes',
    # '1e3', '2021-08-01' as written, for fields that are text whatever they look like. None for an
    # empty value or '~'.
    texts: dict[str, str | None | list[str | None]] = field(default_factory=dict)


def load(text: str, first_line: int = 1) -> tuple[Document | None, YamlError | None]:
    """Parse YAML whose first line is line `first_line` of its file; problems come back, never raised."""
    try:
        refused = _refused_syntax(text, first_line) if _needs_event_check(text) else None
        if refused:
            return None, refused
        loader = Loader(text)
        try:
            root = loader.get_single_node()
            if root is None:
                return Document(None), None
            refused = _refused_structure(root, first_line)
            if refused:
                return None, refused
            return _construct(loader, root, first_line)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        if "maximum nesting depth" in message:  # newer PyYAML (6.0.4 here) stops deep nesting itself, in its scanner
            return None, _too_deep(line)
        return None, YamlError(line, message or "invalid YAML")
    except yaml.YAMLError as exc:
        return None, YamlError(first_line, str(exc))


def key_lines(text: str, first_line: int = 1) -> dict[str, int]:
    """Line of each top-level key, and of nested mapping keys as 'parent.child' (empty if unreadable)."""
    document, _ = load(text, first_line)
    return document.lines if document else {}


# Anchors need '&', aliases '*', tags '!': a file with none of them can go straight to the composer.
_EVENT_MARKS = frozenset("&*!")
# The C composer recurses once per level on the C stack: 3,000 levels were fine, 100,000 crashed.
_C_COMPOSER_SAFE_DEPTH = 1000


def _needs_event_check(text: str) -> bool:
    """Whether the event pass must run before composing (most front matter skips it: ~40 µs a file).

    Each level of nesting opens at a '[', '{' (two levels with an implicit pair inside), '-', '?' or
    a new line, so their count bounds the depth the composer could meet.
    """
    if not _EVENT_MARKS.isdisjoint(text):
        return True
    bound = 2 * (text.count("[") + text.count("{")) + text.count("-") + text.count("?") + text.count("\n") + 2
    return bound >= _C_COMPOSER_SAFE_DEPTH


def _refused_syntax(text: str, first_line: int) -> YamlError | None:
    """Anchors, aliases, explicit tags and deep nesting, found in the event stream before composing.

    The C parser emits events without recursion, so this pass is safe on any input; and refusing
    aliases here means nothing ever walks a "billion laughs" structure.
    """
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        line = event.start_mark.line + first_line
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return YamlError(line, "YAML anchors and aliases (&name, *name) are not allowed",
                             "write each value out in full where it is used", syntax=False)
        if getattr(event, "tag", None):  # only explicit tags: the parser leaves implicit ones unset
            return YamlError(line, f"YAML tags such as {event.tag.replace('tag:yaml.org,2002:', '!!')} are not allowed",
                             "remove the tag; put the value in quotes to keep it as text", syntax=False)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return _too_deep(line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _too_deep(line: int) -> YamlError:
    return YamlError(line, f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
                     "flatten the value: use plain fields and short lists", syntax=False)


def _refused_structure(root: yaml.Node, first_line: int) -> YamlError | None:
    """Nesting deeper than MAX_DEPTH, or a key given twice in a mapping (YAML would keep the last)."""
    pending: list[tuple[yaml.Node, int]] = [(root, 1)]
    while pending:  # in document order, without recursion
        node, depth = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            continue
        if depth > MAX_DEPTH:
            return _too_deep(node.start_mark.line + first_line)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + first_line
                    if key.value in seen:
                        return YamlError(line, f"'{key.value}' is given twice (lines {seen[key.value]} and {line})",
                                         "keep one of them: YAML would silently use only the last", syntax=False)
                    seen[key.value] = line
                children += [key, value]
        else:
            children = list(node.value)
        pending += [(child, depth + 1) for child in reversed(children)]
    return None


def _construct(loader: Any, root: yaml.Node, first_line: int) -> tuple[Document | None, YamlError | None]:
    if not isinstance(root, yaml.MappingNode):
        return Document(_value(loader, root)), None
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    texts: dict[str, str | None | list[str | None]] = {}
    for key, value in root.value:
        line = key.start_mark.line + first_line
        if not isinstance(key, yaml.ScalarNode):
            return None, YamlError(line, "a field name must be a word, not a list or mapping",
                                   "write 'name: value'", syntax=False)
        name = key.value
        lines[name] = line
        try:
            data[name] = _value(loader, value)
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            # e.g. an integer of 5,000 digits: Python refuses to convert it (ValueError), not YAML.
            return None, YamlError(line, f"the value of '{name}' cannot be read: {exc}",
                                   "write it as plain text, in quotes", syntax=False)
        if isinstance(value, yaml.ScalarNode):
            texts[name] = _text(value)
        elif isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                lines[f"{name}[{index}]"] = item.start_mark.line + first_line
            if all(isinstance(item, yaml.ScalarNode) for item in value.value):
                texts[name] = [_text(item) for item in value.value]
        elif isinstance(value, yaml.MappingNode):
            for sub_key, _ in value.value:
                lines[f"{name}.{sub_key.value}"] = sub_key.start_mark.line + first_line
    return Document(data, lines, texts), None


def _value(loader: Any, node: yaml.Node) -> Any:
    return loader.construct_object(node, deep=True)


def _text(node: yaml.ScalarNode) -> str | None:
    """A scalar as written (quotes and escapes resolved): None only for an empty value or '~'/'null'."""
    if node.tag == _NULL_TAG and not node.style:  # the C composer gives plain scalars '' as style
        return None
    return str(node.value)
