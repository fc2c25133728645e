"""Hand-written pages: docs/<lang>/ for each language, docs/assets/ shared by both.

They are copied beside the generated pages into each language's MkDocs
folder; a page missing in French is copied from English with a visible note,
so the language switcher always finds its twin.
"""

from __future__ import annotations

from pathlib import Path

from generator import frontmatter
from generator.errors import Diagnostic, Severity
from generator.localize import Catalogue
from generator.values import LANGUAGES, SOURCE_LANGUAGE


def _untranslated_note(catalogue: Catalogue, lang: str) -> str:
    """An admonition in the reader's language: the catalogue's strings (typeset there), quotes kept out of its title."""
    title = catalogue.gettext("Page not translated", lang).replace('"', "")
    body = catalogue.gettext("This page is not translated yet; here is the English version.", lang)
    return f'!!! note "{title}"\n\n    {body}\n\n'


def _with_note(text: str, note: str, source: str) -> str:
    """The English page with a note, and an edit link to the English file that really exists."""
    front, body = frontmatter.split(text)
    return frontmatter.join((front or "") + f"edit_path: {source}\n", "\n" + note + body)


def collect(docs: Path, generated: set[str], catalogue: Catalogue) -> tuple[dict[str, dict[str, bytes]], list[Diagnostic]]:
    """Files per language, and problems: collisions with generated pages, untranslated pages."""
    trees: dict[str, dict[str, bytes]] = {lang: {} for lang in LANGUAGES}
    diagnostics: list[Diagnostic] = []
    root = docs.parent
    assets = docs / "assets"
    shared = {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(assets.rglob("*")) if p.is_file()} if assets.is_dir() else {}
    pages: dict[str, dict[str, Path]] = {}
    for lang in LANGUAGES:
        trees[lang].update(shared)
        base = docs / lang
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                relative = path.relative_to(base).as_posix()
                pages.setdefault(relative, {})[lang] = path
    for relative, by_lang in sorted(pages.items()):
        for lang, path in by_lang.items():
            shown = path.relative_to(root).as_posix()
            if relative in generated:
                diagnostics.append(Diagnostic(shown, 1, 1, f"'{relative}' is a generated page; a hand-written page cannot replace it",
                                              "rename the file or move it to another folder"))
                continue
            trees[lang][relative] = path.read_bytes()
        for lang in LANGUAGES:
            if lang in by_lang or SOURCE_LANGUAGE not in by_lang or relative in generated:
                continue
            english = by_lang[SOURCE_LANGUAGE]
            if relative.endswith(".md"):
                shown = english.relative_to(root).as_posix()
                diagnostics.append(Diagnostic(shown, 1, 1, f"page has no {lang} version (docs/{lang}/{relative})",
                                              "translate it; until then readers see the English page with a note",
                                              Severity.WARNING, "untranslated"))
                trees[lang][relative] = _with_note(english.read_text(encoding="utf-8"), _untranslated_note(catalogue, lang), shown).encode("utf-8")
            else:
                trees[lang][relative] = english.read_bytes()
    return trees, diagnostics
