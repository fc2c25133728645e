"""What a reader does on the site, in a real browser: figures, map, table, search, links, languages, 404."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from .conftest import MAPPED_COUNTRIES, PAGE_KINDS, PARTNER_COUNT, PARTNERS, OpenedPage, PageFactory, records

pytestmark = pytest.mark.xdist_group("browser")



def english(text: object) -> str:
    """A record's text as the English site shows it: ``{en: …}`` or a plain string."""
    return str(text["en"]) if isinstance(text, dict) else str(text)


def heading(opened: OpenedPage) -> str:
    """The page's h1 as read aloud: without the decorative flag and the permalink."""
    return opened.page.locator("article h1").first.evaluate(
        "h => { const c = h.cloneNode(true);"
        " c.querySelectorAll('[aria-hidden=true], .headerlink').forEach(e => e.remove());"
        " return c.textContent.trim(); }")


def body_rows(opened: OpenedPage):
    return opened.page.locator("#acip-partners table tbody tr")


def visible_partner_names(opened: OpenedPage) -> list[str]:
    return [name.strip() for name in opened.page.locator("#acip-partners table tbody tr:visible td:nth-child(2)").all_inner_texts()]


def test_home_shows_the_figures_and_the_map(site: OpenedPage) -> None:
    site.goto("")
    figures = site.page.locator(".acip-figures a.acip-figure")
    expect(figures).to_have_count(5)
    values = [int(v.lstrip(">")) for v in figures.locator(".acip-figure__value").all_inner_texts()]
    labels = [" ".join(text.split()) for text in figures.locator(".acip-figure__label").all_inner_texts()]
    shown = dict(zip(labels, values, strict=True))
    assert shown["administrations since 2019 (counted from the partner records)"] == PARTNER_COUNT
    totals = [f for f in records("figures").values() if f.get("kind", "total") == "total"]
    latest = max(totals, key=lambda f: str(f["date"]))  # YYYY, YYYY-MM and YYYY-MM-DD sort as text
    assert latest["count"] in shown.values(), shown  # the latest dated count, with its date beside it
    assert all(value > 0 for value in values), values
    for figure in figures.all():
        expect(figure).to_be_visible()

    # The map is one link away, not on the page: it was a third of the home page's first-visit weight.
    expect(site.page.locator("svg.acip-map")).to_have_count(0)
    site.page.locator("article").get_by_role("link", name="Map and list", exact=True).click()
    expect(site.page).to_have_url(re.compile(r"/map/$"))
    svg = site.page.locator("svg.acip-map")
    expect(svg).to_be_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200, box
    expect(svg.locator("a.acip-map__partner")).to_have_count(len(MAPPED_COUNTRIES))
    assert len(MAPPED_COUNTRIES) == PARTNER_COUNT, "every partner is on the map"
    site.log.assert_clean()


@pytest.mark.parametrize("name", ["Ghana", "Antigua and Barbuda"])
def test_clicking_a_partner_on_the_map_opens_its_page(site: OpenedPage, name: str) -> None:
    """An outline (Ghana) and a dot for an administration too small for the map data (Antigua and Barbuda)."""
    site.goto("map/")
    partner = site.page.locator(f'svg.acip-map a.acip-map__partner[aria-label="{name}"]')
    expect(partner).to_be_visible()
    box = partner.bounding_box()
    assert box is not None and box["width"] >= 8 and box["height"] >= 8, f"{name} is too small to see or hit: {box}"
    partner.click()
    slug = next(pid for pid, record in PARTNERS.items() if english(record["name"]) == name)
    expect(site.page).to_have_url(re.compile(rf"/partners/{slug}/$"))
    assert heading(site) == name
    site.log.assert_clean()


def test_clicking_a_partner_in_the_table_opens_its_page(site: OpenedPage) -> None:
    site.goto("partners/")
    site.page.locator("#acip-partners table").get_by_role("link", name="Ghana", exact=True).click()
    expect(site.page).to_have_url(re.compile(r"/partners/ghana/$"))
    assert heading(site) == "Ghana"
    site.log.assert_clean()


