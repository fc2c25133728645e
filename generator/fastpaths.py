"""The fast paths of loading: the same answers as the plain code, in a fraction of the time.

At a hundred times the programme's content, parsing is most of a cold ``check``.
Each function here stands in for a slower reference that ``generator.load`` also
has or uses (PyYAML's resolver, the forbidden-character regular expression, the
full tree walk) and answers only what it is sure of; any doubt sends the file
down the reference path, which words the diagnostics. ``tests/test_fast_paths.py``
holds each to its reference, and ``make bench`` shows what each one saves.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses ~8x faster; same nodes and marks

STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_STR: str
_SEQ: str
_MAP: str
_STR, _SEQ, _MAP = _SafeLoader.DEFAULT_SCALAR_TAG, _SafeLoader.DEFAULT_SEQUENCE_TAG, _SafeLoader.DEFAULT_MAPPING_TAG
# SafeLoader's implicit resolvers by first character ('' for the empty value): the same table, read once.
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(resolvers) for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()}
assert None not in _IMPLICIT and not _SafeLoader.yaml_path_resolvers, "the fast resolver below assumes neither"
_RESOLVED: dict[str, str] = {}  # short plain values that may not be strings -> their standard tag


class FastLoader(_SafeLoader):  # type: ignore[misc]  # PyYAML's stubs type the C loader as Any
    """SafeLoader with the same tags, resolved in a fraction of the time.

    libyaml calls back into Python's resolver for each of a million nodes; PyYAML's
    version concatenates lists, consults path resolvers that SafeLoader never has,
    and tries up to three verbose regular expressions on every date and number
    (~1.8 µs each). This one gives the same tag for the same (kind, value,
    implicit): the same expressions in the same order, their answers for short
    values remembered. ``odd`` notes a resolved tag outside STANDARD_TAGS (``<<``
    is a merge key, ``=`` a value key): the file then takes the full `load._check_tree`.
    """

    odd = False

    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        """Path resolvers only: SafeLoader has none."""

    def ascend_resolver(self) -> None:
        """Path resolvers only: SafeLoader has none."""

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if implicit[0]:  # a plain scalar: its spelling decides
                resolvers = _IMPLICIT.get(value[:1])
                if resolvers is None:  # most texts: no resolver starts with their first character
                    return _STR
                tag: str | None = _RESOLVED.get(value)
                if tag is None:
                    tag = next((tag for tag, pattern in resolvers if pattern.match(value)), _STR)
                    if tag not in STANDARD_TAGS:
                        self.odd = True
                    elif len(value) <= 40 and len(_RESOLVED) < 50_000:  # years, dates, numbers, field names
                        _RESOLVED[value] = tag
                return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


# The UTF-8 forms of the characters `load._FORBIDDEN` finds: single bytes, and C2 80-9F, E2 80 A8/A9, EF BF BE/BF.
_FORBIDDEN_BYTES = bytes([*range(0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])
_FORBIDDEN_SEQUENCES = (b"\xc2", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xef\xbf\xbe", b"\xef\xbf\xbf")


def may_be_forbidden(data: bytes) -> bool:
    """False only if no character of `load._FORBIDDEN` is in the (valid UTF-8) bytes: 7x faster than the regex, which finds it."""
    return len(data.translate(None, _FORBIDDEN_BYTES)) != len(data) or any(seq in data for seq in _FORBIDDEN_SEQUENCES)


def tree_is_clean(node: Node, max_depth: int, depth: int = 0) -> bool:
    """True only if `load._check_tree` would find nothing there; it names the problems otherwise.

    The fast path for the usual file, called only when its text has no '!' (so every
    tag is a resolved one, which the loader checked) and no '*' (so there is no
    alias): what is left is the shape, found by looking at the mappings and lists
    but not at each of their scalars. Recursive, as deep as ``max_depth`` at most.
    """
    children = node.value
    if depth >= max_depth and children:  # they would be deeper than MAX_DEPTH
        return False
    kind = type(node)
    if kind is MappingNode:
        names = set()
        for key, value in children:
            if type(key) is not ScalarNode:
                return False
            names.add(key.value)
            if type(value) is not ScalarNode and not tree_is_clean(value, max_depth, depth + 1):
                return False
        return len(names) == len(children)  # else a duplicate key
    if kind is SequenceNode:
        for item in children:
            if type(item) is not ScalarNode and not tree_is_clean(item, max_depth, depth + 1):
                return False
        return True
    return False
