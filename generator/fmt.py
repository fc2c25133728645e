"""``python -m generator fmt``: every record in one canonical layout, so diffs show only real changes.

The web editor (Decap) rewrites a whole file on save: it drops the ``yaml-language-server``
line, requotes values and rewraps text. This puts any record back into one layout, driven by
the schema: keys in the order of its declaration, the header line, ``|`` blocks for long and
multi-paragraph text, double quotes wherever YAML 1.1 would read a value as something other
than text (``NO``, ``2019``, ``12:30``), and translatable texts as ``{en: …}`` objects so the
editor shows them in the English box. The value of every field stays the same, and running
it twice changes nothing. Comments other than the header are not kept (the editor drops them too).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Diagnostic
from generator.fields import Boolean, Field, ListOf, Number, Obj, Text, When, core_boolean, core_number
from generator.load import load_file
from generator.schema import RecordKind
from generator.validate import discover
from generator.values import LANGUAGES, SOURCE_LANGUAGE

STR = "tag:yaml.org,2002:str"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
BOOL = "tag:yaml.org,2002:bool"
BLOCK_AFTER = 80  # characters: a longer text of a multi-line field is written as a | block
_RESOLVER = yaml.resolver.Resolver()


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, and double quotes whenever a value needs quoting."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _resolved(value: str) -> str:
    """The tag YAML 1.1 (PyYAML's resolver) gives a plain scalar: str, int, bool, timestamp, …"""
    tag: str = _RESOLVER.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag


def _text(value: str, style: str | None = None) -> ScalarNode:
    """A string: plain when YAML 1.1 and 1.2 both read it back as the same string, otherwise quoted."""
    if style is None and (_resolved(value) != STR or _core(value) is not None):
        style = '"'
    return ScalarNode(STR, value, style=style)


def _core(value: str) -> bool | int | float | None:
    """What YAML 1.2 (editors' tools) reads a plain ``value`` as, if not a string (``0o17``, ``TRUE``)."""
    node = ScalarNode(STR, value)
    boolean = core_boolean(node)
    return boolean if boolean is not None else core_number(node)


def _number(value: str, integer: bool) -> ScalarNode:
    """A number, plain: as written where YAML 1.1 reads the same number, else in decimal (``012`` is 12)."""
    number = core_number(ScalarNode(STR, value))
    assert number is not None
    if integer:
        number = int(number)
    older = yaml.safe_load(value)
    same = type(older) in (int, float) and older == number and (not integer or isinstance(older, int))
    text = value if same else repr(number)
    return ScalarNode(_resolved(text), text)


def _empty(node: Node) -> bool:
    """No value at all: ``key:``, ``~``, ``""`` or ``{}`` (what a form leaves behind for a field left blank)."""
    if isinstance(node, ScalarNode):
        return node.value.strip() == "" or (node.tag == NULL and node.value in ("~", "null", "Null", "NULL"))
    return isinstance(node, MappingNode) and not node.value


def _one_text(spec: Text, node: ScalarNode) -> ScalarNode:
    value = node.value.strip()
    if spec.multiline and ("\n" in value or len(value) > BLOCK_AFTER):
        lines = "\n".join(line.rstrip() for line in value.split("\n"))
        return ScalarNode(STR, lines + "\n", style="|")
    return _text(value)


def _canonical_text(spec: Text, node: Node) -> Node:
    if isinstance(node, MappingNode):
        pairs = [(k, v) for k, v in node.value if not _empty(v)]
        languages = [k.value for k, _ in pairs]
        if spec.auto_translated and languages == [SOURCE_LANGUAGE] and isinstance(pairs[0][1], ScalarNode):
            return _one_text(spec, pairs[0][1])  # CLDR translates it: one string, as the form shows it
        order = {lang: index for index, lang in enumerate(LANGUAGES)}
        pairs.sort(key=lambda pair: order.get(pair[0].value, len(order)))
        return MappingNode(MAP, [(_text(k.value), _one_text(spec, v) if isinstance(v, ScalarNode) else _plain(v))
                                 for k, v in pairs])
    if not isinstance(node, ScalarNode) or node.tag == NULL:
        return _plain(node)
    if spec.translatable and not spec.auto_translated:
        return MappingNode(MAP, [(_text(SOURCE_LANGUAGE), _one_text(spec, node))])
    return _one_text(spec, node)


def _plain(node: Node) -> Node:
    """A value the schema does not describe (an unknown field): kept, in the same layout rules."""
    if isinstance(node, MappingNode):
        return MappingNode(MAP, [(_text(str(k.value)), _plain(v)) for k, v in node.value])
    if isinstance(node, SequenceNode):
        return SequenceNode(SEQ, [_plain(item) for item in node.value])
    if node.tag != STR:  # a number, date, true/false or null as written
        return ScalarNode(_resolved(node.value), node.value)
    return _text(node.value.strip()) if "\n" not in node.value.strip() else ScalarNode(STR, node.value.rstrip() + "\n", style="|")


def canonical(spec: Field | None, node: Node) -> Node:
    """``node`` laid out as the schema's ``spec`` says; values the schema cannot read are left for `check`."""
    if isinstance(spec, Obj) and isinstance(node, MappingNode):
        known = {name: index for index, name in enumerate(spec.fields)}
        pairs = [(k, v) for k, v in node.value if not (_empty(v) and not (k.value in spec.fields and spec.fields[k.value].required))]
        pairs.sort(key=lambda pair: known.get(pair[0].value, len(known)))  # stable: unknown keys keep their order, last
        return MappingNode(MAP, [(_text(k.value), canonical(spec.fields.get(k.value), v)) for k, v in pairs])
    if isinstance(spec, ListOf) and isinstance(node, SequenceNode):
        return SequenceNode(SEQ, [canonical(spec.item, item) for item in node.value])
    if isinstance(spec, ListOf) and isinstance(node, ScalarNode) and node.tag == NULL:
        return SequenceNode(SEQ, [])  # `participants:` with nothing, as the web editor saves it, is an empty list
    if isinstance(spec, Text):
        return _canonical_text(spec, node)
    if not isinstance(node, ScalarNode) or spec is None:
        return _plain(node)
    if node.tag == NULL:
        return ScalarNode(NULL, node.value) if node.value else _text("")
    value = node.value.strip()
    if isinstance(spec, When) and _resolved(value) != TIMESTAMP:
        return _text(value, '"')  # "2019-01", "2019": a month or a year, never a number; a day stays plain
    if isinstance(spec, Number) and core_number(ScalarNode(STR, value)) is not None:
        return _number(value, spec.integer)  # quoted or not: `check` wants it plain
    if isinstance(spec, Boolean) and core_boolean(ScalarNode(STR, value)) is not None:
        return ScalarNode(BOOL, value.lower())
    if isinstance(spec, When) and _resolved(value) != STR:
        return ScalarNode(_resolved(value), value)  # plain: 42, 3.5, true, 2020-02-17
    return _text(value)


def header(kind: RecordKind) -> str:
    """The line that points YAML editors (VS Code's YAML extension) at the kind's JSON Schema."""
    up = "../" if not kind.folder else "../../"
    return f"# yaml-language-server: $schema={up}schemas/{kind.name}.schema.json\n"


def dump(node: Node) -> str:
    """A node tree in the canonical layout's YAML (the skeletons of `new` are written with it too)."""
    return yaml.serialize(node, Dumper=_Dumper, allow_unicode=True, width=1_000_000, indent=2)


def format_text(root: MappingNode, kind: RecordKind) -> str:
    return header(kind) + dump(canonical(kind.shape, root))


@dataclass(frozen=True)
class Result:
    path: Path
    shown: str
    text: str | None  # the canonical text; None if the file cannot be read
    changed: bool
    diagnostics: tuple[Diagnostic, ...] = ()


def format_file(path: Path, shown: str, kind: RecordKind, record_id: str) -> Result:
    """The canonical form of one record file (not written)."""
    data = path.read_bytes()
    document, problems = load_file(path, shown, kind.folder or kind.name, record_id, data)
    if document is None:
        return Result(path, shown, None, False, tuple(problems))
    text = format_text(document.root, kind)
    return Result(path, shown, text, text.encode("utf-8") != data)


def run(root: Path, paths: Iterable[Path] = (), *, write: bool = True) -> list[Result]:
    """Format the record files of ``root``'s content/ (only ``paths`` among them, if given)."""
    wanted = {path.resolve() for path in paths}
    found, _ = discover(root)  # misnamed files are `check`'s to report
    results = []
    for path, shown, kind, record_id in found:
        if wanted and path.resolve() not in wanted:
            continue
        result = format_file(path, shown, kind, record_id)
        if write and result.changed and result.text is not None:
            path.write_text(result.text, encoding="utf-8", newline="\n")
        results.append(result)
    return results
