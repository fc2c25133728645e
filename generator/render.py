"""Stage 4 — render: typed records through Jinja templates into Markdown pages.

Each template is rendered once per page and language. Output is escaped by
default (``finalize``): a value reaches the page as markup only when a filter
built it as such, so a forgotten filter shows text, never runs code.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from markupsafe import Markup

from generator import escape, localize, model, urls, worldmap
from generator.fields import ID_PATTERN, USER_ASSIGNED, Field, ListOf, Obj
from generator.pages import Page, plan
from generator.parallel import split
from generator.resolve import Site
from generator.schema import KINDS, MEASURE_STATUSES, RecordKind
from generator.values import SOURCE_LANGUAGE


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        raise ValueError("a template printed None; guard optional fields with {% if %}")
    return escape.md_text(str(value))


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process.

    Both languages' environments share them, and so do the rebuilds of a
    ``mkdocs serve`` session; compiling the templates took about as long as
    rendering the whole programme's pages. Jinja checks each template's source
    against its checksum and recompiles a template that changed.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class Renderer:
    """A Jinja environment bound to one language."""

    def __init__(self, templates: Path, site: Site, lang: str, catalogue: localize.Catalogue) -> None:
        self.site, self.lang, self.catalogue = site, lang, catalogue
        self.typeset = catalogue.languages[lang].typeset
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=True,  # macros and filters hand back Markup; _finalize escapes the rest for Markdown
            finalize=_finalize,
            bytecode_cache=_COMPILED,
        )
        self.env.filters.update(self._filters())
        self.env.globals.update(
            site=site, lang=lang, _=self.gettext,
            statuses=MEASURE_STATUSES, kinds=KINDS,
            # As the language's typography sets them (French: a no-break space before a colon, a narrow one before
            # a semicolon): Markup for page text, plain for titles.
            colon=Markup(self.typeset("a:")[1:]), colon_text=self.typeset("a:")[1:],
            semicolon=Markup(self.typeset("a;")[1:]),
            progress=progress, partner_name=self.partner_name, country=self.country,
            urls=urls, path_of=urls.path_of, path_for=urls.path_for,  # every path from the one module that knows
            date_range=lambda start, end: localize.date_range(start, end, lang),
            regions_sorted=self.regions_sorted, cohorts=self.cohorts, regions_count=self.regions_count,
            tools_sorted=lambda: sorted(site.tools.values(), key=lambda t: t.short_name.get(lang).casefold()),
            donors_sorted=lambda: sorted(site.donors.values(), key=lambda d: d.short_name.casefold()),
            past_by_year=self.past_by_year, field_rows=field_rows, status=self.status,
        )
        self._badges: dict[str, Markup] = {}
        self._country_names = localize.country_names(site.partners.values())

    def regions_sorted(self) -> list[model.Region]:
        used = {p.region for p in self.site.partners.values()}
        return sorted((r for r in self.site.regions.values() if r.id in used), key=lambda r: r.name.get(self.lang).casefold())

    def regions_count(self) -> int:
        return len({p.region for p in self.site.partners.values() if p.region})

    def cohorts(self) -> list[str]:
        return sorted({p.cohort for p in self.site.partners.values()})

    def past_by_year(self) -> list[tuple[int, list[model.Event]]]:
        years: dict[int, list[model.Event]] = {}
        for event in reversed(self.site.past_events()):
            years.setdefault(event.start.year, []).append(event)
        return list(years.items())

    def status(self, value: str) -> Markup:
        """A status badge (the ``badge`` macro), built once per value: pages show thousands of them."""
        badge = self._badges.get(value)
        if badge is None:
            badge = self._badges[value] = Markup(self.env.get_template("_macros.md.j2").module.badge(value))  # type: ignore[attr-defined]
        return badge

    def gettext(self, text: str) -> str:
        return self.catalogue.gettext(text, self.lang)

    def _filters(self) -> dict[str, Callable[..., Any]]:
        lang = self.lang
        local = self.local
        return {
            "t": self.text,
            "rich": self.rich,
            "plain": local,
            "attr": lambda value: escape.attr(local(value)),
            "fm": lambda value: escape.front_matter_string(local(value)),
            "href": escape.href,
            "date": lambda day: localize.long_date(day, lang),
            "month": lambda value: localize.month(value, lang),
            "number": lambda value: localize.number(value, lang),
            "when": lambda value: localize.long_date(value, lang),
            "when_short_month": lambda value: localize.short_month(value, lang),
            "when_range": lambda start, end: localize.when_range(start, end, lang),
            "flag": flag,
            "anchor": anchor,
            "source_label": source_label,
            "iso": lambda day: Markup(day.isoformat()),  # a day, or a month: both are valid <time datetime> values
            "schema_text": lambda text: escape.schema_text(text),
        }

    def local(self, value: Any) -> str:
        """A record's text in the page's language, typeset for it; other values (already typeset) as they are."""
        if isinstance(value, model.Localized):
            return self.typeset(value.get(self.lang)) if value.has(self.lang) else value.get(self.lang)
        return str(value)

    def text(self, value: model.Localized) -> Markup:
        """Inline text in the page's language; English with a discreet marker where untranslated."""
        if value.has(self.lang):
            return escape.md_text(self.typeset(value.get(self.lang)))
        shown = escape.md_text(value.get(self.lang))
        note = escape.attr(self.gettext("not yet translated"))
        return Markup(f'<span lang="{SOURCE_LANGUAGE}">{shown}</span>'
                      f'<sup class="acip-untranslated" title="{note}">{SOURCE_LANGUAGE.upper()}</sup>')

    def rich(self, value: model.Localized) -> Markup:
        if value.has(self.lang):
            return escape.rich(value.get(self.lang), self.typeset)
        shown = escape.rich(value.get(self.lang))
        note = escape.md_text(self.gettext("not yet translated"))
        return Markup(f'<p class="acip-untranslated-block" lang="{self.lang}">{note}</p>\n\n{shown}')

    def partner_name(self, partner: model.Partner) -> Localized:
        return localize.partner_name(partner, self.lang)

    def country(self, code: str) -> str:
        return localize.place_name(code, self.lang, self._country_names)

    def render(self, page: Page) -> str:
        here = posixpath.dirname(page.path) or "."
        served = _served(page.path)

        def link(target: str) -> Markup:
            """Relative Markdown link from this page to another page or file; MkDocs checks it."""
            return _relative(target, here)

        def url(target: str) -> Markup:
            """Relative URL for raw HTML, where MkDocs does not rewrite ``.md`` links."""
            return _relative_url(target, served)

        def partner_map() -> Markup:
            """One link per country (the first partner there); a country the map data cannot place stays in the text list."""
            markers: dict[str, worldmap.MapMarker] = {}
            for p in self.site.partners_sorted():
                if worldmap.drawable(p.country) and p.country not in markers:
                    name = localize.partner_name(p, self.lang).get(self.lang)
                    markers[p.country] = worldmap.MapMarker(p.country, url(urls.path_of(p)), name)
            return worldmap.world_map(list(markers.values()), title=self.gettext("Map of the partner administrations"))

        template = self.env.get_template(page.template)
        return template.render(page=page, link=link, url=url, partner_map=partner_map, **page.context)


