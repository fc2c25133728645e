"""Stage 1 — load: read YAML files into position-carrying node trees, safely.

Values are kept as YAML nodes (not Python objects) so that the schema, not
YAML 1.1 guessing, decides what ``NO`` or ``012`` means, and so that every
later error can name its line and column.

At 100x the content, this is half of a cold `check`, so the usual file takes
fast paths: a tag resolver that gives PyYAML's tags without its overhead, a
byte scan before the regular expression for forbidden characters, and a shape
check that skips scalars; any doubt falls back to the full walk, which words
the diagnostics. tests/test_fast_paths.py holds each to its reference.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Diagnostic

try:  # libyaml parses ~8x faster; same node trees, same marks
    _SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - wheels ship libyaml
    _SafeLoader = yaml.SafeLoader

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 12
STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_STR, _SEQ, _MAP = _SafeLoader.DEFAULT_SCALAR_TAG, _SafeLoader.DEFAULT_SEQUENCE_TAG, _SafeLoader.DEFAULT_MAPPING_TAG
# SafeLoader's implicit resolvers by first character ('' for the empty value): the same table, read once.
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(resolvers) for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()}
assert None not in _IMPLICIT and not _SafeLoader.yaml_path_resolvers, "the fast resolver below assumes neither"
_RESOLVED: dict[str, str] = {}  # short plain values that may not be strings -> their standard tag


class _Loader(_SafeLoader):
    """SafeLoader with the same tags, resolved in a fraction of the time.

    libyaml calls back into Python's resolver for each of a million nodes; PyYAML's
    version concatenates lists, consults path resolvers that SafeLoader never has,
    and tries up to three verbose regular expressions on every date and number
    (~1.8 µs each). This one gives the same tag for the same (kind, value,
    implicit): the same expressions in the same order, their answers for short
    values remembered. ``odd`` notes a resolved tag outside STANDARD_TAGS (``<<``
    is a merge key, ``=`` a value key): the file then takes the full `_check_tree`.
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
                tag = _RESOLVED.get(value)
                if tag is None:
                    tag = next((tag for tag, pattern in resolvers if pattern.match(value)), _STR)
                    if tag not in STANDARD_TAGS:
                        self.odd = True
                    elif len(value) <= 40 and len(_RESOLVED) < 50_000:  # years, dates, numbers, field names
                        _RESOLVED[value] = tag
                return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


@dataclass(frozen=True)
class Document:
    """One record file: where it lives, its id, and its top-level mapping."""

    path: str  # as shown to editors, relative to the project root
    kind: str  # folder name: partners, pids, workshops, ...
    id: str
    root: MappingNode


