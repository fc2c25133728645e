"""Stage 1 — load: read YAML files into position-carrying node trees, safely.

Values are kept as YAML nodes (not Python objects) so that the schema, not
YAML 1.1 guessing, decides what ``NO`` or ``012`` means, and so that every
later error can name its line and column.

The usual file takes the fast paths of ``generator.fastpaths`` (a cheaper tag
resolver, a byte scan, a shape check); any doubt falls back to the reference
code here, which words the diagnostics.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Diagnostic
from generator.fastpaths import STANDARD_TAGS, FastLoader, may_be_forbidden, tree_is_clean

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 12


@dataclass(frozen=True)
class Document:
    """One record file: where it lives, its id, and its top-level mapping."""

    path: str  # as shown to editors, relative to the project root
    kind: str  # folder name: partners, pids, events, ...
    id: str
    root: MappingNode


# Characters YAML refuses (C0/C1 controls) and those it counts as line breaks
# although editors and GitHub do not, which would shift every later line number.
_SEPARATORS = "\x85\u2028\u2029"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_BREAK = re.compile("\r\n|\r|\n")
_ALIAS = "aliases (*name) are not allowed"


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset, counting line breaks as YAML does."""
    breaks = list(_BREAK.finditer(text, 0, index))
    return len(breaks) + 1, index - (breaks[-1].end() if breaks else 0) + 1


class _Mark(Protocol):
    """Where a node or event starts, as both PyYAML and libyaml report it (0-based)."""

    line: int
    column: int


def _mark(mark: _Mark) -> tuple[int, int]:
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
    odd = _FORBIDDEN.search(text) if may_be_forbidden(data) else None
    if odd:  # found here, not by YAML: its reader reports no line, and it counts U+2028 as a line break
        line, col = _line_col(text, odd.start())
        char = odd.group()
        if char in _SEPARATORS:
            return fail(line, col, f"invisible line separator U+{ord(char):04X}", "delete it (often pasted from a PDF or word processor)")
        return fail(line, col, f"control character U+{ord(char):04X} is not allowed", "remove control characters")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return fail(1, 1, "file is empty", f"a {kind} record is a mapping of fields, e.g. 'name: …'; see the editors' guide")
    loader = FastLoader(text)
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
    if "!" not in text and "*" not in text and not loader.odd and tree_is_clean(root, MAX_DEPTH):
        return Document(shown, kind, record_id, root), []
    problems = list(_check_tree(root, shown))
    if any(p.message == _ALIAS for p in problems):  # a reused node carries its anchor's mark: find each '*name'
        problems = [p for p in problems if p.message != _ALIAS] + [
            Diagnostic(shown, *_mark(event.start_mark), _ALIAS, "write the value out in full")
            for event in yaml.parse(text, Loader=FastLoader) if isinstance(event, yaml.AliasEvent) and event.start_mark]
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
