"""``python -m generator new KIND ID``: a skeleton record whose fields editors fill in.

The skeleton holds every required field (and each optional one declared with an
``example``), all left empty: `check` names each field still empty, with its line and
what it wants, so a skeleton saved unedited can never publish made-up content. It is
written in `fmt`'s canonical layout, so the record, once filled in, passes `fmt --check`
as it is; what each field means is in the JSON Schema its header points editors' tools
at, and in the field reference.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from generator import fmt
from generator.fields import ID_MAX_LENGTH, ID_PATTERN, Field, Obj, Text
from generator.schema import KINDS, KINDS_BY_NAME, RecordKind
from generator.validate import RESERVED_IDS
from generator.values import LANGUAGES

ALIASES = {"workshop": "event", "meeting": "event"}
"""Other names `new` accepts for a kind: editors speak of workshops and meetings; the kind is event (content/events/)."""


def _kind_choices() -> str:
    """The kinds `new` writes, as its help and its error name them: 'partner, pid, event (or workshop, meeting), …'."""
    names = []
    for kind in KINDS:
        if kind.folder:
            aliases = [alias for alias, name in ALIASES.items() if name == kind.name]
            names.append(kind.name + (f" (or {', '.join(aliases)})" if aliases else ""))
    return ", ".join(names[:-1]) + " or " + names[-1]


KIND_CHOICES = _kind_choices()


def skeleton_fields(kind: RecordKind) -> list[str]:
    """The fields a new record holds, empty: the required ones and those declared with an example."""
    return [name for name, spec in kind.shape.fields.items()
            if not spec.private and (spec.required or spec.example is not None)]


def _empty(spec: Field) -> Node:
    """An empty value, laid out as the field's filled-in value will be, so filling it in keeps the canonical layout.

    A text with a box per language gets one empty line per language; a value whose
    canonical form is quoted (a month such as "2020-04", a cohort such as "2019") gets
    the quotes, to type between; anything else is left blank.
    """
    if isinstance(spec, Text) and spec.translatable and not spec.auto_translated:
        return MappingNode(fmt.MAP, [(ScalarNode(fmt.STR, lang), ScalarNode(fmt.NULL, "")) for lang in LANGUAGES])
    if isinstance(spec, Obj):
        return MappingNode(fmt.MAP, [(ScalarNode(fmt.STR, name), _empty(item)) for name, item in spec.fields.items() if item.required])
    sample = spec.sample()
    if sample is not None and not isinstance(sample, dict | list):
        canonical = fmt.canonical(spec, yaml.representer.SafeRepresenter().represent_data(sample))
        if isinstance(canonical, ScalarNode) and canonical.style == '"':
            return ScalarNode(fmt.STR, "", style='"')
    return ScalarNode(fmt.NULL, "")


def skeleton(kind: RecordKind) -> str:
    """The new record's text: `fmt`'s header, then each of ``skeleton_fields`` empty, in declaration order."""
    fields = kind.shape.fields
    root = MappingNode(fmt.MAP, [(ScalarNode(fmt.STR, name), _empty(fields[name])) for name in skeleton_fields(kind)])
    return fmt.header(kind) + fmt.dump(root)


def create(root: Path, kind_name: str, record_id: str) -> Path:
    """Write the skeleton; refuse bad ids and never overwrite a record."""
    kind = KINDS_BY_NAME.get(ALIASES.get(kind_name, kind_name))
    if kind is None or not kind.folder:
        raise ValueError(f"unknown record kind '{kind_name}'; use {KIND_CHOICES}")
    if not ID_PATTERN.fullmatch(record_id) or record_id in RESERVED_IDS or len(record_id) > ID_MAX_LENGTH:
        raise ValueError(f"'{record_id}' is not a valid id: lowercase letters, digits and hyphens, e.g. cote-divoire")
    path = root / "content" / kind.folder / f"{record_id}.yml"
    if path.exists():
        raise ValueError(f"{path.relative_to(root)} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kind), encoding="utf-8", newline="\n")
    return path
