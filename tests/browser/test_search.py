"""Search finds what readers type, in both languages, in the real site's search box.

The query set is tests/data/search-queries.yml (typed without accents, with straight apostrophes,
plurals and partial names) plus queries read from content/: every public partner's name and the title
of every recurring event (the coordinators' meetings, the Integrity Sub-Committee sessions), folded as
a reader types them. Each query must bring its pages into the first five results. Recall (the share of
expected pages found there) is written to test-output/search-recall.json; the README reports it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import material
import pytest
import yaml
from babel import Locale
from playwright.sync_api import expect

from .conftest import PARTNERS, ROOT, OpenedPage, PageFactory, records
from .test_accessibility import FAILING_IMPACTS, describe, run_axe

pytestmark = pytest.mark.xdist_group("browser")

LANGUAGES = ("en", "fr")
TOP = 5
QUERIES = ROOT / "tests" / "data" / "search-queries.yml"
RECALL = ROOT / "test-output" / "search-recall.json"
RECURRING_EVENTS = ("coordinators-meeting-", "isc-")
MATERIAL_WORKERS = sorted(path.name for path in (Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers").glob("search.*.min.js"))


@dataclass(frozen=True)
class Query:
    text: str
    expect: tuple[str, ...]


def typed(text: str) -> str:
    """``text`` as a reader types it: no accents, ligatures spelt out, straight apostrophes, lower case."""
    plain = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("æ", "ae"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return plain.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ").lower()


def localized(value: object, lang: str) -> str | None:
    if isinstance(value, dict):
        return value.get(lang)
    return value if isinstance(value, str) and lang == "en" else None


def derived(lang: str) -> list[Query]:
    """Partners by name and recurring events by title, from the records."""
    found = []
    for slug, partner in PARTNERS.items():
        name = localized(partner["name"], lang) or str(Locale.parse(lang).territories[partner["country"]])
        found.append(Query(typed(name), (f"partners/{slug}/",)))
    for slug, event in records("events").items():
        title = localized(event["title"], lang)
        if slug.startswith(RECURRING_EVENTS) and title:
            found.append(Query(typed(title), (f"events/{slug}/",)))
    return found


def query_set(lang: str) -> list[Query]:
    written = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))[lang]
    return [Query(item["query"], tuple(item["expect"])) for item in written] + derived(lang)


def test_the_query_set_is_large_enough() -> None:
    """At least 40 queries in all, some in each language, each expecting a page."""
    sets = {lang: query_set(lang) for lang in LANGUAGES}
    assert sum(len(queries) for queries in sets.values()) >= 40
    for lang, queries in sets.items():
        assert len(queries) >= 20, lang
        assert all(query.expect for query in queries), lang


def first_results(site: OpenedPage, text: str) -> list[str]:
    """The first pages (paths below the site root) that the search box lists for ``text``."""
    box = site.page.locator("input.md-search__input")
    meta = site.page.locator(".md-search-result__meta")
    # Material searches on keyup. It empties the list for an empty query: what is listed next is this query's.
    box.fill("")
    box.press("End")
    expect(site.page.locator(".md-search-result__list > li")).to_have_count(0)
    box.fill(text)
    box.press("End")
    site.page.wait_for_function(
        """() => document.querySelector('.md-search-result__list > li')
                 || /^(No|Aucun)/.test(document.querySelector('.md-search-result__meta').textContent.trim())""")
    expect(meta).not_to_be_empty()
    hrefs = site.page.eval_on_selector_all(
        ".md-search-result__list > li > a:first-child",
        "links => links.map(link => new URL(link.getAttribute('href'), location.href).pathname)")
    return [href.lstrip("/") for href in hrefs[:TOP]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_brings_what_readers_type_into_the_first_five(site: OpenedPage, lang: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    site.goto(prefix)
    site.page.locator("input.md-search__input").click()
    missed: list[str] = []
    expected = found = 0
    for query in query_set(lang):
        results = first_results(site, query.text)
        for page in query.expect:
            expected += 1
            if prefix + page in results:
                found += 1
            else:
                missed.append(f"{lang}: {query.text!r} → {page} not in {results}")
    RECALL.parent.mkdir(parents=True, exist_ok=True)
    measured = json.loads(RECALL.read_text(encoding="utf-8")) if RECALL.is_file() else {}
    measured[lang] = {"queries": len(query_set(lang)), "expected pages": expected, "found in top 5": found,
                      "recall": round(found / expected, 3)}
    RECALL.write_text(json.dumps(measured, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert not missed, f"recall {found}/{expected}:\n" + "\n".join(missed)
    site.log.assert_clean()


def test_the_index_loads_only_when_search_is_used(open_page: PageFactory) -> None:
    """A page that is only read fetches neither the index nor the search engine; the search box fetches both."""
    opened = open_page()
    requested: list[str] = []
    opened.page.on("request", lambda request: requested.append(request.url))
    opened.goto("partners/ghana/")
    opened.page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "search_index" in url or MATERIAL_WORKERS[0] in url or "/lunr/" in url]
    opened.page.keyboard.press("/")  # Material's shortcut: focus the search box
    expect(opened.page.locator("input.md-search__input")).to_be_focused()
    opened.page.keyboard.type("ghana")
    expect(opened.page.locator(".md-search-result__list > li").first).to_be_visible()
    assert any(url.endswith("/search/search_index.json") for url in requested)
    opened.log.assert_clean()


def test_worker_wraps_the_worker_material_ships() -> None:
    """The site's worker imports Material's by file name, which changes with each Material release."""
    worker = (ROOT / "docs" / "assets" / "javascripts" / "workers" / "search-folding.js").read_text(encoding="utf-8")
    assert len(MATERIAL_WORKERS) == 1 and f'"{MATERIAL_WORKERS[0]}"' in worker, MATERIAL_WORKERS


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_alone_reaches_the_page_the_query_names(open_page: PageFactory, axe_source: str, lang: str) -> None:
    """"/" focuses the search box, Enter opens the first result: the partner's page for its name, typed plainly.

    With the results open, axe finds no serious violation (Material's markup, with the site's ranking).
    """
    opened = open_page()
    prefix = "" if lang == "en" else f"{lang}/"
    opened.goto(prefix + "events/")
    opened.page.keyboard.press("/")
    expect(opened.page.locator("input.md-search__input")).to_be_focused()
    opened.page.keyboard.type("cote d'ivoire", delay=10)
    first = opened.page.locator(".md-search-result__list > li > a").first
    expect(first).to_have_attribute("href", re.compile(r"partners/cote-divoire/"))
    violations = run_axe(opened, axe_source)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, describe(violations)
    opened.screenshot(f"search-results-{lang}", full_page=False)
    with opened.page.expect_navigation():
        opened.page.keyboard.press("Enter")
    expect(opened.page).to_have_url(re.compile(re.escape(prefix + "partners/cote-divoire/")))
    opened.log.assert_clean()