@pytest.mark.parametrize("width", [1280, 375, 320])
def test_partners_table_sorts_by_column_and_filters_by_region(open_page: PageFactory, width: int) -> None:
    """On a laptop, and on phones where each row is a card and the sort buttons a row above the cards."""
    site = open_page(viewport={"width": width, "height": 800})
    site.goto("partners/")
    expect(body_rows(site)).to_have_count(PARTNER_COUNT)
    original = visible_partner_names(site)

    partner_header = site.page.locator("#acip-partners th", has=site.page.get_by_role("button", name="Partner"))
    sort_by_partner = partner_header.get_by_role("button")
    sort_by_partner.click()
    expect(partner_header).to_have_attribute("aria-sort", "ascending")
    ascending = visible_partner_names(site)
    names = {pid: english(record["name"]) for pid, record in PARTNERS.items()}
    assert sorted(ascending) == sorted(original) == sorted(names.values())
    assert ascending[0] == min(names.values(), key=str.casefold), ascending
    sort_by_partner.click()
    expect(partner_header).to_have_attribute("aria-sort", "descending")
    descending = visible_partner_names(site)
    assert descending == ascending[::-1], descending
    assert descending[0] == max(names.values(), key=str.casefold), descending

    region_header = site.page.locator("#acip-partners th", has=site.page.get_by_role("button", name="Region"))
    region_header.get_by_role("button").click()
    expect(region_header).to_have_attribute("aria-sort", "ascending")
    expect(partner_header).to_have_attribute("aria-sort", "none")
    regions = site.page.locator("#acip-partners table tbody tr td:nth-child(3)").all_inner_texts()
    assert regions == sorted(regions, key=str.casefold), regions

    region = site.page.get_by_role("combobox", name=re.compile(r"^Region"))
    expect(region).to_be_visible()  # the filters are hidden until the script enhances the table
    for region_id, record in records("regions").items():
        members = sorted(names[pid] for pid, partner in PARTNERS.items() if partner.get("region") == region_id)
        if not members:
            continue
        region.select_option(english(record["name"]))
        expect(site.page.locator("#acip-partners table tbody tr:visible")).to_have_count(len(members))
        assert sorted(visible_partner_names(site)) == members, region_id
    region.select_option("")
    expect(site.page.locator("#acip-partners table tbody tr:visible")).to_have_count(PARTNER_COUNT)
    site.log.assert_clean()


@pytest.mark.parametrize(
    ("query", "target"),
    [("Ghana", "partners/ghana/"), ("coordinators", "events/coordinators-workshop-2020/")],
    ids=["partner", "event"],
)
def test_search_finds_partners_and_events(site: OpenedPage, query: str, target: str) -> None:
    site.goto("")
    box = site.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    # The page itself (Material adds ?h=<query> for highlighting; section results add an #anchor).
    link = site.page.locator(
        f'.md-search-result__list a.md-search-result__link:is([href$="/{target}"], [href*="/{target}?"])')
    # The index is loaded and searched by Material's web worker, served from this site.
    expect(link.first).to_be_visible()
    assert query.lower() in link.first.inner_text().lower()
    link.first.click()
    expect(site.page).to_have_url(re.compile(re.escape(target) + r"(\?.*)?$"))
    site.log.assert_clean()


def test_workshop_page_links_every_participant(site: OpenedPage) -> None:
    path = "events/coordinators-workshop-2020/"
    site.goto(path)
    expected = len(records("events")["coordinators-workshop-2020"]["participants"])
    participants = site.page.locator("h2#participants + ul a")
    expect(participants).to_have_count(expected)
    links = participants.evaluate_all("links => links.map(a => [a.textContent.trim(), a.getAttribute('href'), a.href])")
    assert all(re.fullmatch(r"\.\./\.\./partners/[a-z-]+/", href) for _, href, _ in links), links
    assert len({href for _, href, _ in links}) == expected

    # A reader clicks one participant and comes back ...
    first_name, first_href, _ = links[0]
    participants.first.click()
    expect(site.page).to_have_url(re.compile(re.escape(first_href.removeprefix("../..")) + "$"))
    assert heading(site) == first_name
    site.page.go_back(wait_until="load")
    expect(site.page).to_have_url(re.compile(re.escape(path) + "$"))
    # ... and every other participant's page opens too, titled with the participant's name.
    for name, _, url in links:
        response = site.page.request.get(url)
        assert response.status == 200, (name, url, response.status)
        title = re.search(r"<h1[^>]*>(.*?)</h1>", response.text(), re.S)
        assert title and name in html.unescape(re.sub(r"<[^>]+>", "", title.group(1))), (name, url)
    site.log.assert_clean()


