"""The record contract: one declaration per record kind.

Validation, the JSON Schemas under ``/data/schemas/`` and the editors'
field reference are all derived from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node

from generator import model
from generator.fields import (
    Boolean,
    Choice,
    Context,
    Country,
    DayOrMonth,
    Field,
    ListOf,
    Number,
    Obj,
    Ref,
    Text,
    Url,
    When,
    YearMonth,
)

MEASURE_STATUSES = ("planned", "in-progress", "completed", "delayed", "cancelled")
PID_STATUSES = ("not-published", "draft", "agreed", "in-implementation", "completed")
FIGURE_KINDS = ("total", "added")
EVENT_KINDS = ("workshop", "meeting", "committee", "launch", "visit", "signing", "training")


def _sources() -> ListOf:
    return ListOf(item=Url(), doc="Public web pages the facts come from.", max_items=30)


def _common() -> dict[str, Field]:
    """Fields every record may carry: never published."""
    return {
        "internal": Boolean(doc="`true` keeps the whole record off the site and out of the open data."),
        "notes": Text(doc="Editors' notes; never published.", private=True, translatable=False, multiline=True, max_length=5000),
    }


def _check_event(event: model.Event, node: MappingNode, ctx: Context, where: str) -> None:
    # Across precisions: a month stands for any of its days, so only an end wholly before the start is wrong.
    if event.last_day < event.first_day:
        end_node = next(v for k, v in node.value if k.value == "end")
        ctx.error(end_node, "end", f"{event.end.isoformat()} is before start {event.start.isoformat()}", "swap the dates or fix the year")


def _check_pid(pid: model.Pid, node: MappingNode, ctx: Context, where: str) -> None:
    if pid.published and pid.general_outcome is None:
        ctx.error(node, "", "missing required field 'general_outcome'",
                  "add 'general_outcome: …', or 'status: not-published' while the PID is not public")
    if pid.published and not pid.specific_outcomes:
        ctx.error(node, "", "missing required field 'specific_outcomes'",
                  "add at least one outcome, or 'status: not-published' while the PID is not public")


VALUE = Obj(cls=model.Value, doc="A figure and the year it refers to.", fields={
    "value": Number(required=True, doc="The figure."),
    "year": Number(integer=True, minimum=1990, maximum=2100, required=True, doc="Year of the figure."),
})

MEASURE = Obj(cls=model.Measure, doc="An action that reaches an outcome.", fields={
    "title": Text(required=True, max_length=300, doc="What is done."),
    "status": Choice(choices=MEASURE_STATUSES, required=True, doc="Where the measure stands.", synonyms={
        "done": "completed", "finished": "completed", "complete": "completed", "ongoing": "in-progress",
        "started": "in-progress", "late": "delayed", "postponed": "delayed", "dropped": "cancelled"}),
    "due": YearMonth(doc="When it is due."),
})

INDICATOR = Obj(cls=model.Indicator, doc="How progress on an outcome is measured.", fields={
    "name": Text(required=True, doc="What is measured."),
    "unit": Text(max_length=40, doc="Unit of the figures, e.g. %."),
    "baseline": VALUE, "target": VALUE, "actual": VALUE,
})

OUTCOME = Obj(cls=model.Outcome, doc="A specific outcome of a PID.", fields={
    "title": Text(required=True, max_length=300, doc="The outcome sought."),
    "arusha_factors": ListOf(item=Ref(kind="factor"), unique=True, max_items=10,
                             doc="Key factors of the Revised Arusha Declaration it addresses."),
    "indicators": ListOf(item=INDICATOR, max_items=20, doc="Baseline, target and actual figures."),
    "measures": ListOf(item=MEASURE, required=True, max_items=100, doc="Measures that reach the outcome."),
})


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
            "description": self.doc,
            **schema,
        }


def _kind(name: str, folder: str, title: str, cls: type, doc: str, fields: dict[str, Field], check: Any = None,
          data_name: str = "", former_folders: tuple[str, ...] = ()) -> RecordKind:
    return RecordKind(name, folder, title, Obj(cls=cls, fields={**fields, **_common()}, doc=doc, check=check), doc,
                      data_name, former_folders)


KINDS: tuple[RecordKind, ...] = (
    _kind("programme", "", "programme", model.Programme, "The programme itself: content/programme.yml.", {
        "name": Text(required=True, doc="Full name."),
        "short_name": Text(required=True, auto_translated=True, max_length=20,
                          doc="Acronym, e.g. A-CIP; give {en: …, fr: …} where French uses another (A-CPI)."),
        "aim": Text(required=True, multiline=True, max_length=1000, doc="What the programme sets out to do."),
        "summary": Text(required=True, multiline=True, rich=True, max_length=2000, doc="A few lines for the home page."),
        "launched": YearMonth(required=True, doc="When it started."),
        "components": ListOf(item=Obj(cls=model.Component, fields={
            "name": Text(required=True), "description": Text(required=True, multiline=True, max_length=1000)}),
            doc="Its components."),
        "principles": ListOf(item=Text(max_length=300), doc="Implementation principles."),
        "donors": ListOf(item=Ref(kind="donor"), unique=True, doc="Donors funding it."),
        "sources": _sources(),
    }),
    _kind("region", "regions", "WCO region", model.Region, "A WCO region: content/regions/<id>.yml.", {
        "name": Text(required=True, doc="Name of the region."),
        "sources": _sources(),
    }),
    _kind("factor", "factors", "Arusha factor", model.Factor,
          "A key factor of the Revised Arusha Declaration: content/factors/<id>.yml.", {
        "name": Text(required=True, doc="Name of the factor."),
        "number": Number(integer=True, minimum=1, maximum=99, required=True, doc="Its place in the Declaration."),
        "summary": Text(multiline=True, rich=True, max_length=2000, doc="What it covers."),
        "sources": _sources(),
    }),
    _kind("donor", "donors", "donor", model.Donor, "A donor: content/donors/<id>.yml.", {
        "name": Text(required=True, doc="Full name."),
        "short_name": Text(required=True, translatable=False, max_length=30, doc="Short name, e.g. Norad."),
        "country": Country(doc="Country of the donor."),
        "website": Url(doc="Official website."),
        "summary": Text(multiline=True, rich=True, max_length=2000, doc="Its part in the programme."),
        "sources": _sources(),
    }),
    _kind("tool", "tools", "tool", model.Tool, "A programme tool: content/tools/<id>.yml.", {
        "name": Text(required=True, doc="Full name."),
        "short_name": Text(required=True, auto_translated=True, max_length=20,
                          doc="Acronym, e.g. CIPS; give {en: …, fr: …} where French uses another (SPID)."),
        "summary": Text(required=True, multiline=True, rich=True, max_length=3000, doc="What it is and how it is used."),
        "website": Url(doc="Where to read more."),
        "sources": _sources(),
    }),
    _kind("partner", "partners", "partner", model.Partner, "A partner administration: content/partners/<id>.yml.", {
        "name": Text(required=True, auto_translated=True,
                     doc="Display name, usually the country; a country's name is translated from CLDR."),
        "country": Country(required=True, doc="ISO 3166-1 alpha-2 code."),
        "joined": YearMonth(required=True, doc="When it joined the programme."),
        "cohort": Text(required=True, translatable=False, max_length=20, doc="Cohort, e.g. \"2019\"."),
        "region": Ref(kind="region", doc="WCO region id."),
        "administration": Text(doc="Official name of the administration."),
        "donors": ListOf(item=Ref(kind="donor"), unique=True, doc="Donors funding its participation."),
        "summary": Text(multiline=True, rich=True, max_length=3000, doc="What it does in the programme."),
        "website": Url(doc="The administration's website."),
        "contact": Text(private=True, translatable=False, doc="Coordinator's contact; never published."),
        "sources": _sources(),
    }),
    _kind("pid", "pids", "PID", model.Pid, "A Project Information Document: content/pids/<id>.yml.", {
        "partner": Ref(kind="partner", required=True, doc="The partner it belongs to."),
        "status": Choice(choices=PID_STATUSES, default="not-published",
                         doc="Where the PID stands; `not-published` (the default) while its content is not public."),
        "general_outcome": Text(multiline=True, max_length=1000, doc="The general outcome (required unless not-published)."),
        "specific_outcomes": ListOf(item=OUTCOME, max_items=30, doc="Specific outcomes (required unless not-published)."),
        "discussed_at": ListOf(item=Ref(kind="event"), unique=True, doc="Events where the PID was discussed."),
        "summary": Text(multiline=True, rich=True, max_length=3000, doc="What is publicly known about it."),
        "sources": _sources(),
    }, check=_check_pid),
    _kind("event", "events", "workshop or meeting", model.Event, "A workshop or meeting: content/events/<id>.yml.", {
        "title": Text(required=True, doc="Name of the event."),
        "kind": Choice(choices=EVENT_KINDS, doc="What sort of event."),
        "start": DayOrMonth(required=True, doc="First day; or its month (YYYY-MM) when sources do not give the day: "
                            "the site then shows the month, and events.ics leaves the event out."),
        "end": DayOrMonth(required=True, doc="Last day, or its month; not before start."),
        "venue": Text(required=True, doc="Where it took place."),
        "city": Text(doc="City."),
        "country": Country(doc="Country."),
        "participants": ListOf(item=Ref(kind="partner"), required=True, unique=True, max_items=500,
                               doc="Partner ids taking part; may be empty ([])."),
        "participants_note": Text(max_length=300, doc="Who took part, where the list is not known."),
        "donors": ListOf(item=Ref(kind="donor"), unique=True, doc="Donors represented."),
        "topics": ListOf(item=Text(max_length=200), doc="Topics discussed."),
        "related": ListOf(item=Ref(kind="event"), unique=True, doc="Related events."),
        "summary": Text(multiline=True, rich=True, max_length=3000, doc="What happened."),
        "sources": _sources(),
    }, check=_check_event, data_name="workshops", former_folders=("workshops",)),
    _kind("news", "news", "news post", model.News, "A news post: content/news/<id>.yml.", {
        "title": Text(required=True, doc="Headline."),
        "date": DayOrMonth(required=True, doc="Publication date, as the source page dates it; YYYY-MM when it shows only the month: "
                           "the site then shows the month, and the Atom feed leaves the post out."),
        "summary": Text(required=True, multiline=True, max_length=600, doc="One or two sentences for lists and link previews."),
        "body": Text(required=True, multiline=True, rich=True, max_length=20000, doc="The post."),
        "partners": ListOf(item=Ref(kind="partner"), unique=True, max_items=500, doc="Partners it mentions."),
        "events": ListOf(item=Ref(kind="event"), unique=True, doc="Events it reports on."),
        "sources": _sources(),
    }),
)


# --- the programme over time, and the survey rounds -------------------------------------------------

COUNT = Obj(cls=model.Count, doc="A published number of respondents.", fields={
    "count": Number(integer=True, minimum=0, maximum=10_000_000, required=True, doc="The number the source gives."),
    "more_than": Boolean(doc="`true` where the source gives a lower bound (\"over 11,000\")."),
})


def _field_node(node: MappingNode, name: str) -> Node:
    """The value node of ``name`` in a record's mapping (the mapping itself where the field is absent)."""
    return next((v for k, v in node.value if k.value == name), node)


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


