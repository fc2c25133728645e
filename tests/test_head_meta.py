"""Every built page's <head>: one set of absolute language alternates, and a complete link preview.

The expectations come from the site's own configuration (site_url, the languages and locales
of the catalogues), not from a copy of them, and every page of both languages is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from html_dom import parse_file, select
from PIL import Image

from generator import cards
from generator.localize import Catalogue
from generator.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
PREVIEW = ("og:title", "og:description", "og:site_name", "og:url", "og:locale", "og:image", "twitter:card")


@dataclass(frozen=True)
class Head:
    """The <link> and <meta> elements of a page's <head>, each as its attributes."""

    links: list[dict[str, str]]
    metas: list[dict[str, str]]

    def meta(self, name: str) -> list[str]:
        return [m.get("content", "") for m in self.metas if m.get("property") == name or m.get("name") == name]


def head(path: Path) -> Head:
    page = parse_file(path)
    return Head([dict(e.attrib) for e in select(page, "head link")], [dict(e.attrib) for e in select(page, "head meta")])


def languages() -> list[dict[str, str]]:
    """Each language and its locale, as the catalogues declare them (the site's configurations are made from them)."""
    return [{"lang": lang, "locale": about.locale} for lang, about in Catalogue(ROOT / "templates").languages.items()]


def pages(site: Path) -> list[tuple[str, str, Path]]:
    """(language, page URL below the language root, file) for every page but the 404 pages."""
    found = []
    for file in sorted(site.rglob("index.html")):
        relative = file.relative_to(site).parent.as_posix()
        relative = "" if relative == "." else relative + "/"
        if relative.startswith("admin/"):  # the content editor, not a page of the reading site
            continue
        lang, below = ("fr", relative[3:]) if relative.startswith("fr/") else ("en", relative)
        found.append((lang, below, file))
    return found


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> str:
    url = load_settings(built_site.parent).site_url
    assert url and url.endswith("/"), url
    return url


def test_every_page_has_one_set_of_absolute_alternates_with_x_default(built_site: Path, site_url: str) -> None:
    roots = {alt["lang"]: site_url + ("" if alt["lang"] == "en" else f"{alt['lang']}/") for alt in languages()}
    checked = set()
    for lang, below, file in pages(built_site):
        alternates = [link for link in head(file).links if link.get("rel") == "alternate" and "hreflang" in link]
        expected = {code: root + below for code, root in roots.items()} | {"x-default": roots["en"] + below}
        got = {link["hreflang"]: link["href"] for link in alternates}
        assert len(alternates) == len(expected), f"{file}: {len(alternates)} language links, one set of {len(expected)} expected"
        assert got == expected, file
        checked.add(lang)
    assert checked == set(roots), "both languages were read"


def test_french_home_alternates(built_site: Path, site_url: str) -> None:
    alternates = {link["hreflang"]: link["href"] for link in head(built_site / "fr" / "index.html").links
                  if link.get("rel") == "alternate" and "hreflang" in link}
    assert alternates == {"en": site_url, "fr": site_url + "fr/", "x-default": site_url}


def test_every_page_has_a_link_preview(built_site: Path, site_url: str) -> None:
    locales = {alt["lang"]: alt["locale"] for alt in languages()}
    for lang, below, file in pages(built_site):
        page = head(file)
        for name in PREVIEW:
            values = page.meta(name)
            assert len(values) == 1 and values[0].strip(), f"{file}: {name} {values}"
        assert page.meta("og:url") == [site_url + ("fr/" if lang == "fr" else "") + below], file
        assert page.meta("og:locale") == [locales[lang]], file
        assert page.meta("og:locale:alternate") == [loc for code, loc in locales.items() if code != lang], file
        image = page.meta("og:image")[0]
        assert image.startswith(site_url), f"{file}: og:image {image} is not absolute"
        target = built_site / urlsplit(image).path.removeprefix(urlsplit(site_url).path)
        assert target.is_file(), f"{file}: og:image {image} does not exist"
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", target


def test_record_pages_have_their_own_card(built_site: Path, site_url: str) -> None:
    for lang in ("", "fr/"):
        for below in ("partners/ghana/", "pids/ghana/", "factors/transparency/", "events/coordinators-workshop-2020/"):
            image = head(built_site / lang / below / "index.html").meta("og:image")[0]
            assert image == f"{site_url}{lang}assets/cards/{below.rstrip('/')}.png"
    english = (built_site / "assets/cards/partners/cote-divoire.png").read_bytes()
    french = (built_site / "fr/assets/cards/partners/cote-divoire.png").read_bytes()
    assert english != french, "each language's card shows that language's text"


def test_every_page_of_both_languages_has_its_own_card(built_site: Path, site_url: str) -> None:
    """Generation plans a card per page, publishing draws it while MkDocs builds: every page links its own, which exists."""
    planned: set[str] = set()
    for lang, prefix in (("en", ""), ("fr", "fr/")):
        plan = cards.Plan.read(built_site.parent / "build" / "docs" / lang)
        assert plan is not None and plan.pages, f"no card plan for {lang}"
        planned |= {f"{prefix}{cards.card_path(page)}" for page in plan.pages}
    shown: dict[str, Path] = {}
    for _, _, file in pages(built_site):
        page = head(file)
        image = page.meta("og:image")
        assert len(image) == 1 and image[0].startswith(site_url), file  # X/Twitter reads og:image too
        card = image[0].removeprefix(site_url)
        assert card in planned, f"{file} shows {card}, not a card of its own"
        assert shown.setdefault(card, file) == file, f"{file} and {shown[card]} show the same card"
    assert set(shown) == planned, "a card for every page in both languages, and a page for every card"
    for card in planned:
        with Image.open(built_site / card) as image:
            assert (image.format, image.size) == ("PNG", (cards.WIDTH, cards.HEIGHT)), card
    assert not list(built_site.rglob(cards.PLAN)), "the plan is not published"


def test_no_page_keeps_materials_relative_language_links(built_site: Path) -> None:
    for _, _, file in pages(built_site):
        for link in head(file).links:
            if link.get("rel") == "alternate" and "hreflang" in link:
                assert "://" in link["href"], f"{file}: relative alternate {link['href']}"
