"""``python -m generator new KIND ID``: a commented skeleton record that editors fill in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.fields import ID_PATTERN
from generator.schema import KINDS, KINDS_BY_NAME, RecordKind
from generator.validate import RESERVED_IDS

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


def _with_id(value: Any, record_id: str) -> Any:
    if isinstance(value, dict):
        return {key: _with_id(item, record_id) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_id(item, record_id) for item in value]
    return value.replace("{id}", record_id) if isinstance(value, str) else value


def skeleton(kind: RecordKind, record_id: str) -> str:
    """A record to fill in, derived from the kind's declaration: each field under its doc.

    Required fields (and those declared with an example) hold a valid placeholder, so the
    new file passes `check`; the others are commented out. Nothing optional is filled in:
    a skeleton saved unedited must not publish invented content.
    """
    lines = [f"# yaml-language-server: $schema=../../schemas/{kind.name}.schema.json",
             f"# A {kind.title} record. Run 'make check' after editing.", ""]
    for name, spec in kind.shape.fields.items():
        if spec.private or name == "internal":
            continue
        value = spec.sample() if spec.required or spec.example is not None else None
        doc = spec.doc or spec.describe()
        lines.append(f"# {doc}" if spec.required else f"# Optional. {doc}")
        if value is None:
            shown = "" if spec.default in (None, ()) else " " + _inline(spec.default)
            lines.append(f"# {name}:{shown}")
        else:
            lines.append(f"{name}: {_inline(_with_id(value, record_id))}")
    return "\n".join(lines).rstrip() + "\n"


def _inline(value: Any) -> str:
    """``value`` as YAML on one line, quoted where YAML would read it as something else."""
    return yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, sort_keys=False, width=1_000_000).strip()[1:-1]


def create(root: Path, kind_name: str, record_id: str) -> Path:
    """Write the skeleton; refuse bad ids and never overwrite a record."""
    kind = KINDS_BY_NAME.get(ALIASES.get(kind_name, kind_name))
    if kind is None or not kind.folder:
        raise ValueError(f"unknown record kind '{kind_name}'; use {KIND_CHOICES}")
    if not ID_PATTERN.fullmatch(record_id) or record_id in RESERVED_IDS or len(record_id) > 80:
        raise ValueError(f"'{record_id}' is not a valid id: lowercase letters, digits and hyphens, e.g. cote-divoire")
    path = root / "content" / kind.folder / f"{record_id}.yml"
    if path.exists():
        raise ValueError(f"{path.relative_to(root)} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kind, record_id), encoding="utf-8")
    return path
