"""The JSON Schemas that editors' YAML tools read, and the model they must not drift from.

``jsonschema`` checks that each schema is valid draft 2020-12 within the subset of keywords
the schemas use, and validates the real content against it.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import ROOT
from jsonschema import Draft202012Validator
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator import model
from generator.cli import write_schemas
from generator.fields import Field, ListOf, Obj
from generator.schema import KINDS, RecordKind

DRAFT = "https://json-schema.org/draft/2020-12/schema"
KEYWORDS = {"$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties", "items",
            "anyOf", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "uniqueItems",
            "format", "default", "not", "allOf", "if", "then"}
TYPES = {"string", "integer", "number", "boolean", "object", "array", "null"}
RECORD_FIELDS = {"id", "origin", "internal"}
VALUE_TYPES = {model.Localized, model.PartialDate, model.Origin, model.Record}


def kind_ids(kinds: tuple[RecordKind, ...] = KINDS) -> list[str]:
    return [kind.name for kind in kinds]


def objects(spec: Field) -> Iterator[Obj]:
    """Every mapping type reachable from ``spec``: the record itself, outcomes, measures, values…"""
    if isinstance(spec, Obj):
        yield spec
        for child in spec.fields.values():
            yield from objects(child)
    elif isinstance(spec, ListOf):
        yield from objects(spec.item)


ALL_OBJECTS = {obj.cls: obj for kind in KINDS for obj in objects(kind.shape)}


# --- the schemas are well-formed draft 2020-12 -----------------------------------------------------


# The draft 2020-12 the schemas may use, itself a schema: the keywords above only, enums of distinct
# values, formats that editors' tools know. The draft's own meta-schema checks the rest (types, patterns…).
SUBSET = {
    "$schema": DRAFT,
    "$ref": "#/$defs/schema",
    "$defs": {"schema": {
        "type": "object",
        "propertyNames": {"enum": sorted(KEYWORDS)},
        "properties": {
            "type": {"anyOf": [{"enum": sorted(TYPES)}, {"type": "array", "items": {"enum": sorted(TYPES)}}]},
            "properties": {"additionalProperties": {"$ref": "#/$defs/schema"}},
            "additionalProperties": {"anyOf": [{"type": "boolean"}, {"$ref": "#/$defs/schema"}]},
            "items": {"$ref": "#/$defs/schema"},
            "anyOf": {"minItems": 1, "items": {"$ref": "#/$defs/schema"}},
            "allOf": {"minItems": 1, "items": {"$ref": "#/$defs/schema"}},
            "not": {"$ref": "#/$defs/schema"},
            "if": {"$ref": "#/$defs/schema"},
            "then": {"$ref": "#/$defs/schema"},
            "enum": {"minItems": 1, "uniqueItems": True},
            "format": {"enum": ["date", "uri"]},
        },
    }},
}


def subschemas(schema: dict[str, Any], where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """``schema`` and every schema inside it, with its JSON pointer."""
    yield where, schema
    for name, sub in schema.get("properties", {}).items():
        yield from subschemas(sub, f"{where}/properties/{name}")
    for key in ("items", "additionalProperties", "not", "if", "then"):
        if isinstance(schema.get(key), dict):
            yield from subschemas(schema[key], f"{where}/{key}")
    for key in ("anyOf", "allOf"):
        for index, sub in enumerate(schema.get(key, [])):
            yield from subschemas(sub, f"{where}/{key}/{index}")


def structure_problems(schema: dict[str, Any]) -> list[str]:
    """What makes ``schema`` invalid draft 2020-12, outside the subset, or inconsistent with itself."""
    try:
        Draft202012Validator.check_schema(schema)  # the draft's meta-schema, patterns compiled as regexes
    except jsonschema.SchemaError as error:
        return [f"#/{'/'.join(map(str, error.absolute_path))}: {error.message}"]
    problems = [f"#/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft202012Validator(SUBSET).iter_errors(schema)]
    for where, sub in subschemas(schema):
        conditional = "/if" in where or "/then" in where  # a condition names properties declared above it
        if not conditional and not set(sub.get("required", [])) <= set(sub.get("properties", {})):
            problems.append(f"{where}/required: must list declared properties, got {sub['required']!r}")
        if "default" in sub:
            problems += [f"{where}/default: {e.message}" for e in Draft202012Validator(sub).iter_errors(sub["default"])]
    return problems


@pytest.mark.parametrize("kind", KINDS, ids=kind_ids())
def test_schema_is_well_formed(kind: RecordKind) -> None:
    schema = kind.json_schema()
    assert json.loads(json.dumps(schema)) == schema, "plain JSON values only"
    assert schema["$schema"] == DRAFT
    assert schema["$id"].endswith(f"/{kind.name}.schema.json")
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert structure_problems(schema) == []


@pytest.mark.parametrize("obj", list(ALL_OBJECTS.values()), ids=[cls.__name__ for cls in ALL_OBJECTS])
def test_required_and_properties_follow_the_fields(obj: Obj) -> None:
    schema = obj.json_schema()
    assert list(schema["properties"]) == list(obj.fields)
    assert schema["required"] == [name for name, spec in obj.fields.items() if spec.required]
    for name, spec in obj.fields.items():
        assert schema["properties"][name]["description"] == spec.doc


def test_committed_schemas_are_current() -> None:
    """schemas/ is what the records' ``$schema`` comments point editors' tools at."""
    assert write_schemas(ROOT / "schemas", check_only=True) == []


# --- the real content conforms to the schemas ------------------------------------------------------

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


def as_json(node: Node) -> Any:
    """A node as YAML 1.2 tools (the YAML language server) read it: ``NO`` and ``2020-02-20`` stay strings."""
    if isinstance(node, MappingNode):
        return {key.value: as_json(value) for key, value in node.value}
    if isinstance(node, SequenceNode):
        return [as_json(item) for item in node.value]
    assert isinstance(node, ScalarNode)
    text = node.value
    if node.style is not None:  # quoted or block scalar
        return text
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def violations(value: Any, schema: dict[str, Any]) -> list[tuple[str, str]]:
    """Where ``value`` breaks ``schema`` (a dotted path, "(record)" for the top) and which keyword it breaks."""
    return [(".".join(map(str, error.absolute_path)) or "(record)", str(error.validator))
            for error in Draft202012Validator(schema).iter_errors(value)]


def content_files(kind: RecordKind) -> list[Path]:
    if not kind.folder:
        return [ROOT / "content" / f"{kind.name}.yml"]
    return sorted((ROOT / "content" / kind.folder).glob("*.yml"))


def load_json(path: Path) -> Any:
    return as_json(yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader))


@pytest.mark.parametrize("kind", KINDS, ids=kind_ids())
def test_real_content_validates_against_its_schema(kind: RecordKind) -> None:
    schema = kind.json_schema()
    files = content_files(kind)
    assert files, f"no {kind.name} records to check"
    validator = Draft202012Validator(schema)
    for path in files:
        errors = [f"{'.'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}" for e in validator.iter_errors(load_json(path))]
        assert errors == [], path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize(("record", "problem"), [
    ({"name": "Ghana", "country": "GH", "joined": "2019-01", "cohort": "2019"}, None),
    ({"name": "Ghana", "country": "GH", "joined": "2019-01"}, ("(record)", "required")),
    ({"name": "Ghana", "country": "gh", "joined": "2019-01", "cohort": "2019"}, ("country", "enum")),
    ({"name": "Ghana", "country": "GH", "joined": "January", "cohort": "2019"}, ("joined", "pattern")),
    ({"name": {"fr": "Ghana"}, "country": "GH", "joined": 2019, "cohort": "2019"}, ("name", "anyOf")),
    ({"name": "Ghana", "country": "GH", "joined": 2019, "cohort": "2019", "regoin": "x"}, ("(record)", "additionalProperties")),
    ({"name": "Ghana", "country": "GH", "joined": 2019, "cohort": "2019", "donors": ["norad", "norad"]}, ("donors", "uniqueItems")),
])
def test_the_schema_rejects_what_it_should(record: dict[str, Any], problem: tuple[str, str] | None) -> None:
    """A schema that accepted everything would make the content test pass vacuously."""
    partner = next(kind for kind in KINDS if kind.name == "partner")
    assert violations(record, partner.json_schema()) == ([problem] if problem else [])


def test_the_structure_check_rejects_what_it_should() -> None:
    """Each rule of the structure check fails a schema that breaks it: it cannot pass vacuously either."""
    good = {"type": "object", "properties": {"a": {"type": "string", "enum": ["x", "y"], "default": "x"}}, "required": ["a"]}
    assert structure_problems(good) == []
    for bad in ({**good, "required": ["b"]},  # a required property that is not declared
                {**good, "properties": {"a": {"enum": ["x", "y"], "default": "z"}}},  # a default outside the enum
                {**good, "properties": {"a": {"enum": ["x", "x"]}}},  # an enum that repeats itself
                {**good, "properties": {"a": {"type": "string", "format": "email"}}},  # a format tools may not know
                {**good, "properties": {"a": {"type": "string", "pattern": "(["}}},  # not a regular expression
                {**good, "properties": {"a": {"type": "text"}}},  # not a JSON type
                {**good, "properties": {"a": {"minLength": -1}}},
                {**good, "oneOf": [{"type": "object"}]}):  # a keyword outside the subset
        assert structure_problems(bad), bad


# --- one declaration: the record classes are the schema -------------------------------------------


def model_dataclasses() -> list[type]:
    return [cls for _, cls in inspect.getmembers(model, inspect.isclass)
            if cls.__module__ == model.__name__ and dataclasses.is_dataclass(cls) and cls not in VALUE_TYPES]


def test_every_model_dataclass_has_a_schema() -> None:
    assert sorted(cls.__name__ for cls in model_dataclasses()) == sorted(cls.__name__ for cls in ALL_OBJECTS)


@pytest.mark.parametrize("cls", model_dataclasses(), ids=lambda cls: cls.__name__)
def test_fields_are_the_declared_attributes(cls: type) -> None:
    """Each attribute with a spec is a field; a record's id and origin come from its file, not its contents."""
    declared = [f.name for f in dataclasses.fields(cls) if "spec" in f.metadata]
    assert sorted(ALL_OBJECTS[cls].fields) == sorted(declared)
    assert {f.name for f in dataclasses.fields(cls)} - set(declared) == ({"id", "origin"} if issubclass(cls, model.Record) else set())
    if issubclass(cls, model.Record):  # the fields every record may carry come last, in every schema and form
        assert list(ALL_OBJECTS[cls].fields)[-2:] == ["internal", "notes"]


