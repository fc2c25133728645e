"""The same generated pages built by Zensical (``make site-zensical``) and by MkDocs: builder-neutral pages.

The golden project is built both ways. Everything a page's head and edit button need comes from its front
matter and its language's configuration, both written by the generator, so Zensical, which runs no MkDocs
hook, must show the same language links, link preview and edit link as MkDocs on every page both build,
in every language, with the language's own interface strings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_golden_project, run_generator
from html_dom import parse_file, select

from generator.localize import Catalogue
from generator.values import LANGUAGES, SOURCE_LANGUAGE

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1718000000"  # the golden build date, 2024-06-10


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The golden project's site built by each builder."""
    root = copy_golden_project(tmp_path_factory.mktemp("builders") / "project")
    built = {}
    for builder in ("mkdocs", "zensical"):
        result = run_generator(root, "site", "--builder", builder, "--site-dir", str(root / f"site-{builder}"),
                               env={"SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == 0, f"{builder}:\n{result.stderr}"
        built[builder] = root / f"site-{builder}"
    return built


def head_and_edit(page: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """A page's language links, its Open Graph and Twitter metas, and its edit links."""
    dom = parse_file(page)
    links = sorted((e.get("hreflang", ""), e.get("href", "")) for e in select(dom, 'head link[rel="alternate"][hreflang]'))
    metas = sorted((e.get("property") or e.get("name") or "", e.get("content", ""))
                   for e in select(dom, "head meta") if (e.get("property") or e.get("name") or "").startswith(("og:", "twitter:")))
    edits = [e.get("href", "") for e in select(dom, 'a[rel="edit"]')]
    return links, metas, edits


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith("admin/")}


def test_zensical_builds_every_page_mkdocs_builds_in_every_language(sites: dict[str, Path]) -> None:
    built = pages(sites["zensical"])
    assert pages(sites["mkdocs"]) <= built
    for lang in LANGUAGES[1:]:
        assert f"{lang}/partners/amberland/index.html" in built


def test_both_builders_give_every_page_the_same_head_and_edit_link(sites: dict[str, Path]) -> None:
    compared = 0
    for page in sorted(pages(sites["mkdocs"])):
        mkdocs, zensical = head_and_edit(sites["mkdocs"] / page), head_and_edit(sites["zensical"] / page)
        assert zensical == mkdocs, page
        compared += 1
    assert compared > 40


def test_record_pages_link_to_their_record_with_absolute_alternates(sites: dict[str, Path]) -> None:
    links, metas, edits = head_and_edit(sites["zensical"] / "fr/partners/amberland/index.html")
    assert edits and all(e.endswith("/edit/main/content/partners/amberland.yml") for e in edits), edits
    assert dict(links)["en"].endswith("://127.0.0.1:8000/partners/amberland/")
    assert dict(links)["fr"].endswith("://127.0.0.1:8000/fr/partners/amberland/")
    assert dict(metas)["og:image"].endswith("/fr/assets/cards/partners/amberland.png")
    assert (sites["zensical"] / "fr/assets/cards/partners/amberland.png").is_file()


def test_each_language_shows_its_catalogue_theme_strings(sites: dict[str, Path]) -> None:
    catalogue = Catalogue(ROOT / "templates")
    for lang in LANGUAGES:
        prefix = "" if lang == SOURCE_LANGUAGE else f"{lang}/"
        dom = parse_file(sites["zensical"] / prefix / "partners/amberland/index.html")
        assert dom.get("lang") == lang
        title = select(dom, 'a[rel="edit"]')[0].get("title")
        assert title == catalogue.theme[lang].get("action.edit", "Edit this page"), (lang, title)
