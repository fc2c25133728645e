"""The record kinds, each declared once: typed classes whose attributes carry their field specs.

Validation produces these objects and templates receive them. Each attribute's annotation
is its Python type; ``attr(spec, default=…)`` gives its rules and doc (``generator.fields``);
an attribute without a default is required. Everything else about a kind (validation,
JSON Schema, field reference, skeletons, web editor, synthetic records) is derived from
here through ``generator.declare.shape``. Where a kind's files live is in ``schema.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.declare import attr, declared, shape
from generator.fields import Boolean, Choice, Country, ListOf, Number, Ref, Text, Url, When
from generator.values import LANGUAGES, Localized, PartialDate

__all__ = ["LANGUAGES", "Localized", "PartialDate"]  # and the classes below; these three are re-exported

MEASURE_STATUSES = ("planned", "in-progress", "completed", "delayed", "cancelled")
PID_STATUSES = ("not-published", "draft", "agreed", "in-implementation", "completed")
FIGURE_KINDS = ("total", "added")
EVENT_KINDS = ("workshop", "meeting", "committee", "launch", "visit", "signing", "training")

SOURCES = ListOf(item=Url(), doc="Public web pages the facts come from.", max_items=30)


@dataclass(frozen=True)
class Origin:
    """The file a record came from, for error messages and 'edit this page'."""

    path: str
    line: int = 1


@declared
class Record:
    """What every record has: an id (its file name) and its origin, and the fields every record may carry."""

    id: str = ""
    origin: Origin = Origin("")
    internal: bool = attr(Boolean(doc="`true` keeps the whole record off the site and out of the open data."), default=False)
    notes: None = attr(Text(doc="Editors' notes; never published.", private=True, translatable=False, multiline=True,
                            max_length=5000), default=None)


# --- the programme and what it works with ------------------------------------------------------------

@declared
class Component:
    name: Localized = attr(Text())
    description: Localized = attr(Text(multiline=True, max_length=1000))


@declared
class Programme(Record):
    name: Localized = attr(Text(doc="Full name."))
    short_name: Localized = attr(Text(auto_translated=True, max_length=20,
                                      doc="Acronym, e.g. A-CIP; give {en: …, fr: …} where French uses another (A-CPI)."))
    aim: Localized = attr(Text(multiline=True, max_length=1000, doc="What the programme sets out to do."))
    summary: Localized = attr(Text(multiline=True, rich=True, max_length=2000, doc="A few lines for the home page."))
    launched: PartialDate = attr(When(finest="month", doc="When it started."))
    components: tuple[Component, ...] = attr(ListOf(item=shape(Component), doc="Its components."), default=())
    principles: tuple[Localized, ...] = attr(ListOf(item=Text(max_length=300), doc="Implementation principles."), default=())
    donors: tuple[str, ...] = attr(ListOf(item=Ref(kind="donor"), unique=True, doc="Donors funding it."), default=())
    accessibility_contact: str | None = attr(Url(
        doc="Where readers report accessibility problems (a mailto: or https: address), shown in the accessibility "
            "statement; leave it out until one is published.", example="mailto:accessibility@example.org"), default=None)
    accessibility_reviewed: PartialDate | None = attr(When(
        coarsest="day", doc="The day the accessibility statement was last reviewed against the site."), default=None)
    sources: tuple[str, ...] = attr(SOURCES, default=())


@declared
class Region(Record):
    name: Localized = attr(Text(doc="Name of the region.", example={"en": "Name of the region", "fr": "Nom de la région"}))
    sources: tuple[str, ...] = attr(SOURCES, default=())


@declared
class Factor(Record):
    name: Localized = attr(Text(doc="Name of the factor.", example={"en": "Name of the factor", "fr": "Nom du facteur"}))
    number: int = attr(Number(integer=True, minimum=1, maximum=99, doc="Its place in the Declaration.", example=11))
    summary: Localized | None = attr(Text(multiline=True, rich=True, max_length=2000, doc="What it covers."), default=None)
    sources: tuple[str, ...] = attr(SOURCES, default=())


@declared
class Donor(Record):
    name: Localized = attr(Text(doc="Full name.", example={"en": "Full name of the donor", "fr": "Nom complet du donateur"}))
    short_name: str = attr(Text(translatable=False, max_length=30, doc="Short name, e.g. Norad.", example="Donor"))
    country: str | None = attr(Country(doc="Country of the donor."), default=None)
    website: str | None = attr(Url(doc="Official website."), default=None)
    summary: Localized | None = attr(Text(multiline=True, rich=True, max_length=2000, doc="Its part in the programme."),
                                     default=None)
    sources: tuple[str, ...] = attr(SOURCES, default=())


@declared
class Tool(Record):
    name: Localized = attr(Text(doc="Full name.", example={"en": "Full name of the tool", "fr": "Nom complet de l’outil"}))
    short_name: Localized = attr(Text(auto_translated=True, max_length=20,
                                      doc="Acronym, e.g. CIPS; give {en: …, fr: …} where French uses another (SPID).",
                                      example="TOOL"))
    summary: Localized = attr(Text(multiline=True, rich=True, max_length=3000, doc="What it is and how it is used.",
                                   example={"en": "What it is and how it is used.", "fr": "Ce que c’est et comment il est utilisé."}))
    website: str | None = attr(Url(doc="Where to read more."), default=None)
    sources: tuple[str, ...] = attr(SOURCES, default=())


@declared
class Partner(Record):
    name: Localized = attr(Text(auto_translated=True,
                                doc="Display name, usually the country; a country's name is translated from CLDR.",
                                example={"en": "Name of the partner", "fr": "Nom du partenaire"}))
    country: str = attr(Country(doc="ISO 3166-1 alpha-2 code.", example="GH"))
    joined: PartialDate = attr(When(finest="month", doc="When it joined the programme."))
    cohort: str = attr(Text(translatable=False, max_length=20, doc="Cohort, e.g. \"2019\".", example="2019"))
    region: str | None = attr(Ref(kind="region", doc="WCO region id."), default=None)
    administration: Localized | None = attr(Text(doc="Official name of the administration."), default=None)
    donors: tuple[str, ...] = attr(ListOf(item=Ref(kind="donor"), unique=True, doc="Donors funding its participation."),
                                   default=())
    summary: Localized | None = attr(Text(multiline=True, rich=True, max_length=3000, doc="What it does in the programme."),
                                     default=None)
    website: str | None = attr(Url(doc="The administration's website."), default=None)
    contact: None = attr(Text(private=True, translatable=False, doc="Coordinator's contact; never published."), default=None)
    sources: tuple[str, ...] = attr(SOURCES, default=())


# --- Project Information Documents -------------------------------------------------------------------

@declared
class Value:
    """A figure and the year it refers to."""

    value: float = attr(Number(doc="The figure."))
    year: int = attr(Number(integer=True, minimum=1990, maximum=2100, doc="Year of the figure."))


@declared
class Indicator:
    """How progress on an outcome is measured."""

    name: Localized = attr(Text(doc="What is measured."))
    unit: Localized | None = attr(Text(max_length=40, doc="Unit of the figures, e.g. %."), default=None)
    baseline: Value | None = attr(shape(Value), default=None)
    target: Value | None = attr(shape(Value), default=None)
    actual: Value | None = attr(shape(Value), default=None)


@declared
class Measure:
    """An action that reaches an outcome."""

    title: Localized = attr(Text(max_length=300, doc="What is done."))
    status: str = attr(Choice(choices=MEASURE_STATUSES, doc="Where the measure stands.", synonyms={
        "done": "completed", "finished": "completed", "complete": "completed", "ongoing": "in-progress",
        "started": "in-progress", "late": "delayed", "postponed": "delayed", "dropped": "cancelled"}))
    due: PartialDate | None = attr(When(finest="month", doc="When it is due."), default=None)


@declared
class Outcome:
    """A specific outcome of a PID."""

    title: Localized = attr(Text(max_length=300, doc="The outcome sought."))
    arusha_factors: tuple[str, ...] = attr(ListOf(item=Ref(kind="factor"), unique=True, max_items=10,
                                                  doc="Key factors of the Revised Arusha Declaration it addresses."),
                                           default=())
    indicators: tuple[Indicator, ...] = attr(ListOf(item=shape(Indicator), max_items=20,
                                                    doc="Baseline, target and actual figures."), default=())
    measures: tuple[Measure, ...] = attr(ListOf(item=shape(Measure), max_items=100, doc="Measures that reach the outcome."))


@declared
class Pid(Record):
    partner: str = attr(Ref(kind="partner", exclusive=True, doc="The partner it belongs to.", example="{id}"))
    # Nothing is shown as published unless a record says so.
    status: str = attr(Choice(choices=PID_STATUSES,
                              doc="Where the PID stands; `not-published` (the default) while its content is not public."),
                       default="not-published")
    general_outcome: Localized | None = attr(Text(multiline=True, max_length=1000,
                                                  doc="The general outcome (required unless not-published)."), default=None)
    specific_outcomes: tuple[Outcome, ...] = attr(ListOf(item=shape(Outcome), max_items=30,
                                                         doc="Specific outcomes (required unless not-published)."), default=())
    discussed_at: tuple[str, ...] = attr(ListOf(item=Ref(kind="event"), unique=True, doc="Events where the PID was discussed."),
                                         default=())
    summary: Localized | None = attr(Text(multiline=True, rich=True, max_length=3000, doc="What is publicly known about it."),
                                     default=None)
    sources: tuple[str, ...] = attr(SOURCES, default=())

    @property
    def published(self) -> bool:
        return self.status != "not-published"


# --- activities --------------------------------------------------------------------------------------

@declared
class Event(Record):
    title: Localized = attr(Text(doc="Name of the event.", example={"en": "Name of the workshop", "fr": "Nom de l’atelier"}))
    kind: str = attr(Choice(choices=EVENT_KINDS, doc="What sort of event."), default="workshop")
    start: PartialDate = attr(When(coarsest="month", doc=
        "First day; or its month (YYYY-MM) when sources do not give the day: the site then shows the month, "
        "and events.ics leaves the event out."))
    end: PartialDate = attr(When(coarsest="month", doc="Last day, or its month; not before start."))
    venue: Localized = attr(Text(doc="Where it took place.", example={"en": "Venue", "fr": "Lieu"}))
    city: Localized | None = attr(Text(doc="City."), default=None)
    country: str | None = attr(Country(doc="Country."), default=None)
    participants: tuple[str, ...] = attr(ListOf(item=Ref(kind="partner"), unique=True, max_items=500,
                                                doc="Partner ids taking part; may be empty ([])."))
    participants_note: Localized | None = attr(Text(max_length=300, doc="Who took part, where the list is not known."),
                                               default=None)
    donors: tuple[str, ...] = attr(ListOf(item=Ref(kind="donor"), unique=True, doc="Donors represented."), default=())
    topics: tuple[Localized, ...] = attr(ListOf(item=Text(max_length=200), doc="Topics discussed."), default=())
    related: tuple[str, ...] = attr(ListOf(item=Ref(kind="event"), unique=True, doc="Related events."), default=())
    summary: Localized | None = attr(Text(multiline=True, rich=True, max_length=3000, doc="What happened."), default=None)
    sources: tuple[str, ...] = attr(SOURCES, default=())

    @property
    def first_day(self) -> dt.date:
        """The earliest day it can stand for: for sorting, never shown."""
        return self.start.first_day()

    @property
    def last_day(self) -> dt.date:
        """The latest day it can stand for: an event of October is past once October is."""
        return self.end.last_day()

    @property
    def day_known(self) -> bool:
        """Whether both dates are days: only then can a calendar show the event as it happened."""
        return self.start.day_known and self.end.day_known


@declared
class News(Record):
    title: Localized = attr(Text(doc="Headline.", example={"en": "Headline", "fr": "Titre"}))
    date: PartialDate = attr(When(coarsest="month", doc=
        "Publication date, as the source page dates it; YYYY-MM when it shows only the month: the site then shows "
        "the month, and the Atom feed leaves the post out."))
    summary: Localized = attr(Text(multiline=True, max_length=600, doc="One or two sentences for lists and link previews.",
                                        example={"en": "One or two sentences for lists and link previews.",
                                                 "fr": "Une ou deux phrases pour les listes et les aperçus."}))
    body: Localized = attr(Text(multiline=True, rich=True, max_length=20000, doc="The post.",
                                example={"en": "The post.", "fr": "L’article."}))
    partners: tuple[str, ...] = attr(ListOf(item=Ref(kind="partner"), unique=True, max_items=500, doc="Partners it mentions."),
                                     default=())
    events: tuple[str, ...] = attr(ListOf(item=Ref(kind="event"), unique=True, doc="Events it reports on."), default=())
    sources: tuple[str, ...] = attr(SOURCES, default=())

    @property
    def first_day(self) -> dt.date:
        """For sorting, and for the blog plugin, which needs a day: never shown for a month-only post."""
        return self.date.first_day()

    @property
    def day_known(self) -> bool:
        return self.date.day_known


# --- the programme over time, and the survey rounds --------------------------------------------------

@declared
class Figure(Record):
    """A dated count that a source states about the programme (or that is derived from such counts)."""

    date: PartialDate = attr(When(doc="When the count holds, as precise as the source: a year, a month or a day."))
    count: int = attr(Number(integer=True, minimum=0, maximum=100_000, doc="The number."))
    counts: Localized = attr(Text(max_length=200, doc="What is counted, e.g. \"active partner administrations\".",
                                  example={"en": "active partner administrations", "fr": "administrations partenaires actives"}))
    kind: str = attr(Choice(choices=FIGURE_KINDS,
                            doc="`total` (the default): how many there were; `added`: how many joined at that date."),
                     default="total")
    more_than: bool = attr(Boolean(doc="`true` where the source gives a lower bound (\"more than 20\")."), default=False)
    derived: bool = attr(Boolean(doc="`true` where no source states the number and it is worked out from others (a sum)."),
                         default=False)
    note: Localized | None = attr(Text(max_length=500, doc="What a reader should know about the figure, e.g. that its source "
                                                           "is a reprint."), default=None)
    sources: tuple[str, ...] = attr(SOURCES, default=())


@declared
class Count:
    """A published number of respondents."""

    count: int = attr(Number(integer=True, minimum=0, maximum=10_000_000, doc="The number the source gives."))
    more_than: bool = attr(Boolean(doc="`true` where the source gives a lower bound (\"over 11,000\")."), default=False)


@declared
class Survey(Record):
    """One round of the Customs Integrity Perception Survey (CIPS)."""

    name: Localized = attr(Text(doc="Name of the round, e.g. \"First iteration, first group\".",
                                example={"en": "Name of the round", "fr": "Nom de la vague"}))
    iteration: int = attr(Number(integer=True, minimum=1, maximum=20, doc="Which iteration of the survey: 1, 2, …"))
    start: PartialDate = attr(When(doc="When fieldwork began, as precise as the source."))
    end: PartialDate | None = attr(When(doc="When fieldwork ended; not before start."), default=None)
    countries: tuple[str, ...] = attr(ListOf(item=Ref(kind="partner"), unique=True, max_items=500,
                                             doc="Partner ids the sources name as taking part."), default=())
    countries_count: int | None = attr(Number(integer=True, minimum=1, maximum=500,
                                              doc="How many countries the source says took part."), default=None)
    countries_note: Localized | None = attr(Text(max_length=500, doc="What the sources say about the countries where they "
                                                                     "do not name them.",
                                                 example={"en": "The sources do not name the countries.",
                                                          "fr": "Les sources ne nomment pas les pays."}), default=None)
    disputed: tuple[str, ...] = attr(ListOf(item=Ref(kind="partner"), unique=True, max_items=500,
                                            doc="Partners whose part in this round sources disagree about; shown as such."),
                                     default=())
    officials: Count | None = attr(shape(Count), default=None)
    private_sector: Count | None = attr(shape(Count), default=None)
    differences: Localized | None = attr(Text(multiline=True, max_length=1000, doc="Where sources disagree, and how."),
                                         default=None)
    sources: tuple[str, ...] = attr(SOURCES, default=())
