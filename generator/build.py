"""The pipeline: load → validate → resolve → render → write.

Nothing is written until every record has validated, every reference has
resolved and every page has rendered in memory: a bad record or template
leaves the previous output exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from generator import docs, urls
from generator.errors import ContentError, Diagnostic, Report, errors_in
from generator.fields import USER_ASSIGNED_CODE
from generator.localize import Catalogue
from generator.pages import plan
from generator.resolve import Site, resolve
from generator.settings import Settings, build_time
from generator.validate import validate
from generator.values import LANGUAGES, SOURCE_LANGUAGE
from generator.write import write_tree


@dataclass
class Checked:
    """The outcome of validation: the site graph if it is publishable, and every diagnostic."""

    site: Site | None
    diagnostics: list[Diagnostic]
    translatable: int = 0
    translated: dict[str, int] = field(default_factory=dict)  # per language
    pages_translated: dict[str, int] = field(default_factory=dict)  # hand-written pages, per language
    pages: int = 0
    docs_trees: dict[str, dict[str, bytes]] = field(default_factory=dict)

    def report(self) -> Report:
        """What an editor is told: every diagnostic and the coverage per language."""
        return Report.of(self.diagnostics, [(lang, self.coverage(lang)) for lang in LANGUAGES])

    def coverage(self, lang: str) -> float:
        """Share of translatable texts and hand-written pages available in ``lang``."""
        if lang == SOURCE_LANGUAGE:
            return 100.0
        total = self.translatable + self.pages
        done = self.translated.get(lang, 0) + self.pages_translated.get(lang, 0)
        return 100.0 if not total else 100.0 * done / total


def check(settings: Settings, now: dt.datetime | None = None, *, remember: bool = True) -> Checked:
    """Validate everything; ``remember`` updates the record cache, the one thing this writes (in build/cache/)."""
    now = now or build_time(settings.root)
    content, diagnostics = validate(settings.root, remember=remember)
    if settings.fictitious_countries:
        diagnostics = [d for d in diagnostics if d.code != USER_ASSIGNED_CODE]
    invalid = bool(errors_in(diagnostics))
    site, problems = resolve(content, now.date())  # also with broken files, so one run shows every mistake
    diagnostics += problems
    site = None if invalid else site
    generated = {page.path for page in plan(site)} if site else set()
    trees, problems = docs.collect(settings.docs, generated, Catalogue(settings.templates))
    diagnostics += problems
    english = [p for p in trees[SOURCE_LANGUAGE] if p.endswith(".md") and (settings.docs / SOURCE_LANGUAGE / p).is_file()]
    translated = {lang: sum(1 for p in english if (settings.docs / lang / p).is_file()) for lang in LANGUAGES}
    return Checked(site, sorted(diagnostics), content.translatable, content.translated, translated, len(english), trees)


def generate(settings: Settings, *, strict: bool = False, now: dt.datetime | None = None,
             languages: tuple[str, ...] = LANGUAGES) -> tuple[Checked, list[str]]:
    """Validate, render every page in every language (or only ``languages``), then write the changed files."""
    now = now or build_time(settings.root)
    checked = check(settings, now, remember=True)
    blocking = errors_in(checked.diagnostics, strict=strict)
    if blocking or checked.site is None:
        raise ContentError(blocking or checked.diagnostics)
    site = checked.site
    # Here, not at the top: `check`, which editors run most, needs none of them (~0.1 s of imports).
    import jinja2

    from generator import cards, datafiles, pagemeta, siteconfig, worldmap
    from generator.render import render_languages

    trees: dict[str, dict[str, bytes]] = {}
    try:
        data = {path: text.encode("utf-8") for path, text in datafiles.open_data(site)}  # the same in every language
        pages = render_languages(site, settings.templates, languages)
        catalogue = Catalogue(settings.templates)
        for lang in languages:
            files = dict(checked.docs_trees[lang])
            files.update((path, text.encode("utf-8")) for path, text in pages[lang])
            files.update(data)
            base = settings.base_url(lang)
            files["assets/stylesheets/map.css"] = worldmap.MAP_CSS.encode("utf-8")
            name = site.programme.short_name.get(lang)
            files[urls.CALENDAR] = datafiles.calendar(site, lang, base, now, f"{name} — {catalogue.gettext('events', lang)}")
            files[urls.FEED] = datafiles.feed(site, lang, base, f"{name} — {catalogue.gettext('news', lang)}")
            # Which pages get a link-preview card, and its text; publishing draws them while MkDocs builds.
            markdown = ((path, text.decode("utf-8")) for path, text in files.items() if path.endswith(".md"))
            footer = catalogue.languages[lang].typeset(site.programme.name.get(lang))  # set as the pages set it
            card_plan = cards.plan(name, markdown, footer=footer)
            files[cards.PLAN] = card_plan.to_json()
            # What the theme reads from each page (edit link, language links, card): written, not added by a hook.
            annotate = pagemeta.annotator(settings, lang, frozenset(card_plan.pages))
            files.update((path, annotate(path, text.decode("utf-8")).encode("utf-8"))
                         for path, text in list(files.items()) if path.endswith(".md"))
            trees[lang] = files
    except (jinja2.TemplateError, KeyError, ValueError) as exc:
        raise ContentError([_template_problem(exc)]) from None
    changed: list[str] = []
    for lang, files in trees.items():
        changed += [f"{lang}/{path}" for path in write_tree(settings.generated / lang, files)]
    config_folder = siteconfig.folder(settings.root)
    changed += [(config_folder / path).relative_to(settings.generated.parent).as_posix()
                for path in write_tree(config_folder, siteconfig.configs(settings, catalogue))]
    return checked, changed


def _template_problem(exc: Exception) -> Diagnostic:
    """A mistake met while rendering, located in the template being rendered.

    A maintainer's error, reported like an editor's: Jinja's syntax errors carry the
    template and line; for anything raised at run time (an undefined name, a
    ``KeyError`` from the catalogue, a ``ValueError`` from an escaper) the innermost
    template frame of the traceback says where it was called from.
    """
    import jinja2

    name: str | None = None
    line = 1
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name, line = exc.filename or exc.name, exc.lineno or 1
    if name is None:  # Jinja rewrites tracebacks to point into the .j2 files; the last such frame is the innermost
        for tb in _frames(exc.__traceback__):
            if tb.tb_frame.f_code.co_filename.endswith(".j2"):
                name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
    shown = f"templates/{Path(name).name}" if name else "templates"
    if isinstance(exc, jinja2.TemplateError):
        return Diagnostic(shown, line, 1, f"template error: {exc.message or exc}", "fix the template; no page was written")
    message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
    hint = ("add the string and its translation to that language's catalogue, templates/strings.<language>.yml" if isinstance(exc, KeyError)
            else "fix the template or the value it passes; no page was written")
    return Diagnostic(shown, line, 1, f"rendering failed: {message}", hint)


def _frames(tb: TracebackType | None) -> Iterator[TracebackType]:
    while tb is not None:
        yield tb
        tb = tb.tb_next

