"""French typography: the renderer applies it to every French text, so editors never type it.

Unit tests pin the rules of ``generator.typography``; the walk reads every built French page
(text nodes outside code, and the texts that stay English) and fails on a violation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from html_dom import parse

from generator import escape
from generator.localize import Catalogue, number
from generator.typography import NBSP, NNBSP, french

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("typed", "shown"), [
    ("Note: voir", f"Note{NBSP}: voir"),
    ("Note : voir", f"Note{NBSP}: voir"),
    ("Quoi ? Oui ; non !", f"Quoi{NNBSP}? Oui{NNBSP}; non{NNBSP}!"),
    ("Vraiment ?!", f"Vraiment{NNBSP}?!"),
    ("« bonjour »", f"«{NBSP}bonjour{NBSP}»"),
    ("«bonjour»", f"«{NBSP}bonjour{NBSP}»"),
    ("la 10ème session, la 18e, la 2è ; le 1er", f"la 10ᵉ session, la 18ᵉ, la 2ᵉ{NNBSP}; le 1er"),
    ("l'OMD", "l’OMD"),
    ("3 496 777 dollars", f"3{NNBSP}496{NNBSP}777 dollars"),
    # Not punctuation that ends a phrase: URLs, times, queries, year ranges stay as typed.
    ("https://www.wcoomd.org/a.aspx?p=1 à 10:30, 2019-2026", "https://www.wcoomd.org/a.aspx?p=1 à 10:30, 2019-2026"),
    ("**Sources :** x", f"**Sources{NBSP}:** x"),
    # Text that merely contains syntax is shown as typed: character references, attribute lists.
    ("&lt;script&gt; et &#62; x", "&lt;script&gt; et &#62; x"),
    ('{: onclick="x" }', '{: onclick="x" }'),
    # A ! or ? typed against a name belongs to it: a mixed-case word, or a sentence that goes on.
    ("la plateforme CLiKC! de l'OMD ; CLiKC!, puis CLiKC! Fin", f"la plateforme CLiKC! de l’OMD{NNBSP}; CLiKC!, puis CLiKC! Fin"),
    ("Yahoo! et Jeopardy! 2", "Yahoo! et Jeopardy! 2"),
    # ... but a mark typed with a space, or one that ends the sentence, is punctuation.
    ("CLiKC ! Fin. Vraiment! Oui? Non!", f"CLiKC{NNBSP}! Fin. Vraiment{NNBSP}! Oui{NNBSP}? Non{NNBSP}!"),
])
def test_rules(typed: str, shown: str) -> None:
    assert french(typed) == shown
    assert french(shown) == shown, "applying it twice changes nothing"


def test_link_targets_are_never_typeset() -> None:
    text = "Voir [la page d'accueil](https://example.org/10e-session?b=1:2) : ensuite"
    out = str(escape.rich(text, french))
    assert "(https://example.org/10e-session?b=1:2)" in out, out
    assert "[la page d’accueil]" in out and f"){NBSP}: ensuite" in out, out


def test_no_break_spaces_survive_escaping() -> None:
    assert NBSP in escape.md_text(f"a{NBSP}: b") and NNBSP in escape.attr(f"a{NNBSP}; b")


def test_catalogue_strings_are_typeset(tmp_path: Path) -> None:
    path = tmp_path / "strings.fr.yml"
    path.write_text('language: {typography: french}\n"Note:": "Remarque :"\n"It\'s": "C\'est"\n', encoding="utf-8")
    catalogue = Catalogue(tmp_path)
    assert catalogue.gettext("Note:", "fr") == f"Remarque{NBSP}:"
    assert catalogue.gettext("It's", "fr") == "C’est"
    assert catalogue.gettext("It's", "en") == "It's"


def test_catalogues_have_no_duplicate_keys() -> None:
    """PyYAML keeps the last of two equal keys silently: a second translation would hide the first."""
    catalogues = sorted((ROOT / "templates").rglob("*.yml"))
    assert catalogues
    for path in catalogues:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        keys = [key.value for key, _ in root.value] if isinstance(root, yaml.MappingNode) else []
        assert len(keys) == len(set(keys)), f"{path.relative_to(ROOT)}: {sorted({k for k in keys if keys.count(k) > 1})} twice"


def test_numbers_are_grouped_as_babel_writes_them() -> None:
    assert number(3496777, "fr") == f"3{NNBSP}496{NNBSP}777"


# --- every built French page ---------------------------------------------------------------------

SKIPPED = frozenset({"script", "style", "code", "pre", "kbd", "samp", "textarea"})
RULES = (
    ("an ordinary space before ; : ! ?", re.compile(r" [;:!?](?=\s|$|[»)\]])")),
    # A ! or ? against a mixed-case word (CLiKC!) or followed by more of the sentence ends a name.
    ("no space before ; ! ?", re.compile(r"(?<!\w)(?!\w*[a-z][A-Z])\S*[^\s;:!?«(\[](?:;|[!?](?!\s+[a-zà-ÿ0-9]))(?=\s|$)")),
    ("no space before :", re.compile(r"[^\s;:!?«(\[0-9]:(?=\s|$)")),
    ("« without a no-break space after it", re.compile(f"«(?![{NBSP}{NNBSP}])")),
    ("» without a no-break space before it", re.compile(f"(?<![{NBSP}{NNBSP}])»")),
    ("an ordinal not written ᵉ", re.compile(r"\b[0-9]+(?:ème|eme|è|e)\b")),
    ("a straight apostrophe", re.compile("'")),
    ("a number grouped with an ordinary space", re.compile(r"[0-9] [0-9]{3}(?![0-9])")),
)


# A French text node: not inside a skipped element, nor inside anything marked lang="en" or untranslated.
FRENCH_TEXT = "//text()[not({})]".format(" or ".join(
    [f"ancestor::{tag}" for tag in sorted(SKIPPED)]
    + ["ancestor::*[@lang='en']", "ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' acip-untranslated ')]"]))


def violations(html: str) -> list[tuple[str, str]]:
    found = []
    for text in parse(html).xpath(FRENCH_TEXT):
        for name, rule in RULES:
            for match in rule.finditer(text):
                found.append((name, text[max(0, match.start() - 30): match.end() + 20]))
    return found


def test_the_walk_finds_each_kind_of_violation() -> None:
    bad = "<p>Note : x</p><p>Quoi? Non</p><p>« a »</p><p>la 10ème</p><p>l'OMD</p><p>3 019 agents</p>"
    found = {name for name, _ in violations(bad)}
    assert found == {name for name, _ in RULES} - {"no space before :"}
    assert violations(f"<p>Note{NBSP}: <code>a: b 'c'</code> <span lang=\"en\">It's: x</span></p>") == []
    assert violations("<p>la plateforme CLiKC! de l’OMD, CLiKC! Fin, Yahoo! et</p>") == []


def test_every_french_page_follows_french_typography(built_site: Path) -> None:
    pages = sorted((built_site / "fr").rglob("*.html"))
    assert len(pages) > 50
    problems = [(page.relative_to(built_site).as_posix(), *v) for page in pages
                for v in violations(page.read_text(encoding="utf-8"))]
    assert problems == [], "\n".join(f"{p}: {name}: {text!r}" for p, name, text in problems[:40])
