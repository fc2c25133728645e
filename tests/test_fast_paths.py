"""The fast paths of loading and validation give exactly what the straightforward code gives.

`check` at 100x the content spends its time in a few places that were rewritten
for speed: the YAML tag resolver, the check of a node tree's shape, and the scans
for control and unsafe characters. Each is compared here with the reference it
replaces: PyYAML's own resolver and composer, ``_check_tree`` and the regular
expressions, on generated input and on every code point.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode

from generator import load
from generator.escape import _URL_UNSAFE, safe_url
from generator.fastpaths import FastLoader as _Loader
from generator.fastpaths import may_be_forbidden, tree_is_clean
from generator.fields import _has_control
from generator.load import MAX_DEPTH, _check_tree, load_file
from generator.validate import _suffix

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Plain scalars that PyYAML's resolver reads as something other than a string, and near misses.
SPECIAL = ["", "~", "null", "Null", "NULL", "nULL", "yes", "No", "ON", "off", "y", "true", "False", "TRUE", "tRUE", "<<", "=", "0",
           "012", "0o12", "0x1F", "0b101", "1_000", "-1", "+1", "1:30", "190:20:30", "1.5", ".5", "1e5", "1.0e+5", "-.inf", ".NaN",
           "2020-01-01", "2020-1-1 10:00:00", "2020-01-01T10:00:00Z", "2020-01-01 10:00:00.5 +02:00", "2020-13-45", "1.", "._",
           "0.0.0", "-", "+", ".", "!", "&", "*", "yes\n", "null\n", "12\n"]
plain_values = st.one_of(st.sampled_from(SPECIAL), st.text(alphabet="0123456789+-._:eExXoObBTtZz ~<=yYnNaAlsuLSfF\n", max_size=24),
                         st.text(max_size=12))


@FUZZ
@given(value=plain_values, implicit=st.tuples(st.booleans(), st.booleans()))
def test_resolver_gives_pyyaml_tags(value: str, implicit: tuple[bool, bool]) -> None:
    fast, reference = _Loader(""), yaml.SafeLoader("")
    assert fast.resolve(ScalarNode, value, implicit) == reference.resolve(ScalarNode, value, implicit)
    assert fast.resolve(ScalarNode, value, implicit) == fast.resolve(ScalarNode, value, implicit)  # the remembered answer too
    for kind in (yaml.SequenceNode, MappingNode):
        assert fast.resolve(kind, None, implicit[0]) == reference.resolve(kind, None, implicit[0])


TOKENS = ["a:", "b:", "en:", "fr:", "title:", "- ", "  ", "    ", "\n", "\n  ", "\n    - ", "[", "]", "{", "}", ",", ": ", "? ",
          "&x ", "*x", "!foo ", "!!str ", "!!int ", "! ", "<<: ", "=", "'q'", '"d\\x01"', '"e\\t"', "|\n  ", ">-\n  ", "# c",
          "yes", "NO", "~", "null", "012", "0x1F", "1.5", "2020-01-01", "1:30", "text", "é", "\t", "---\n", "- - - - - - - - - - - - - - x"]
yamlish = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


def shape(node: Node | None, seen: dict[int, int] | None = None) -> object:
    """A node tree as comparable values: kinds, tags, values, styles and marks, aliases as back-references."""
    if node is None:
        return None
    seen = {} if seen is None else seen
    if id(node) in seen:
        return ("alias", seen[id(node)])
    seen[id(node)] = len(seen)
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    if isinstance(node, ScalarNode):
        return ("scalar", node.tag, node.value, node.style, marks)
    if isinstance(node, MappingNode):
        return ("map", node.tag, node.flow_style, marks, [(shape(k, seen), shape(v, seen)) for k, v in node.value])
    return ("seq", node.tag, node.flow_style, marks, [shape(item, seen) for item in node.value])


def compose(text: str, loader: type) -> object:
    try:
        return shape(yaml.compose(text, Loader=loader))
    except yaml.YAMLError as exc:
        return ("error", type(exc).__name__)
    except RecursionError:
        return ("error", "RecursionError")


@FUZZ
@given(text=yamlish)
def test_loader_composes_what_pyyaml_composes(text: str) -> None:
    assert compose(text, _Loader) == compose(text, yaml.CSafeLoader)  # the same parser, PyYAML's own resolver


@FUZZ
@given(text=yamlish)
def test_clean_tree_means_nothing_to_report(text: str) -> None:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return
    finally:
        loader.dispose()
    if isinstance(root, MappingNode) and "!" not in text and "*" not in text and not loader.odd and tree_is_clean(root, MAX_DEPTH):
        assert list(_check_tree(root, "x.yml")) == []


@FUZZ
@given(text=yamlish)
def test_load_file_fast_path_changes_nothing(text: str) -> None:
    data = text.encode("utf-8")
    fast = load_file(Path("x.yml"), "content/partners/x.yml", "partners", "x", data)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(load, "tree_is_clean", lambda root, max_depth: False)  # always the full walk
        slow = load_file(Path("x.yml"), "content/partners/x.yml", "partners", "x", data)
    assert (fast[0] is None, fast[1]) == (slow[0] is None, slow[1])
    if fast[0] is not None and slow[0] is not None:
        assert shape(fast[0].root) == shape(slow[0].root)


@pytest.mark.parametrize("text", [
    "a: 1\nb: 2\na: 3\n", "a: &x [1]\nb: *x\n", "a: !foo 1\n", "<<: {a: 1}\n", "=: 1\n", "? [a]\n: 1\n",
    "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", "a: " + "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH + "\n",
    "a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n", "a: {b: {c: 1, c: 2}}\n"])
def test_each_shape_rule_still_reported(text: str) -> None:
    """Duplicate keys, aliases, tags, merge and value keys, complex keys, nesting: each still found, in the same words."""
    data = text.encode()
    loader = _Loader(text)
    root = loader.get_single_node()
    expected = [(d.line, d.col, d.message) for d in _check_tree(root, "x")]
    document, problems = load_file(Path("x.yml"), "x", "partners", "x", data)
    assert (document is None) == bool(expected)
    if "*" not in text:  # aliases are located from the events instead
        assert [(d.line, d.col, d.message) for d in problems] == expected


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
EVERY_CHARACTER = [chr(code) for code in range(0x110000)]


def test_control_characters_found_as_the_regular_expression_finds_them() -> None:
    for multiline in (True, False):
        for char in EVERY_CHARACTER:
            value = f"ab{char}cd"
            expected = bool(_CONTROL.search(value)) or (not multiline and ("\n" in value or "\r" in value))
            assert _has_control(value, multiline) == expected, (hex(ord(char)), multiline)


def test_forbidden_characters_are_never_missed_by_the_byte_scan() -> None:
    for char in EVERY_CHARACTER:
        if not 0xD800 <= ord(char) <= 0xDFFF:  # not in valid UTF-8, which load_file has checked first
            data = f"a: x{char}y\n".encode()
            assert may_be_forbidden(data) or not load._FORBIDDEN.search(data.decode()), hex(ord(char))
    assert not may_be_forbidden("a: Côte d’Ivoire — 2019 😀\n".encode())


def test_unsafe_url_characters_are_those_of_the_per_character_rule() -> None:
    for char in EVERY_CHARACTER:
        unsafe = char.isspace() or ord(char) < 32 or char in "<>\"'`\\"
        assert bool(_URL_UNSAFE.search(f"a{char}b")) == unsafe, hex(ord(char))
    assert safe_url("https://example.org/a") and not safe_url("https://example.org/a\u2028") and not safe_url("https://x.org/'")


@FUZZ
@given(name=st.text(alphabet="ab.-_YMLyml ", min_size=1, max_size=12).filter(lambda name: name not in (".", "..")))
def test_file_suffix_as_pathlib_reads_it(name: str) -> None:
    suffix = _suffix(name)
    assert (suffix, name[: -len(suffix)] if suffix else name) == (PurePosixPath(name).suffix, PurePosixPath(name).stem)
