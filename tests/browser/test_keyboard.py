"""The site with the keyboard alone: search, the partners table, the map, the language switch and the palette.

Each control is reached with Tab (never clicked or focused by script), used with Enter, Space, arrows or
typing, and shows where the focus is: an outline or a box shadow drawn on it (or, for Material's
visually hidden palette input, on the label that stands for it), inside the viewport.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import PARTNER_COUNT, PARTNERS, OpenedPage, records

pytestmark = pytest.mark.xdist_group("browser")

TAB_LIMIT = 120  # more than any page's controls before the ones tested here

# How the focused element shows its focus: the element, or the label that stands for a hidden input.
_FOCUS_RING = """() => {
  let element = document.activeElement;
  if (!element || element === document.body) return null;
  if (element.matches("input.md-option")) element = element.nextElementSibling;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 ? style.outlineWidth + " " + style.outlineStyle : "",
    shadow: style.boxShadow && style.boxShadow !== "none" ? style.boxShadow : "",
    inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def tab_to(page: Page, condition: str, what: str) -> None:
    """Press Tab until the focused element ``e`` meets the JavaScript ``condition``."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({condition}); }}"):
            return
    raise AssertionError(f"{what} cannot be reached with Tab ({TAB_LIMIT} presses)")


def assert_focus_visible(page: Page, what: str) -> None:
    ring = page.evaluate(_FOCUS_RING)
    assert ring is not None, f"{what}: nothing has the focus"
    assert ring["outline"] or ring["shadow"], f"{what}: the focused element has no outline or box shadow: {ring}"
    assert ring["inView"], f"{what}: the focused element is off screen"


def test_search_from_the_keyboard(site: OpenedPage) -> None:
    site.goto("")
    tab_to(site.page, "e.matches('input[type=search], input.md-search__input')", "the search box")
    assert_focus_visible(site.page, "the search box")
    site.page.keyboard.type("Ghana")
    target = site.page.locator('.md-search-result a[href*="partners/ghana/"]').first
    expect(target).to_be_visible()
    for _ in range(10):  # the arrow keys walk the results
        site.page.keyboard.press("ArrowDown")
        if site.page.evaluate("() => /partners\\/ghana\\/($|[?#])/.test(document.activeElement.getAttribute('href') || '')"):
            break
    else:
        raise AssertionError("the arrow keys do not reach Ghana's page among the results")
    assert_focus_visible(site.page, "a search result")
    site.page.keyboard.press("Enter")
    expect(site.page).to_have_url(re.compile(r"/partners/ghana/([?#].*)?$"))
    site.log.assert_clean()


def test_partners_table_sorts_and_filters_from_the_keyboard(site: OpenedPage) -> None:
    site.goto("partners/")
    partner = site.page.locator("#acip-partners th", has=site.page.get_by_role("button", name="Partner"))
    tab_to(site.page, "e.matches('button.acip-sort') && e.textContent.trim() === 'Partner'", "the Partner sort button")
    assert_focus_visible(site.page, "the Partner sort button")
    site.page.keyboard.press("Enter")
    expect(partner).to_have_attribute("aria-sort", "ascending")
    site.page.keyboard.press("Space")
    expect(partner).to_have_attribute("aria-sort", "descending")

    site.goto("partners/")
    region = next(iter({record["region"] for record in PARTNERS.values() if record.get("region")}))
    members = [pid for pid, record in PARTNERS.items() if record.get("region") == region]
    select = site.page.get_by_role("combobox", name=re.compile(r"^Region"))
    tab_to(site.page, "e.matches('select[data-column=\"2\"]')", "the region filter")
    assert_focus_visible(site.page, "the region filter")
    options = [text.strip() for text in select.locator("option").all_inner_texts()]
    name = _region_name(region)
    for _ in range(options.index(name)):  # a closed list box steps through its options with the arrow keys
        site.page.keyboard.press("ArrowDown")
    expect(select).to_have_value(name)
    expect(site.page.locator("#acip-partners tbody tr:visible")).to_have_count(len(members))
    assert len(members) < PARTNER_COUNT
    site.log.assert_clean()


def _region_name(region: str) -> str:
    name = records("regions")[region]["name"]
    return str(name["en"] if isinstance(name, dict) else name)


@pytest.mark.parametrize("path", ["map/", "fr/map/"])
def test_map_links_from_the_keyboard(site: OpenedPage, path: str) -> None:
    site.goto(path)
    tab_to(site.page, "e.matches('svg.acip-map a.acip-map__partner')", "the first partner on the map")
    assert_focus_visible(site.page, "a partner on the map")
    target = site.page.evaluate("() => new URL(document.activeElement.getAttribute('href'), location.href).href")
    assert "/partners/" in target, target
    site.page.keyboard.press("Enter")
    expect(site.page).to_have_url(target)
    site.log.assert_clean()


def test_language_switch_from_the_keyboard(site: OpenedPage) -> None:
    site.goto("partners/ghana/")
    tab_to(site.page, "e.matches('button[aria-label=\"Select language\"]')", "the language button")
    assert_focus_visible(site.page, "the language button")
    tab_to(site.page, "e.matches('a[hreflang=fr]')", "the French link")
    assert_focus_visible(site.page, "the French link")
    site.page.keyboard.press("Enter")
    expect(site.page).to_have_url(re.compile(r"/fr/partners/ghana/$"))
    expect(site.page.locator("html")).to_have_attribute("lang", "fr")
    site.log.assert_clean()


def test_palette_toggle_from_the_keyboard(site: OpenedPage) -> None:
    site.goto("")
    body = site.page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    tab_to(site.page, "e.matches('input.md-option')", "the palette toggle")
    assert_focus_visible(site.page, "the palette toggle")
    site.page.keyboard.press("Enter")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    site.log.assert_clean()
