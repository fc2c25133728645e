"""Where each record kind lives, and the checks that span its fields.

A kind's fields are declared once, on its class in ``model.py``; from that
declaration come validation (``shape``), the JSON Schemas under ``/data/schemas/``,
the editors' field reference, the ``new`` skeletons and the web editor's config.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node

from generator import model
from generator.declare import Check, shape
from generator.fields import Context, ListOf, Obj, Ref
from generator.model import EVENT_KINDS, FIGURE_KINDS, MEASURE_STATUSES, PID_STATUSES

__all__ = ["EVENT_KINDS", "FIGURE_KINDS", "KINDS", "KINDS_BY_FOLDER", "KINDS_BY_NAME", "MEASURE_STATUSES", "PID_STATUSES",
           "RecordKind", "kind_of", "register", "unregister"]


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


def _by_id(record: model.Record) -> tuple[str, ...]:
    return (record.id,)


# The checks above that a JSON Schema can say too, for editors' tools (each kind's ``schema_rules``).
_PUBLISHED = {"required": ["status"], "properties": {"status": {"not": {"enum": ["not-published"]}}}}
_PUBLISHED_PID_HAS_OUTCOMES = {"if": _PUBLISHED, "then": {"required": ["general_outcome", "specific_outcomes"],
                                                          "properties": {"specific_outcomes": {"minItems": 1}}}}
_SURVEY_NAMES_COUNTRIES_OR_SAYS_WHY = {
    "if": {"anyOf": [{"not": {"required": ["countries"]}}, {"properties": {"countries": {"maxItems": 0}}}]},
    "then": {"required": ["countries_note"]}}


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
    rules = references + list(kind.check_only)
    if not rules:
        return ""
    return " Checked by `make check`, not by this schema: " + "; ".join(rules) + "."


@dataclass(frozen=True)
class RecordKind:
    """A kind of record, declared once: where its files live, what they hold and where it is shown.

    Everything else that depends on the kind is derived from this and from its class in
    ``model.py``: reference checking and backlinks (its ``Ref`` fields), the ``Site``'s
    tables, the open data, the page plan, the URLs, the skeletons and the web editor.
    """

    name: str
    folder: str  # under content/; "" for a single file content/<name>.yml
    title: str
    cls: type[model.Record]
    doc: str
    check: Check | None = None
    """Checks across the record's own fields, run when the file is validated."""
    data_name: str = ""
    """Name of the open-data files under /data/ when it is not ``folder``: published names never change."""
    former_folders: tuple[str, ...] = ()
    """Folders under content/ that once held this kind: a file left there is an error that says where it goes."""
    pages: str = ""
    """Folder of the records' own pages under the generated docs (``<pages>/<id>.md``); "" for no pages."""
    url: str = ""
    """Where a record's page is served, when not where MkDocs serves its Markdown path: ``news/{id}/``."""
    template: str = ""
    """The template of a record's page."""
    var: str = ""
    """The name under which that template receives the record (the kind's name unless given)."""
    index: str = ""
    """The Markdown path of the page that lists the kind's records; "" for none."""
    index_template: str = ""
    order: Callable[[Any], Any] = _by_id
    """Sort key of the kind's records wherever they are listed (pages, open data, backlinks)."""
    newest_first: bool = False
    schema_rules: tuple[dict[str, Any], ...] = ()
    """What ``check`` checks across the record's fields that a JSON Schema can say too, for editors' tools."""
    check_only: tuple[str, ...] = ()
    """What ``check`` checks beyond the JSON Schema (besides references), as each schema's description says."""

    @property
    def shape(self) -> Obj:
        return shape(self.cls, self.check)

    @property
    def data(self) -> str:
        """The stem of the kind's open-data files: ``data/<data>.json`` (and ``.csv`` for a folder kind)."""
        return self.data_name or self.folder or self.name

    @property
    def context_name(self) -> str:
        return self.var or self.name

    def json_schema(self) -> dict[str, Any]:
        schema = self.shape.json_schema()
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://acip.example/data/schemas/{self.name}.schema.json",
            "title": f"A-CIP {self.title} record",
            "description": self.doc + _beyond_schema(self),
            **schema,
            **({"allOf": list(self.schema_rules)} if self.schema_rules else {}),
        }


