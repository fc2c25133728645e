"""axe-core on every page kind in both palettes, and the map's text alternative.

axe-core comes from node_modules (``npm ci``) and is injected into the page; nothing is fetched.
Only violations of impact "serious" or "critical" fail a test; all are printed when one does.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, MAPPED_COUNTRIES, PAGE_KINDS, PARTNER_COUNT, OpenedPage, PageFactory

pytestmark = pytest.mark.xdist_group("browser")

FAILING_IMPACTS = ("serious", "critical")
# Material's palette: light is "default", dark is "slate"; chosen from prefers-color-scheme.
PALETTES = {"light": "default", "dark": "slate"}


def run_axe(opened: OpenedPage, axe_source: str) -> list[dict]:
    opened.page.add_script_tag(content=axe_source)
    result = opened.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:6]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")[:300]
            lines.append(f"    {json.dumps(node['target'])}: {summary}")
        if len(violation["nodes"]) > 6:
            lines.append(f"    … and {len(violation['nodes']) - 6} more")
    return "\n".join(lines)


@pytest.mark.parametrize("palette", list(PALETTES))
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_axe_finds_no_serious_violation(open_page: PageFactory, axe_source: str, kind: str, palette: str) -> None:
    opened = open_page(viewport=DESKTOP, color_scheme=palette)
    opened.goto(PAGE_KINDS[kind])
    # The palette really applied is the one under test (Material picks it from the media query).
    expect(opened.page.locator("body")).to_have_attribute("data-md-color-scheme", PALETTES[palette])
    if palette == "dark":
        opened.screenshot(f"{kind}-1280-dark", full_page=False)
    violations = run_axe(opened, axe_source)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"{kind} ({palette}): axe violations\n{describe(violations)}"
    opened.log.assert_clean()


@pytest.mark.parametrize("path", ["map/", "fr/map/"])
def test_map_has_a_text_alternative(site: OpenedPage, path: str) -> None:
    site.goto(path)
    svg = site.page.locator("svg.acip-map")
    expect(svg).to_be_visible()
    expect(svg).to_have_attribute("role", "group")
    title = svg.evaluate("svg => { const t = document.getElementById(svg.getAttribute('aria-labelledby'));"
                         " return t && svg.contains(t) ? t.textContent.trim() : null; }")
    assert title, "the map's aria-labelledby does not name a <title> inside it"
    expect(site.page.get_by_role("group", name=title)).to_be_visible()

    names = svg.locator("a").evaluate_all(
        "links => links.map(a => (a.getAttribute('aria-label') || a.textContent || '').trim())")
    assert len(names) == len(MAPPED_COUNTRIES) and all(names), f"map links without an accessible name: {names}"
    for name in names:  # as a screen reader lists them
        expect(svg.get_by_role("link", name=name, exact=True)).to_have_count(1)

    if path.endswith("map/"):  # always: the home page links to the map rather than carry its weight
        text_list = site.page.locator(".acip-map-list")
        expect(text_list).to_be_visible()
        listed = text_list.locator("a").evaluate_all("links => links.map(a => [a.textContent.trim(), a.href])")
        on_map = svg.locator("a").evaluate_all(
            "links => links.map(a => [a.getAttribute('aria-label'), new URL(a.getAttribute('href'), location.href).href])")
        assert {tuple(item) for item in on_map} <= {tuple(item) for item in listed}, "a partner on the map is missing from the list"
        assert len(listed) == PARTNER_COUNT == len(on_map), "the list and the map name every partner"
        raw = re.findall(r"\*\*|\]\(|\.md\)", text_list.inner_text())
        assert not raw, f"the list beside the map shows raw Markdown: {raw}"
        map_box, list_box = svg.bounding_box(), text_list.bounding_box()
        assert map_box and list_box and list_box["x"] >= map_box["x"] + map_box["width"] - 1, "the list is not beside the map"
    site.log.assert_clean()