KINDS += (
    _kind("figure", "figures", "programme figure", model.Figure,
          "A dated count about the programme, such as its number of partners: content/figures/<id>.yml.", {
        "date": When(required=True, doc="When the count holds, as precise as the source: a year, a month or a day."),
        "count": Number(integer=True, minimum=0, maximum=100_000, required=True, doc="The number."),
        "counts": Text(required=True, max_length=200, doc="What is counted, e.g. \"active partner administrations\"."),
        "kind": Choice(choices=FIGURE_KINDS, default="total",
                       doc="`total` (the default): how many there were; `added`: how many joined at that date."),
        "more_than": Boolean(doc="`true` where the source gives a lower bound (\"more than 20\")."),
        "derived": Boolean(doc="`true` where no source states the number and it is worked out from others (a sum)."),
        "note": Text(max_length=500, doc="What a reader should know about the figure, e.g. that its source is a reprint."),
        "sources": _sources(),
    }),
    _kind("survey", "surveys", "CIPS round", model.Survey,
          "A round of the Customs Integrity Perception Survey (CIPS): content/surveys/<id>.yml.", {
        "name": Text(required=True, doc="Name of the round, e.g. \"First iteration, first group\"."),
        "iteration": Number(integer=True, minimum=1, maximum=20, required=True, doc="Which iteration of the survey: 1, 2, …"),
        "start": When(required=True, doc="When fieldwork began, as precise as the source."),
        "end": When(doc="When fieldwork ended; not before start."),
        "countries": ListOf(item=Ref(kind="partner"), unique=True, max_items=500,
                            doc="Partner ids the sources name as taking part."),
        "countries_count": Number(integer=True, minimum=1, maximum=500, doc="How many countries the source says took part."),
        "countries_note": Text(max_length=500, doc="What the sources say about the countries where they do not name them."),
        "disputed": ListOf(item=Ref(kind="partner"), unique=True, max_items=500,
                           doc="Partners whose part in this round sources disagree about; shown as such."),
        "officials": COUNT,
        "private_sector": COUNT,
        "differences": Text(multiline=True, max_length=1000, doc="Where sources disagree, and how."),
        "sources": _sources(),
    }, check=_check_survey),
)

KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
KINDS_BY_FOLDER = {kind.folder: kind for kind in KINDS if kind.folder}
KINDS_BY_FORMER_FOLDER = {folder: kind for kind in KINDS for folder in kind.former_folders}
