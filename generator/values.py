"""The value types records are made of: texts in two languages and dates as precise as their sources."""

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


@dataclass(frozen=True)
class PartialDate:
    """A year, a year and month, or a day: what sources tell, and no more.

    Not ordered: '2020' is neither before nor after '2020-04'. Sort by ``first_day()``
    or ``last_day()``, which say which end of the period is meant.
    """

    year: int
    month: int | None = None
    day: int | None = None  # only with a month

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}" + ("" if self.day is None else f"-{self.day:02d}")

    def isoformat(self) -> str:
        """The same as ``iso()``, the name ``datetime.date`` gives it: a valid ``<time datetime>`` either way."""
        return self.iso()

    @property
    def day_known(self) -> bool:
        return self.day is not None

    def earliest(self) -> tuple[int, int, int]:
        """The first day it may mean, for sorting and for checking that an end is not before a start."""
        return self.year, self.month or 1, self.day or 1

    def latest(self) -> tuple[int, int, int]:
        return self.year, self.month or 12, self.day or 31

    def first_day(self) -> dt.date:
        return dt.date(*self.earliest())

    def last_day(self) -> dt.date:
        if self.day is not None:
            return dt.date(*self.earliest())
        if self.month is None or self.month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.month + 1, 1) - dt.timedelta(days=1)