@pytest.mark.parametrize("cls", model_dataclasses(), ids=lambda cls: cls.__name__)
def test_required_means_no_default_and_defaults_are_shown(cls: type) -> None:
    """What the JSON Schema calls the default is what a record without the field holds."""
    obj = ALL_OBJECTS[cls]
    properties = obj.json_schema()["properties"]
    for f in dataclasses.fields(cls):
        spec = obj.fields.get(f.name)
        if spec is None:
            continue
        assert spec.required == (f.default is dataclasses.MISSING), f"{cls.__name__}.{f.name}"
        if not spec.required and f.default is not None:
            assert spec.default == f.default
            assert properties[f.name]["default"] == (list(f.default) if isinstance(f.default, tuple) else f.default)
        else:
            assert "default" not in properties[f.name], f"{cls.__name__}.{f.name}"


def test_private_fields_are_read_but_never_kept() -> None:
    """`contact` and `notes` are validated like any field, and the typed record holds None for them."""
    from generator.fields import Context

    partner = next(kind for kind in KINDS if kind.name == "partner")
    node = yaml.compose("name: Ghana\ncountry: GH\njoined: '2019-01'\ncohort: '2019'\ncontact: someone@example.org\n"
                        "notes: Call before the workshop.\n", Loader=yaml.SafeLoader)
    ctx = Context("ghana.yml")
    record = partner.shape.convert(node, ctx, "")
    assert record.contact is None and record.notes is None
    assert "someone" not in repr(record) and "Call" not in repr(record)
    assert all(partner.shape.fields[name].private for name in ("contact", "notes"))
