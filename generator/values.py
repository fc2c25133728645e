"""The value types records are made of: texts in the site's languages and dates as precise as their sources.

This is where the site's languages are declared, and the only place: every other module iterates
``LANGUAGES`` or asks for ``SOURCE_LANGUAGE``; what a language says and how it is typeset lives in its
catalogue (``templates/strings.<lang>.yml``, read by ``localize.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass

SOURCE_LANGUAGE = "en"
"""English: the language every required text is written in, the fallback of every translation, and the site's root."""

LANGUAGES = (SOURCE_LANGUAGE, "fr")
"""The site's languages, the source language first. Adding one here (and its catalogue) adds it to the site."""


@functools.cache
def language_name(lang: str) -> str:
    """The language's name in English ('French'), for editors' messages and forms: CLDR's, through Babel."""
    from babel import Locale  # here: `check` needs it only to word a warning

    return str(Locale.parse(lang).get_display_name(SOURCE_LANGUAGE))


@dataclass(frozen=True)
class Localized:
    """A text in the source language (``en``), and its translations as far as they go."""

    en: str
    translations: tuple[tuple[str, str], ...] = ()  # (language, text) pairs, in the order of LANGUAGES

    @classmethod
    def of(cls, texts: Mapping[str, str]) -> Localized:
        """From ``{language: text}`` as records write it; the source language is required."""
        return cls(texts[SOURCE_LANGUAGE], tuple((lang, texts[lang]) for lang in LANGUAGES[1:] if lang in texts))

    def get(self, lang: str) -> str:
        """The text in ``lang``, or in the source language while it is untranslated."""
        for code, text in self.translations:
            if code == lang:
                return text
        return self.en

    def has(self, lang: str) -> bool:
        return lang == SOURCE_LANGUAGE or any(code == lang for code, _ in self.translations)

    def texts(self) -> dict[str, str]:
        """Every language it is written in, the source language first: ``{"en": …, "fr": …}``."""
        return {SOURCE_LANGUAGE: self.en, **dict(self.translations)}


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
