"""Language-dependent values from CLDR (through Babel), and each language's catalogue of interface text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml
from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_decimal

from generator import typography
from generator.fields import USER_ASSIGNED
from generator.model import Localized, PartialDate, Partner
from generator.values import LANGUAGES, SOURCE_LANGUAGE, language_name


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def country_name(code: str, lang: str) -> str:
    """CLDR's name of a country; a user-assigned code (a fictitious one) has none, and shows as the code."""
    return code if code in USER_ASSIGNED else str(_locale(lang).territories.get(code, code))


def country_names(partners: Iterable[Partner]) -> dict[str, Localized]:
    """Countries that a partner record names itself in every language (Palestine, as the WCO writes it, where CLDR
    says "Territoires palestiniens"): the site calls the country so wherever it names it."""
    return {p.country: p.name for p in partners if all(p.name.has(lang) for lang in LANGUAGES)}


def place_name(code: str, lang: str, names: Mapping[str, Localized]) -> str:
    """A country's name on the site: the name its partner record gives (``country_names``), else CLDR's."""
    return names[code].get(lang) if code in names else country_name(code, lang)


def partner_name(partner: Partner, lang: str) -> Localized:
    """A partner's name in ``lang``: the editor's translation, else CLDR's name of its country.

    A fictitious country (a user-assigned code) has no CLDR name: its partner keeps the name its record gives.
    """
    if partner.name.has(lang):
        return partner.name
    if partner.country in USER_ASSIGNED:
        return Localized(partner.name.en, ((lang, partner.name.en),))
    return Localized(partner.name.en, ((lang, country_name(partner.country, lang)),))


@lru_cache(maxsize=8192, typed=True)  # CLDR formatting is slow and pages repeat the same values
def long_date(day: PartialDate, lang: str) -> str:
    """'25 April 2019'; a month without a day as the month alone ('June 2023'), a year as the year."""
    if not day.day_known:
        return month(day, lang)
    return format_date(day.first_day(), format="long", locale=lang)


@lru_cache(maxsize=8192, typed=True)
def date_range(start: PartialDate, end: PartialDate, lang: str) -> str:
    """Event dates in one style whether they span days or not: 'Feb 17 – 19, 2020' / '17–19 févr. 2020'.

    A month without a day shows as the month ('October 2021' / 'octobre 2021'), never as an invented day.
    """
    if not (start.day_known and end.day_known):
        if not start.day_known and not end.day_known and start.month and end.month:
            if start == end:
                return month(start, lang)
            return format_interval(start.first_day(), end.first_day(), skeleton="yMMMM", locale=lang)
        return f"{_one_date(start, lang)} – {_one_date(end, lang)}"
    if start == end:
        return format_skeleton("yMMMd", start.first_day(), locale=lang)
    return format_interval(start.first_day(), end.first_day(), skeleton="yMMMd", locale=lang)


def _one_date(value: PartialDate, lang: str) -> str:
    return format_skeleton("yMMMd", value.first_day(), locale=lang) if value.day_known else month(value, lang)


@lru_cache(maxsize=8192, typed=True)
def month(value: PartialDate, lang: str) -> str:
    if value.month is None:
        return str(value.year)
    return format_skeleton("yMMMM", dt.date(value.year, value.month, 1), locale=lang)


@lru_cache(maxsize=8192, typed=True)
def when_range(start: PartialDate, end: PartialDate | None, lang: str) -> str:
    """A period at the precision both ends are known: 'January – February 2020', 'Sep 2 – 27, 2024'."""
    if end is None or end == start:
        return long_date(start, lang)
    if start.month and end.month and start.day_known == end.day_known:
        return date_range(start, end, lang)
    return f"{long_date(start, lang)} – {long_date(end, lang)}"  # ends known to different precisions: each as it is known


@lru_cache(maxsize=8192, typed=True)
def short_month(value: PartialDate, lang: str) -> str:
    """The month alone, abbreviated ('Apr' / 'avr.'), for a chart's axis; empty when only the year is known."""
    if value.month is None:
        return ""
    return format_skeleton("MMM", dt.date(value.year, value.month, 1), locale=lang)


@lru_cache(maxsize=8192, typed=True)
def number(value: float, lang: str) -> str:
    return format_decimal(value, locale=lang)


def catalogue_path(templates: Path, lang: str) -> Path:
    """Where a language's catalogue lives: ``templates/strings.<lang>.yml``."""
    return templates / f"strings.{lang}.yml"


@dataclass(frozen=True)
class Language:
    """What a language's catalogue says about the language itself (its ``language:`` block)."""

    code: str
    name: str  # in the language itself, for the language switcher: 'Français'
    locale: str  # for link previews' og:locale: 'fr_FR'
    typeset: Callable[[str], str]  # its typography (typography.STYLES), applied to every text of its pages


class Catalogue:
    """Every language's interface text, one catalogue per language (``templates/strings.<lang>.yml``).

    A catalogue maps English source text to the language's text, and holds two blocks: ``language``
    (its name, locale and typography) and ``theme`` (the theme's own strings, by the theme's keys).
    The source language's catalogue has only its ``language`` block. A missing string fails the build
    instead of showing English silently.
    """

    def __init__(self, templates: Path) -> None:
        self.templates = templates
        self.languages: dict[str, Language] = {}
        self.strings: dict[str, dict[str, str]] = {}
        self.theme: dict[str, dict[str, str]] = {}
        for lang in LANGUAGES:
            path = catalogue_path(templates, lang)
            data = (yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None) or {}
            about = data.pop("language", None) or {}
            typeset = typography.STYLES[str(about.get("typography", "none"))]
            self.languages[lang] = Language(lang, str(about.get("name", lang)), str(about.get("locale", lang)), typeset)
            # Typography is applied here, once, so a catalogue is written with plain spaces and quotes.
            self.theme[lang] = {str(k): typeset(str(v)) for k, v in (data.pop("theme", None) or {}).items()}
            self.strings[lang] = {str(k): typeset(str(v)) for k, v in data.items()}

    def gettext(self, text: str, lang: str) -> str:
        if lang == SOURCE_LANGUAGE:
            return text
        try:
            return self.strings[lang][text]
        except KeyError:
            name = catalogue_path(self.templates, lang).name
            raise KeyError(f"interface string {text!r} has no {language_name(lang)} in {name}") from None
