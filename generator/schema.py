"""Where each record kind lives, and the checks that span its fields.

A kind's fields are declared once, on its class in ``model.py``; from that
declaration come validation (``shape``), the JSON Schemas under ``/data/schemas/``,
the editors' field reference, the ``new`` skeletons and the web editor's config.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node

from generator import model
from generator.declare import Check, shape
from generator.fields import Context, ListOf, Obj, Ref
from generator.model import EVENT_KINDS, FIGURE_KINDS, MEASURE_STATUSES, PID_STATUSES

__all__ = ["EVENT_KINDS", "FIGURE_KINDS", "KINDS", "KINDS_BY_FOLDER", "KINDS_BY_NAME", "MEASURE_STATUSES", "PID_STATUSES",
           "RecordKind"]


def _field_node(node: MappingNode, name: str) -> Node:
    """The value node of ``name`` in a record's mapping (the mapping itself where the field is absent)."""
    return next((v for k, v in node.value if k.value == name), node)


def _check_event(event: model.Event, node: MappingNode, ctx: Context, where: str) -> None:
    # Across precisions: a month stands for any of its days, so only an end wholly before the start is wrong.
    if event.last_day < event.first_day:
        ctx.error(_field_node(node, "end"), "end", f"{event.end.iso()} is before start {event.start.iso()}",
                  "swap the dates or fix the year")


def _check_pid(pid: model.Pid, node: MappingNode, ctx: Context, where: str) -> None:
    if pid.published and pid.general_outcome is None:
        ctx.error(node, "", "missing required field 'general_outcome'",
                  "add 'general_outcome: …', or 'status: not-published' while the PID is not public")
    if pid.published and not pid.specific_outcomes:
        ctx.error(node, "", "missing required field 'specific_outcomes'",
                  "add at least one outcome, or 'status: not-published' while the PID is not public")


def _check_survey(survey: model.Survey, node: MappingNode, ctx: Context, where: str) -> None:
    if survey.end is not None and survey.end.latest() < survey.start.earliest():
        ctx.error(_field_node(node, "end"), "end", f"{survey.end.iso()} is before start {survey.start.iso()}",
                  "swap the dates or fix the year")
    if survey.countries_count is not None and len(survey.countries) > survey.countries_count:
        ctx.error(_field_node(node, "countries_count"), "countries_count",
                  f"{survey.countries_count} is fewer than the {len(survey.countries)} countries listed",
                  "count every country the source names")
    if not survey.countries and survey.countries_note is None:
        ctx.error(_field_node(node, "countries"), "countries", "no partner listed and no 'countries_note'",
                  "list the partner ids the sources name, or say in 'countries_note' that they name none")
    both = sorted(set(survey.countries) & set(survey.disputed))
    if both:
        ctx.error(_field_node(node, "disputed"), "disputed", f"'{both[0]}' is also listed in countries",
                  "list a partner in 'disputed' only where sources disagree about its part in the round")


# The checks above that a JSON Schema can say too, for editors' tools; and those only `check` makes.
_PUBLISHED = {"required": ["status"], "properties": {"status": {"not": {"enum": ["not-published"]}}}}
_SCHEMA_RULES: dict[str, list[dict[str, Any]]] = {
    "pid": [{"if": _PUBLISHED, "then": {"required": ["general_outcome", "specific_outcomes"],
                                        "properties": {"specific_outcomes": {"minItems": 1}}}}],
    "survey": [{"if": {"anyOf": [{"not": {"required": ["countries"]}}, {"properties": {"countries": {"maxItems": 0}}}]},
                "then": {"required": ["countries_note"]}}],
}
_CHECK_ONLY: dict[str, tuple[str, ...]] = {
    "pid": ("no other PID names the same `partner`",),
    "event": ("`end` is not before `start`", "`related` does not name the event itself"),
    "survey": ("`end` is not before `start`", "`countries_count` is not fewer than the partners in `countries`",
               "no partner is in both `countries` and `disputed`"),
}