# Characters YAML refuses (C0/C1 controls) and those it counts as line breaks
# although editors and GitHub do not, which would shift every later line number.
_SEPARATORS = "\x85\u2028\u2029"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# Their UTF-8 forms: single bytes, and C2 80-9F, E2 80 A8/A9, EF BF BE/BF.
_FORBIDDEN_BYTES = bytes([*range(0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])
_FORBIDDEN_SEQUENCES = (b"\xc2", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xef\xbf\xbe", b"\xef\xbf\xbf")
_BREAK = re.compile("\r\n|\r|\n")
_ALIAS = "aliases (*name) are not allowed"


def _may_be_forbidden(data: bytes) -> bool:
    """False only if no _FORBIDDEN character is in the (valid UTF-8) bytes: 7x faster than the regex, which finds it."""
    return len(data.translate(None, _FORBIDDEN_BYTES)) != len(data) or any(seq in data for seq in _FORBIDDEN_SEQUENCES)


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset, counting line breaks as YAML does."""
    breaks = list(_BREAK.finditer(text, 0, index))
    return len(breaks) + 1, index - (breaks[-1].end() if breaks else 0) + 1


def _mark(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def position(node: Node) -> tuple[int, int]:
    """1-based line and column of a node, as editors count them."""
    return _mark(node.start_mark)


def load_file(path: Path, shown: str, kind: str, record_id: str, data: bytes | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one file; return the document or the reasons it cannot be read.

    ``data`` is the file's content when the caller has read it already (the record
    cache keys its results by exactly these bytes).
    """

    def fail(line: int, col: int, message: str, hint: str = "") -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(shown, line, col, message, hint)]

    size = path.stat().st_size if data is None else len(data)
    if size > MAX_FILE_BYTES:
        return fail(1, 1, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}", "split the record or shorten its texts")
    data = path.read_bytes() if data is None else data
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        start = bom + exc.start  # offsets in the whole file, BOM included
        before = data[bom:start].decode("utf-8")  # valid: the first bad byte is at start
        line, col = _line_col(before, len(before))
        return fail(line, col, f"invalid UTF-8 byte 0x{data[start]:02x} at byte {start}", "save the file as UTF-8")
    odd = _FORBIDDEN.search(text) if _may_be_forbidden(data) else None
    if odd:  # found here, not by YAML: its reader reports no line, and it counts U+2028 as a line break
        line, col = _line_col(text, odd.start())
        char = odd.group()
        if char in _SEPARATORS:
            return fail(line, col, f"invisible line separator U+{ord(char):04X}", "delete it (often pasted from a PDF or word processor)")
        return fail(line, col, f"control character U+{ord(char):04X} is not allowed", "remove control characters")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return fail(1, 1, "file is empty", f"a {kind} record is a mapping of fields, e.g. 'name: …'; see the editors' guide")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()  # what yaml.compose does, keeping the loader to ask about odd tags
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        lines = text.splitlines() or [""]  # the same line breaks as YAML's, now that _FORBIDDEN is ruled out
        if line > len(lines):  # at the end of a file without a final newline: point at its last character
            line, col = len(lines), len(lines[-1]) + 1
        problem = (exc.problem or "syntax error").strip()
        hint = "YAML syntax"
        where = lines[line - 1] if mark else ""
        at_tab = "\t" in where[: len(where) - len(where.lstrip())] or where[col - 1 : col] == "\t"  # libyaml does not name it
        if at_tab or "\\t" in problem or "'\\t'" in problem or "tab" in problem.lower():
            hint = "indent with spaces, not tabs"
        elif "expected a single document" in str(exc):
            problem, hint = "more than one YAML document in the file", "remove the '---' separator"
        return fail(line, col, f"YAML syntax error: {problem}", hint)
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        return fail(1, 1, f"YAML error: {exc}".splitlines()[0], "remove control characters")
    except RecursionError:
        return fail(1, 1, "the file nests too deeply", f"records nest at most {MAX_DEPTH} levels")
    finally:
        loader.dispose()
    if root is None or (isinstance(root, ScalarNode) and root.tag == "tag:yaml.org,2002:null" and root.value == ""):
        return fail(1, 1, "file is empty", f"a {kind} record is a mapping of fields")  # e.g. only '---'
    if not isinstance(root, MappingNode):
        line, col = position(root)
        what = "a list" if isinstance(root, SequenceNode) else "a single value"
        return fail(line, col, f"the top level is {what}; a record must be a mapping of fields", "write 'field: value' lines at the top level")
    if "!" not in text and "*" not in text and not loader.odd and _tree_is_clean(root):
        return Document(shown, kind, record_id, root), []
    problems = list(_check_tree(root, shown))
    if any(p.message == _ALIAS for p in problems):  # a reused node carries its anchor's mark: find each '*name'
        problems = [p for p in problems if p.message != _ALIAS] + [
            Diagnostic(shown, *_mark(event.start_mark), _ALIAS, "write the value out in full")
            for event in yaml.parse(text, Loader=_Loader) if isinstance(event, yaml.AliasEvent)]
    if problems:
        return None, problems
    return Document(shown, kind, record_id, root), []


def _check_tree(root: Node, shown: str) -> Iterator[Diagnostic]:
    """Reject what YAML allows but records must not use: aliases, tags, deep nesting, duplicate keys."""
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 0)]
    while stack:  # visits every node of content/: positions are worked out only for a diagnostic
        node, depth = stack.pop()
        if id(node) in seen:
            yield Diagnostic(shown, *position(node), _ALIAS, "write the value out in full")
            continue
        seen.add(id(node))
        if node.tag not in STANDARD_TAGS:
            yield Diagnostic(shown, *position(node), f"tag '{node.tag}' is not allowed", "remove the '!' tag; plain YAML values only")
            continue
        if depth > MAX_DEPTH:
            yield Diagnostic(shown, *position(node), f"nesting deeper than {MAX_DEPTH} levels", "records are shallow; check the indentation")
            continue
        if isinstance(node, MappingNode):
            keys: dict[str, Node] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode):
                    kl, kc = position(key)
                    yield Diagnostic(shown, kl, kc, "a key must be a plain name", "write 'name: value'")
                    continue
                if key.value in keys:
                    first = position(keys[key.value])[0]
                    kl, kc = position(key)
                    yield Diagnostic(shown, kl, kc, f"duplicate key '{key.value}' (first at line {first})", "keep one of them")
                keys[key.value] = key
                if key.tag not in STANDARD_TAGS:
                    kl, kc = position(key)
                    yield Diagnostic(shown, kl, kc, f"tag '{key.tag}' is not allowed", "remove the '!' tag")
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


def _tree_is_clean(node: Node, depth: int = 0) -> bool:
    """True only if `_check_tree` would find nothing there; it names the problems otherwise.

    The fast path for the usual file, called only when its text has no '!' (so every
    tag is a resolved one, which the loader checked) and no '*' (so there is no
    alias): what is left is the shape, found by looking at the mappings and lists
    but not at each of their scalars. Recursive, as deep as MAX_DEPTH at most.
    """
    children = node.value
    if depth >= MAX_DEPTH and children:  # they would be deeper than MAX_DEPTH
        return False
    kind = type(node)
    if kind is MappingNode:
        names = set()
        for key, value in children:
            if type(key) is not ScalarNode:
                return False
            names.add(key.value)
            if type(value) is not ScalarNode and not _tree_is_clean(value, depth + 1):
                return False
        return len(names) == len(children)  # else a duplicate key
    if kind is SequenceNode:
        for item in children:
            if type(item) is not ScalarNode and not _tree_is_clean(item, depth + 1):
                return False
        return True
    return False
