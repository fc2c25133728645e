"""A record kind is declared once: a typed class whose attributes carry their field specs.

``model.py`` declares each class with ``@declared`` and ``attr(spec, default=…)``;
``shape()`` reads the declaration back as the ``Obj`` that validates files, and from
that the JSON Schemas, the field reference, the ``new`` skeletons, the web editor's
config and the benchmark's synthetic records are derived. A field without a default
is required; its default is what a record without it holds, and what the schema shows.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

from yaml.nodes import MappingNode

from generator.fields import Context, Field, Obj

T = TypeVar("T")

_DOCS: dict[type, str] = {}


def attr(spec: Field, *, default: Any = dataclasses.MISSING) -> Any:
    """One field of a record: its Python type is the annotation, its rules and doc are ``spec``."""
    return dataclasses.field(default=default, metadata={"spec": spec})


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(attr,))
def declared(cls: type[T]) -> type[T]:
    """A frozen, keyword-only dataclass whose docstring is its doc (dataclass() would invent one)."""
    _DOCS[cls] = inspect.cleandoc(cls.__doc__) if cls.__doc__ else ""
    return dataclasses.dataclass(frozen=True, kw_only=True)(cls)


Check = Callable[[Any, MappingNode, Context, str], None]


_SHAPES: dict[tuple[type, Check | None], Obj] = {}


def shape(cls: type, check: Check | None = None) -> Obj:
    """The ``Obj`` that reads a mapping into ``cls``: its own fields first, then those it inherits.

    Attributes without a spec (a record's id and origin) come from the file, not its contents.
    """
    if (cls, check) not in _SHAPES:
        _SHAPES[cls, check] = _shape(cls, check)
    return _SHAPES[cls, check]


def _shape(cls: type, check: Check | None) -> Obj:
    depth: dict[str, int] = {}
    for level, klass in enumerate(cls.__mro__):
        for name in vars(klass).get("__annotations__", {}):
            depth.setdefault(name, level)
    fields: dict[str, Field] = {}
    for item in sorted(dataclasses.fields(cls), key=lambda item: depth[item.name]):
        spec: Field | None = item.metadata.get("spec")
        if spec is None:
            continue
        required = item.default is dataclasses.MISSING and item.default_factory is dataclasses.MISSING
        default = None if required else item.default
        fields[item.name] = dataclasses.replace(spec, required=required, default=default)
    return Obj(cls=cls, fields=fields, doc=_DOCS.get(cls, ""), check=check)
