"""Stage 1 — load: read YAML files into position-carrying node trees, safely.

Values are kept as YAML nodes (not Python objects) so that the schema, not
YAML 1.1 guessing, decides what ``NO`` or ``012`` means, and so that every
later error can name its line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Diagnostic

try:  # libyaml parses ~8x faster; same node trees, same marks
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - wheels ship libyaml
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 12
STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


@dataclass(frozen=True)
class Document:
    """One record file: where it lives, its id, and its top-level mapping."""

    path: str  # as shown to editors, relative to the project root
    kind: str  # folder name: partners, pids, workshops, ...
    id: str
    root: MappingNode


def position(node: Node) -> tuple[int, int]:
    """1-based line and column of a node, as editors count them."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def load_file(path: Path, shown: str, kind: str, record_id: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one file; return the document or the reasons it cannot be read."""

    def fail(line: int, col: int, message: str, hint: str = "") -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(shown, line, col, message, hint)]

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return fail(1, 1, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}", "split the record or shorten its texts")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(line, col, f"invalid UTF-8 byte 0x{data[exc.start]:02x} at byte {exc.start}", "save the file as UTF-8")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return fail(1, 1, "file is empty", f"a {kind} record is a mapping of fields, e.g. 'name: …'; see the editors' guide")
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or "syntax error").strip()
        hint = "YAML syntax"
        if "\\t" in problem or "'\\t'" in problem or "tab" in problem.lower():
            hint = "indent with spaces, not tabs"
        elif "expected a single document" in str(exc):
            problem, hint = "more than one YAML document in the file", "remove the '---' separator"
        return fail(line, col, f"YAML syntax error: {problem}", hint)
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        return fail(1, 1, f"YAML error: {exc}".splitlines()[0], "remove control characters")
    except RecursionError:
        return fail(1, 1, "the file nests too deeply", f"records nest at most {MAX_DEPTH} levels")
    if root is None:
        return fail(1, 1, "file is empty", f"a {kind} record is a mapping of fields")
    if not isinstance(root, MappingNode):
        line, col = position(root)
        what = "a list" if isinstance(root, SequenceNode) else "a single value"
        return fail(line, col, f"the top level is {what}; a record must be a mapping of fields", "write 'field: value' lines at the top level")
    problems = list(_check_tree(root, shown))
    if problems:
        return None, problems
    return Document(shown, kind, record_id, root), []


def _check_tree(root: Node, shown: str) -> Iterator[Diagnostic]:
    """Reject what YAML allows but records must not use: aliases, tags, deep nesting, duplicate keys."""
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        line, col = position(node)
        if id(node) in seen:
            yield Diagnostic(shown, line, col, "aliases (*name) are not allowed", "write the value out in full")
            continue
        seen.add(id(node))
        if node.tag not in STANDARD_TAGS:
            yield Diagnostic(shown, line, col, f"tag '{node.tag}' is not allowed", "remove the '!' tag; plain YAML values only")
            continue
        if depth > MAX_DEPTH:
            yield Diagnostic(shown, line, col, f"nesting deeper than {MAX_DEPTH} levels", "records are shallow; check the indentation")
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