def _references(spec: Obj, where: str = "") -> list[str]:
    """What each reference field must name, from the declaration: 'donors: donor ids', 'specific_outcomes[].…'."""
    found = []
    for name, field in spec.fields.items():
        item, shown = (field.item, f"{where}{name}[]") if isinstance(field, ListOf) else (field, where + name)
        if isinstance(item, Ref):
            found.append(f"`{shown.removesuffix('[]')}`: ids of existing {item.kind} records")
        elif isinstance(item, Obj):
            found += _references(item, shown + ".")
    return found


def _beyond_schema(kind: RecordKind) -> str:
    """The rules `check` adds to the schema: across records, or comparing fields in ways JSON Schema cannot."""
    references = _references(kind.shape)
    if references:
        references.append("a public record links no internal one (`internal: true`)")
    rules = references + list(_CHECK_ONLY.get(kind.name, ()))
    if not rules:
        return ""
    return " Checked by `make check`, not by this schema: " + "; ".join(rules) + "."


@dataclass(frozen=True)
class RecordKind:
    """A kind of record: where its files live and what they hold."""

    name: str
    folder: str  # under content/; "" for a single file content/<name>.yml
    title: str
    shape: Obj
    doc: str
    data_name: str = ""
    """Name of the open-data files under /data/ when it is not ``folder``: published names never change."""
    former_folders: tuple[str, ...] = ()
    """Folders under content/ that once held this kind: a file left there is an error that says where it goes."""

    @property
    def data(self) -> str:
        """The stem of the kind's open-data files: ``data/<data>.json`` (and ``.csv`` for a folder kind)."""
        return self.data_name or self.folder or self.name

    @property
    def cls(self) -> type[model.Record]:
        return self.shape.cls  # type: ignore[return-value]

    def json_schema(self) -> dict[str, Any]:
        schema = self.shape.json_schema()
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://acip.example/data/schemas/{self.name}.schema.json",
            "title": f"A-CIP {self.title} record",
            "description": self.doc + _beyond_schema(self),
            **schema,
            **({"allOf": _SCHEMA_RULES[self.name]} if self.name in _SCHEMA_RULES else {}),
        }


def _kind(name: str, folder: str, title: str, cls: type[model.Record], doc: str, check: Check | None = None,
          data_name: str = "", former_folders: tuple[str, ...] = ()) -> RecordKind:
    return RecordKind(name, folder, title, shape(cls, check), doc, data_name, former_folders)


KINDS: tuple[RecordKind, ...] = (
    _kind("programme", "", "programme", model.Programme, "The programme itself: content/programme.yml."),
    _kind("region", "regions", "WCO region", model.Region, "A WCO region: content/regions/<id>.yml."),
    _kind("factor", "factors", "Arusha factor", model.Factor,
          "A key factor of the Revised Arusha Declaration: content/factors/<id>.yml."),
    _kind("donor", "donors", "donor", model.Donor, "A donor: content/donors/<id>.yml."),
    _kind("tool", "tools", "tool", model.Tool, "A programme tool: content/tools/<id>.yml."),
    _kind("partner", "partners", "partner", model.Partner, "A partner administration: content/partners/<id>.yml."),
    _kind("pid", "pids", "PID", model.Pid, "A Project Information Document: content/pids/<id>.yml.", _check_pid),
    _kind("event", "events", "workshop or meeting", model.Event, "A workshop or meeting: content/events/<id>.yml.",
          _check_event, data_name="workshops", former_folders=("workshops",)),
    _kind("news", "news", "news post", model.News, "A news post: content/news/<id>.yml."),
    _kind("figure", "figures", "programme figure", model.Figure,
          "A dated count about the programme, such as its number of partners: content/figures/<id>.yml."),
    _kind("survey", "surveys", "CIPS round", model.Survey,
          "A round of the Customs Integrity Perception Survey (CIPS): content/surveys/<id>.yml.", _check_survey),
)

KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
KINDS_BY_FOLDER = {kind.folder: kind for kind in KINDS if kind.folder}
KINDS_BY_FORMER_FOLDER = {folder: kind for kind in KINDS for folder in kind.former_folders}
