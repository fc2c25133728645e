"""Where every generated page lives: its Markdown path under ``build/docs/<lang>/`` and the URL it is served at.

Page planning, the templates (``path_of``, ``path_for``, ``data_file``), the open data, the feed
and calendar, MkDocs' ``not_in_nav``, the offline preview and ``make diff`` all ask this module.
A kind's page folder and URL are declared with the kind (``schema.KINDS``); the pages that are
not a kind's are listed here. MkDocs serves ``a/b.md`` at ``a/b/`` (``use_directory_urls``),
unless the kind declares another URL (the blog plugin's posts).
"""

from __future__ import annotations

import posixpath

from generator import model
from generator.schema import KINDS, KINDS_BY_NAME, RecordKind, kind_of
from generator.values import SOURCE_LANGUAGE

PAGES = {
    "home": "index.md",
    "resources": "resources/index.md",
    "map": "map.md",
    "data": "data/index.md",
    "fields": "editors/fields.md",
    "accessibility": "accessibility.md",
}
"""Pages that are not a kind's own (the kinds' index pages are declared with the kinds)."""

CALENDAR = "events.ics"
"""Every event with known days, as iCalendar."""
FEED = "feed.xml"
"""The news posts with known days, as Atom."""


def language_root(lang: str) -> str:
    """Where a language's site is served, relative to the site's root: '' for the source language, 'fr/'."""
    return "" if lang == SOURCE_LANGUAGE else f"{lang}/"


def indexes() -> dict[str, str]:
    """Every page that lists or explains rather than shows one record, by the stem of its template."""
    kinds = {kind.index_template.removesuffix(".md.j2"): kind.index for kind in KINDS if kind.index}
    return {**PAGES, **kinds}


def index_of(kind: str) -> str:
    """The Markdown path of a kind's index page: ``news/index.md``."""
    return KINDS_BY_NAME[kind].index


def path_for(kind: str, record_id: str) -> str:
    """The Markdown path of a record's page, from its kind's name and its id: ``events/isc-2020.md``."""
    return _path(KINDS_BY_NAME[kind], record_id)


def path_of(record: model.Record) -> str:
    """The Markdown path of a record's own page."""
    return _path(kind_of(type(record)), record.id)


def _path(kind: RecordKind, record_id: str) -> str:
    if not kind.pages:
        raise ValueError(f"a {kind.title} has no page of its own")
    return f"{kind.pages}/{record_id}.md"


def data_file(kind: RecordKind, suffix: str) -> str:
    """A kind's open-data file (``.json``, ``.csv``) as a site path: ``data/workshops.json``."""
    return f"data/{kind.data}{suffix}"


def schema_file(kind: RecordKind) -> str:
    """A kind's JSON Schema as a site path: ``data/schemas/event.schema.json``."""
    return f"data/schemas/{kind.name}.schema.json"


def served(path: str) -> str:
    """The URL (relative to the site's root, ending in '/') a Markdown path is served at; '' for the home page.

    The one rule for it: rendering, the offline preview and ``make diff`` all call this.
    """
    stem = path[: -len(".md")] if path.endswith(".md") else path
    folder, name = posixpath.split(stem)
    for kind in KINDS:
        if kind.url and folder == kind.pages:
            return kind.url.format(id=name)
    if name == "index":
        stem = folder
    return f"{stem}/" if stem else ""


def url_for(kind: str, record_id: str) -> str:
    """A record's page as served: ``events/isc-2020/``, ``news/malawi-joins-2020/``."""
    return served(path_for(kind, record_id))


def not_in_nav() -> list[str]:
    """MkDocs' ``not_in_nav`` patterns: record pages are reached from index pages, never listed in the sidebar.

    A sidebar with a few thousand pages makes every page render it: the build turns quadratic.
    """
    return [f"/{kind.pages}/*.md" for kind in KINDS if kind.pages] + [f"/{PAGES['fields']}"]
