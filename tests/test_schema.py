"""The JSON Schemas that editors' YAML tools read, and the model they must not drift from.

``jsonschema`` is not a dependency of the project, so the schemas are checked
structurally against the draft 2020-12 keywords they use, and the real content
is validated by a small validator for exactly those keywords. When
``jsonschema`` happens to be installed, it checks both as well.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator import model
from generator.cli import write_schemas
from generator.fields import Field, ListOf, Obj
from generator.schema import KINDS, RecordKind

DRAFT = "https://json-schema.org/draft/2020-12/schema"
KEYWORDS = {"$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties", "items",
            "anyOf", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "uniqueItems",
            "format", "default"}
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


def structure_problems(schema: Any, where: str = "#") -> Iterator[str]:
    if not isinstance(schema, dict):
        yield f"{where}: a schema must be an object"
        return
    for key in schema.keys() - KEYWORDS:
        yield f"{where}: unexpected keyword {key!r}"
    if "default" in schema and "enum" in schema and schema["default"] not in schema["enum"]:
        yield f"{where}/default: {schema['default']!r} is not one of the enum"
    types = schema.get("type", [])
    for name in types if isinstance(types, list) else [types]:
        if name not in TYPES:
            yield f"{where}: unknown type {name!r}"
    properties = schema.get("properties", {})
    if not isinstance(properties, dict):
        yield f"{where}/properties: must be an object"
        properties = {}
    for name, sub in properties.items():
        yield from structure_problems(sub, f"{where}/properties/{name}")
    required = schema.get("required", [])
    if not isinstance(required, list) or len(set(required)) != len(required) or not set(required) <= set(properties):
        yield f"{where}/required: must list distinct declared properties, got {required!r}"
    if "additionalProperties" in schema and not isinstance(schema["additionalProperties"], bool | dict):
        yield f"{where}/additionalProperties: must be a boolean or a schema"
    if "items" in schema:
        yield from structure_problems(schema["items"], f"{where}/items")
    if "anyOf" in schema:
        if not isinstance(schema["anyOf"], list) or not schema["anyOf"]:
            yield f"{where}/anyOf: must be a non-empty array"
        for index, sub in enumerate(schema.get("anyOf") or []):
            yield from structure_problems(sub, f"{where}/anyOf/{index}")
    if "enum" in schema and (not isinstance(schema["enum"], list) or not schema["enum"]
                             or len(set(map(json.dumps, schema["enum"]))) != len(schema["enum"])):
        yield f"{where}/enum: must be a non-empty array of distinct values"
    if "pattern" in schema:
        try:
            re.compile(schema["pattern"])
        except (re.error, TypeError):
            yield f"{where}/pattern: not a regular expression"
    for key in ("minLength", "maxLength", "minItems", "maxItems"):
        if key in schema and (type(schema[key]) is not int or schema[key] < 0):
            yield f"{where}/{key}: must be a non-negative integer"
    for key in ("minimum", "maximum"):
        if key in schema and type(schema[key]) not in (int, float):
            yield f"{where}/{key}: must be a number"
    if schema.get("format", "date") not in ("date", "uri"):
        yield f"{where}/format: unexpected format {schema['format']!r}"
    for key in ("title", "description", "$id"):
        if key in schema and not isinstance(schema[key], str):
            yield f"{where}/{key}: must be a string"


@pytest.mark.parametrize("kind", KINDS, ids=kind_ids())
def test_schema_is_well_formed(kind: RecordKind) -> None:
    schema = kind.json_schema()
    assert json.loads(json.dumps(schema)) == schema, "plain JSON values only"
    assert schema["$schema"] == DRAFT
    assert schema["$id"].endswith(f"/{kind.name}.schema.json")
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert list(structure_problems(schema)) == []


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


def _is(value: Any, name: str) -> bool:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return {
        "string": isinstance(value, str), "boolean": isinstance(value, bool), "null": value is None,
        "object": isinstance(value, dict), "array": isinstance(value, list), "number": number,
        "integer": number and float(value).is_integer(),
    }[name]


def violations(value: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    """The draft 2020-12 keywords the schemas use, applied to ``value`` (``format`` is an annotation)."""
    here = where or "(record)"
    if "anyOf" in schema and all(violations(value, option, where) for option in schema["anyOf"]):
        return [f"{here}: matches none of the alternatives"]
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(value, name) for name in types):
            return [f"{here}: {value!r} is not of type {schema['type']}"]
    problems: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{here}: {value!r} is not one of the allowed values")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            problems.append(f"{here}: length {len(value)} is out of bounds")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            problems.append(f"{here}: {value!r} does not match {schema['pattern']}")
    if _is(value, "number") and not schema.get("minimum", value) <= value <= schema.get("maximum", value):
        problems.append(f"{here}: {value} is out of range")
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            problems.append(f"{here}: {len(value)} items is out of bounds")
        if schema.get("uniqueItems") and len(set(map(json.dumps, value))) != len(value):
            problems.append(f"{here}: items are not unique")
        for index, item in enumerate(value):
            problems += violations(item, schema.get("items", {}), f"{where}[{index}]")
    if isinstance(value, dict):
        problems += [f"{here}: missing {name!r}" for name in schema.get("required", []) if name not in value]
        properties = schema.get("properties", {})
        for name, item in value.items():
            if name in properties:
                problems += violations(item, properties[name], f"{where}.{name}" if where else name)
            elif schema.get("additionalProperties") is False:
                problems.append(f"{here}: unexpected property {name!r}")
    return problems


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
    for path in files:
        assert violations(load_json(path), schema) == [], path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize(("record", "problem"), [
    ({"name": "Ghana", "country": "GH", "joined": "2019-01", "cohort": "2019"}, None),
    ({"name": "Ghana", "country": "GH", "joined": "2019-01"}, "(record): missing 'cohort'"),
    ({"name": "Ghana", "country": "gh", "joined": "2019-01", "cohort": "2019"}, "country: 'gh' is not one of the allowed values"),
    ({"name": "Ghana", "country": "GH", "joined": "January", "cohort": "2019"}, r"joined: 'January' does not match ^[0-9]{4}(-(0[1-9]|1[0-2]))?$"),
    ({"name": {"fr": "Ghana"}, "country": "GH", "joined": 2019, "cohort": "2019"}, "name: matches none of the alternatives"),
    ({"name": "Ghana", "country": "GH", "joined": 2019, "cohort": "2019", "regoin": "x"}, "(record): unexpected property 'regoin'"),
    ({"name": "Ghana", "country": "GH", "joined": 2019, "cohort": "2019", "donors": ["norad", "norad"]}, "donors: items are not unique"),
])
def test_the_small_validator_rejects_what_it_should(record: dict[str, Any], problem: str | None) -> None:
    """A validator that accepted everything would make the content test pass vacuously."""
    partner = next(kind for kind in KINDS if kind.name == "partner")
    assert violations(record, partner.json_schema()) == ([problem] if problem else [])


def test_real_content_passes_a_reference_json_schema_validator() -> None:
    """The schemas editors' tools read are valid draft 2020-12, and the real records satisfy them."""
    import jsonschema

    for kind in KINDS:
        schema = kind.json_schema()
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for path in content_files(kind):
            assert list(validator.iter_errors(load_json(path))) == [], path


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