KINDS: list[RecordKind] = []
"""Every kind, in the order pages, data files and the field reference list them; extended by ``register``."""
KINDS_BY_NAME: dict[str, RecordKind] = {}
KINDS_BY_FOLDER: dict[str, RecordKind] = {}
KINDS_BY_FORMER_FOLDER: dict[str, RecordKind] = {}
KINDS_BY_CLASS: dict[type[model.Record], RecordKind] = {}


def register(kind: RecordKind) -> RecordKind:
    """Add a kind to the registry: the one step that makes a declared kind part of the site."""
    if kind.name in KINDS_BY_NAME or (kind.folder and kind.folder in KINDS_BY_FOLDER):
        raise ValueError(f"record kind {kind.name!r} (content/{kind.folder}/) is declared twice")
    KINDS.append(kind)
    KINDS_BY_NAME[kind.name] = kind
    KINDS_BY_CLASS[kind.cls] = kind
    if kind.folder:
        KINDS_BY_FOLDER[kind.folder] = kind
    KINDS_BY_FORMER_FOLDER.update((folder, kind) for folder in kind.former_folders)
    return kind


def unregister(kind: RecordKind) -> None:
    """Take a kind out of the registry again (tests that declare a kind of their own)."""
    KINDS.remove(kind)
    del KINDS_BY_NAME[kind.name], KINDS_BY_CLASS[kind.cls]
    KINDS_BY_FOLDER.pop(kind.folder, None)
    for folder in kind.former_folders:
        KINDS_BY_FORMER_FOLDER.pop(folder, None)


def kind_of(cls: type[model.Record]) -> RecordKind:
    return KINDS_BY_CLASS[cls]


register(RecordKind("programme", "", "programme", model.Programme, "The programme itself: content/programme.yml."))
register(RecordKind("region", "regions", "WCO region", model.Region, "A WCO region: content/regions/<id>.yml."))
register(RecordKind("factor", "factors", "Arusha factor", model.Factor,
                    "A key factor of the Revised Arusha Declaration: content/factors/<id>.yml.",
                    pages="factors", template="factor.md.j2", index="factors/index.md", index_template="factors.md.j2",
                    order=lambda f: (f.number, f.id)))
register(RecordKind("donor", "donors", "donor", model.Donor, "A donor: content/donors/<id>.yml."))
register(RecordKind("tool", "tools", "tool", model.Tool, "A programme tool: content/tools/<id>.yml."))
register(RecordKind("partner", "partners", "partner", model.Partner, "A partner administration: content/partners/<id>.yml.",
                    pages="partners", template="partner.md.j2", index="partners/index.md", index_template="partners.md.j2",
                    order=lambda p: (p.name.en.casefold(), p.id)))
register(RecordKind("pid", "pids", "PID", model.Pid, "A Project Information Document: content/pids/<id>.yml.", _check_pid,
                    pages="pids", template="pid.md.j2", index="pids/index.md", index_template="pids.md.j2",
                    schema_rules=(_PUBLISHED_PID_HAS_OUTCOMES,), check_only=("no other PID names the same `partner`",)))
register(RecordKind("event", "events", "workshop or meeting", model.Event,
                    "A workshop or meeting: content/events/<id>.yml.", _check_event,
                    data_name="workshops", former_folders=("workshops",),
                    pages="events", template="event.md.j2", index="events/index.md", index_template="events.md.j2",
                    order=lambda e: (e.first_day, e.last_day, e.id),
                    check_only=("`end` is not before `start`", "`related` does not name the event itself")))
# Material's blog plugin serves each post at news/<slug>/ (mkdocs.yml: post_url_format), and a post's slug is its id.
register(RecordKind("news", "news", "news post", model.News, "A news post: content/news/<id>.yml.",
                    pages="news/posts", url="news/{id}/", template="post.md.j2", var="post",
                    index="news/index.md", index_template="news.md.j2",
                    order=lambda n: (n.first_day, n.id), newest_first=True))
register(RecordKind("figure", "figures", "programme figure", model.Figure,
                    "A dated count about the programme, such as its number of partners: content/figures/<id>.yml.",
                    order=lambda f: (f.date.earliest(), f.id)))
register(RecordKind("survey", "surveys", "CIPS round", model.Survey,
                    "A round of the Customs Integrity Perception Survey (CIPS): content/surveys/<id>.yml.", _check_survey,
                    order=lambda s: (s.start.earliest(), s.id), schema_rules=(_SURVEY_NAMES_COUNTRIES_OR_SAYS_WHY,),
                    check_only=("`end` is not before `start`", "`countries_count` is not fewer than the partners in `countries`",
                                "no partner is in both `countries` and `disputed`")))