Localized = model.Localized


@functools.lru_cache(maxsize=65536)
def _relative(target: str, start: str) -> Markup:
    """posixpath.relpath, remembered: a large site asks for the same few thousand links from a few folders."""
    return Markup(posixpath.relpath(target, start))


@functools.lru_cache(maxsize=65536)
def _relative_url(target: str, served: str) -> Markup:
    relative = posixpath.relpath(_served(target), served)
    return Markup("./" if relative == "." else relative + "/")


def _served(path: str) -> str:
    """The folder a page is served from, as ``posixpath.relpath`` takes it ('.' for the home page)."""
    return urls.served(path).rstrip("/") or "."


def source_label(url: str) -> str:
    """A readable name for a source link: the site and the page, not a 150-character address."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    page = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    page = page.rsplit(".", 1)[0] if page.endswith((".aspx", ".html", ".htm", ".php")) else page
    return f"{host} — {page.replace('-', ' ')}" if page else host or url


def anchor(value: str) -> Markup:
    """An id for an attr_list anchor; record ids are already restricted to [a-z0-9-]."""
    if not ID_PATTERN.fullmatch(value):
        raise ValueError(f"{value!r} cannot be used as an anchor")
    return Markup(value)


def field_rows(kind: RecordKind) -> list[tuple[str, Field]]:
    """Top-level fields, then nested ones as dotted paths (outcomes, measures, indicators)."""
    rows: list[tuple[str, Field]] = []

    def walk(prefix: str, shape: Obj) -> None:
        for name, spec in shape.fields.items():
            rows.append((prefix + name, spec))
            inner = spec.item if isinstance(spec, ListOf) else spec
            if isinstance(inner, Obj):
                walk(f"{prefix}{name}{'[]' if isinstance(spec, ListOf) else ''}.", inner)

    walk("", kind.shape)
    return rows


def flag(code: str) -> Markup:
    """A country's flag as regional-indicator characters (an emoji flag), hidden from screen readers; none for a fictitious code."""
    if code in USER_ASSIGNED:
        return Markup("")
    chars = "".join(chr(0x1F1E6 + ord(ch) - ord("A")) for ch in code.upper() if "A" <= ch <= "Z")
    return Markup(f'<span class="acip-flag" aria-hidden="true">{chars}</span>')


def progress(outcome: model.Outcome) -> int:
    """Share of an outcome's active measures that are completed, in percent."""
    active = [m for m in outcome.measures if m.status != "cancelled"]
    if not active:
        return 0
    return round(100 * sum(m.status == "completed" for m in active) / len(active))


def render_all(site: Site, templates: Path, lang: str) -> Iterator[tuple[str, str]]:
    catalogue = localize.Catalogue(templates)
    renderer = Renderer(templates, site, lang, catalogue)
    for page in plan(site):
        yield page.path, renderer.render(page)


# Below this many pages a second process costs more than it saves.
PARALLEL_FROM = 100


def render_languages(site: Site, templates: Path, languages: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """Every page in every language, the languages side by side where the machine has cores to spare.

    Rendering is most of the generator's work on a large site, and the
    languages do not depend on each other.
    """
    pages = len(plan(site))
    rendered = split(lambda lang: list(render_all(site, templates, lang)), languages, [pages] * len(languages),
                     min_total=PARALLEL_FROM * len(languages))
    return dict(zip(languages, rendered, strict=True))
