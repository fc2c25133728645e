"""Typed records: what validation produces and templates receive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LANGUAGES = ("en", "fr")
"""The site's languages, English first: the language of every required text and of the site's root."""


@dataclass(frozen=True)
class Localized:
    """A text in English, and in French once translated."""

    en: str
    fr: str | None = None

    def get(self, lang: str) -> str:
        return (self.fr if lang == "fr" else None) or self.en

    def has(self, lang: str) -> bool:
        return lang == "en" or (lang == "fr" and self.fr is not None)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year, a year and month, or a day: what sources tell, and no more."""

    year: int
    month: int | None = None
    day: int | None = None  # only with a month

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}" + ("" if self.day is None else f"-{self.day:02d}")

    def earliest(self) -> tuple[int, int, int]:
        """The first day it may mean, for sorting and for checking that an end is not before a start."""
        return self.year, self.month or 1, self.day or 1

    def latest(self) -> tuple[int, int, int]:
        return self.year, self.month or 12, self.day or 31

    def isoformat(self) -> str:
        """The same as ``iso()``, so that a day (``datetime.date``) and a month print alike."""
        return self.iso()

    def first_day(self) -> dt.date:
        return dt.date(*self.earliest())

    def last_day(self) -> dt.date:
        if self.day is not None:
            return dt.date(*self.earliest())
        if self.month is None or self.month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.month + 1, 1) - dt.timedelta(days=1)


EventDate = dt.date | PartialDate
"""An event's start or end, or a post's date: a day, or a month when sources do not give the day."""


def first_day(value: EventDate) -> dt.date:
    """The earliest day ``value`` can stand for: for sorting, never shown."""
    return value.first_day() if isinstance(value, PartialDate) else value


def last_day(value: EventDate) -> dt.date:
    """The latest day ``value`` can stand for: an event of October is past once October is."""
    return value.last_day() if isinstance(value, PartialDate) else value


@dataclass(frozen=True)
class Origin:
    """The file a record came from, for error messages and 'edit this page'."""

    path: str
    line: int = 1


@dataclass(frozen=True, kw_only=True)
class Record:
    id: str = ""
    origin: Origin = Origin("")
    internal: bool = False


@dataclass(frozen=True, kw_only=True)
class Partner(Record):
    name: Localized
    country: str
    joined: PartialDate
    cohort: str
    region: str | None = None
    administration: Localized | None = None
    donors: tuple[str, ...] = ()
    summary: Localized | None = None
    website: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Value:
    value: float
    year: int


@dataclass(frozen=True, kw_only=True)
class Indicator:
    name: Localized
    unit: Localized | None = None
    baseline: Value | None = None
    target: Value | None = None
    actual: Value | None = None


@dataclass(frozen=True, kw_only=True)
class Measure:
    title: Localized
    status: str
    due: PartialDate | None = None


@dataclass(frozen=True, kw_only=True)
class Outcome:
    title: Localized
    measures: tuple[Measure, ...]
    arusha_factors: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Pid(Record):
    partner: str
    status: str = "not-published"  # nothing is shown as published unless a record says so
    general_outcome: Localized | None = None
    specific_outcomes: tuple[Outcome, ...] = ()
    discussed_at: tuple[str, ...] = ()
    summary: Localized | None = None
    sources: tuple[str, ...] = ()

    @property
    def published(self) -> bool:
        return self.status != "not-published"


@dataclass(frozen=True, kw_only=True)
class Event(Record):
    title: Localized
    start: EventDate
    end: EventDate
    venue: Localized
    participants: tuple[str, ...]
    kind: str = "workshop"
    city: Localized | None = None
    country: str | None = None
    participants_note: Localized | None = None
    donors: tuple[str, ...] = ()
    topics: tuple[Localized, ...] = ()
    related: tuple[str, ...] = ()
    summary: Localized | None = None
    sources: tuple[str, ...] = ()

    @property
    def first_day(self) -> dt.date:
        return first_day(self.start)

    @property
    def last_day(self) -> dt.date:
        return last_day(self.end)

    @property
    def day_known(self) -> bool:
        """Whether both dates are days: only then can a calendar show the event as it happened."""
        return not isinstance(self.start, PartialDate) and not isinstance(self.end, PartialDate)


@dataclass(frozen=True, kw_only=True)
class News(Record):
    title: Localized
    date: EventDate
    summary: Localized
    body: Localized
    partners: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def first_day(self) -> dt.date:
        """For sorting, and for the blog plugin, which needs a day: never shown for a month-only post."""
        return first_day(self.date)

    @property
    def day_known(self) -> bool:
        return not isinstance(self.date, PartialDate)


@dataclass(frozen=True, kw_only=True)
class Component:
    name: Localized
    description: Localized


@dataclass(frozen=True, kw_only=True)
class Programme(Record):
    name: Localized
    short_name: Localized
    aim: Localized
    summary: Localized
    launched: PartialDate
    components: tuple[Component, ...] = ()
    principles: tuple[Localized, ...] = ()
    donors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Donor(Record):
    name: Localized
    short_name: str
    country: str | None = None
    website: str | None = None
    summary: Localized | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Tool(Record):
    name: Localized
    short_name: Localized
    summary: Localized
    website: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Factor(Record):
    name: Localized
    number: int
    summary: Localized | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Region(Record):
    name: Localized
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Figure(Record):
    """A dated count that a source states about the programme (or that is derived from such counts)."""

    date: PartialDate
    count: int
    counts: Localized
    kind: str = "total"
    more_than: bool = False
    derived: bool = False
    note: Localized | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Count:
    """A published number, exact or a lower bound ("over 11,000")."""

    count: int
    more_than: bool = False


@dataclass(frozen=True, kw_only=True)
class Survey(Record):
    """One round of the Customs Integrity Perception Survey (CIPS)."""

    name: Localized
    iteration: int
    start: PartialDate
    end: PartialDate | None = None
    countries: tuple[str, ...] = ()
    countries_count: int | None = None
    countries_note: Localized | None = None
    disputed: tuple[str, ...] = ()
    officials: Count | None = None
    private_sector: Count | None = None
    differences: Localized | None = None
    sources: tuple[str, ...] = ()