def switch_language(opened: OpenedPage, language: str) -> None:
    switcher = opened.page.locator(".md-header__option .md-select")
    switcher.get_by_role("button").click()  # the list opens on focus, as for a keyboard reader
    switcher.locator(f'a[hreflang="{language}"]').click()


def test_language_switch_is_not_sent_home_by_the_other_languages_sitemap(site: OpenedPage) -> None:
    """Material rewrites a click into another language from that language's sitemap.xml, which names the configured
    site_url: served from anywhere else (a preview, a mirror, this test server) the reader landed on the French
    home page instead of the French partner page. The switcher's links are left alone by Material (target), and
    the page's alternates make it fetch no sitemap at all: here every sitemap.xml request is refused and recorded."""
    asked: list[str] = []

    def refuse(route) -> None:
        asked.append(route.request.url)
        route.abort()

    site.page.route("**/sitemap.xml", refuse)
    site.goto("partners/ghana/")
    site.page.wait_for_load_state("networkidle")
    switch_language(site, "fr")
    expect(site.page).to_have_url(re.compile(r"/fr/partners/ghana/$"))
    assert heading(site) == "Ghana"
    assert not asked, asked


def test_language_switcher_keeps_the_reader_on_the_same_partner(site: OpenedPage) -> None:
    site.goto("partners/ghana/")
    expect(site.page.locator("html")).to_have_attribute("lang", "en")
    switch_language(site, "fr")
    expect(site.page).to_have_url(re.compile(r"/fr/partners/ghana/$"))
    expect(site.page.locator("html")).to_have_attribute("lang", "fr")
    assert heading(site) == "Ghana"
    expect(site.page.locator("article")).to_contain_text("Région OMD")
    switch_language(site, "en")
    expect(site.page).to_have_url(re.compile(r"127\.0\.0\.1:\d+/partners/ghana/$"))
    expect(site.page.locator("html")).to_have_attribute("lang", "en")
    site.log.assert_clean()


def test_every_page_kind_switches_to_the_same_page(site: OpenedPage) -> None:
    """The switcher's links, as the browser resolves them, on one page of each kind in each language."""
    wrong = []
    for path in PAGE_KINDS.values():
        english = path.removeprefix("fr/")
        for current in (english, "fr/" + english):
            url = site.base_url + current
            text = site.page.request.get(url).text()
            targets = dict(re.findall(r'<a href="([^"]*)"[^>]*data-acip-alternate="(en|fr)"', text))
            resolved = {lang: urljoin(url, href) for href, lang in targets.items()}
            expected = {"en": site.base_url + english, "fr": site.base_url + "fr/" + english}
            if resolved != expected:
                wrong.append(f"/{current}: {resolved}")
    assert not wrong, "language links that leave the page:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", ["no-such-page/", "partners/atlantis/", "fr/nulle-part/"])
def test_missing_page_shows_the_404_page(site: OpenedPage, path: str) -> None:
    site.goto(path, status=404)
    expect(site.page.locator("article h1")).to_have_text("404 - Not found")
    # Material's page, styled and with its navigation: the reader can find their way back.
    expect(site.page.locator(".md-header")).to_be_visible()
    expect(site.page.locator(".md-header__title")).to_contain_text("Programme A-CPI" if path.startswith("fr/") else "A-CIP Programme")
    color = site.page.locator(".md-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert color not in ("rgba(0, 0, 0, 0)", "transparent"), "the 404 page is unstyled"
    # The only console error and failed request allowed are the 404 response itself.
    others = [e for e in site.log.console_errors if "404" not in e]
    assert not others, others
    assert site.log.failed_requests == [f"HTTP 404 {site.base_url}{path}"]
    site.log.assert_clean(console=False, requests=False)


@pytest.mark.parametrize("language", ["", "fr/"])
def test_language_roots_have_sitemaps(site: OpenedPage, language: str) -> None:
    """Material's language selector maps a page to its translation through these sitemaps."""
    response = site.page.request.get(site.base_url + language + "sitemap.xml")
    assert response.status == 200
    assert f"/{language}partners/ghana/</loc>" in response.text()
