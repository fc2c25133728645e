"""Content and template errors shown in the `mkdocs serve` preview, in place of its pages.

MkDocs keeps the old page in the browser when a rebuild fails, and the problem shows only in the
terminal. So a preview whose content does not build is still rebuilt from the pages generated last,
then every HTML page of the served folder is replaced by one error page that lists the diagnostics;
the browser reloads it (livereload), as after any rebuild. The next rebuild that succeeds first
removes those pages, so that a ``--dirty`` rebuild, which skips pages older than their output,
writes each of them again. Publishing never comes here: ``build`` and ``site`` still stop on errors.

The hook's rebuild (``mkdocs_hooks.regenerating``) holds the error page between regeneration and
the end of the build; the served folder remembers which pages it stands in for (``REPLACED``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2

from generator.errors import ContentError, Diagnostic
from generator.localize import Catalogue
from generator.values import LANGUAGES, SOURCE_LANGUAGE

TEMPLATE = "preview-error.html.j2"
REPLACED = ".preview-replaced"  # the pages the error page stands in for, one path a line


def error_page(diagnostics: Sequence[Diagnostic], lang: str, templates: Path) -> str:
    """The error page: every diagnostic with its place, message and hint, escaped, in ``lang``."""
    catalogue = Catalogue(templates)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(TEMPLATE).render(diagnostics=sorted(diagnostics), lang=lang,
                                             _=lambda text: catalogue.gettext(text, lang))


def served_language(config: Any) -> str:
    """The language of the site MkDocs serves: its theme's, one of ours (English otherwise)."""
    language = str((config["theme"] or {}).get("language") or "")
    return language if language in LANGUAGES else SOURCE_LANGUAGE


def regenerate(site: Path, lang: str, generate: Callable[[], object], templates: Path) -> str | None:
    """Run ``generate`` for a preview rebuild of the site served from ``site``: on content errors, keep the
    last pages and give back the error page, in ``lang``, to ``show`` once MkDocs has built them."""
    try:
        generate()
    except ContentError as exc:  # the terminal says it too, where `build` and `check` say it
        sys.stderr.write("content problems, shown in the browser:\n" + "".join(d.format() + "\n" for d in exc.diagnostics))
        return error_page(exc.diagnostics, lang, templates)
    replaced = site / REPLACED
    if replaced.is_file():  # the pages show the last errors: make the build write them again
        for name in replaced.read_text(encoding="utf-8").splitlines():
            (site / name).unlink(missing_ok=True)
        replaced.unlink()
    return None


def show(site: Path, page: str) -> None:
    """After a preview rebuild whose content failed: the error page in place of every HTML page."""
    names = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    for name in names:
        (site / name).write_text(page, encoding="utf-8")
    replaced = site / REPLACED
    earlier = replaced.read_text(encoding="utf-8").splitlines() if replaced.is_file() else []
    replaced.write_text("".join(f"{name}\n" for name in sorted({*earlier, *names})), encoding="utf-8")
