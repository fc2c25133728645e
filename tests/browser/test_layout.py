"""Layout of every page kind on a phone (375×812) and a laptop (1280×800), with screenshots; tables at 320 and 375 px.

Screenshots (full page) go to test-output/screenshots/<kind>-375.png and <kind>-1280.png on
every run, for a person to look at; the assertions are the parts a machine can judge.
"""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, MOBILE, PAGE_KINDS, OpenedPage, PageFactory

pytestmark = pytest.mark.xdist_group("browser")

# Elements that stick out to the right of the viewport (what makes the page scroll sideways).
_WIDE_ELEMENTS = """() => {
  const limit = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit + 1) continue;
    if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;  // drawn inside the SVG's own box
    if (el.closest(".md-typeset__scrollwrap, .md-sidebar, .md-search, [hidden]")) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") continue;
    wide.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string"
      ? "." + el.className.trim().split(/\\s+/).join(".") : ""} right=${Math.round(box.right)}`);
    if (wide.length >= 8) break;
  }
  return wide;
}"""

# Tables that do not fit the width they are given (they would need a scroll bar).
_OVERFLOWING_TABLES = """() => [...document.querySelectorAll("article table")].map((table, index) => {
  const wrap = table.closest(".md-typeset__scrollwrap") || table.parentElement;
  const article = table.closest("article").getBoundingClientRect();
  return {index, heading: (table.tHead ? table.tHead.innerText : "").replace(/\\s+/g, " ").slice(0, 60),
          table: table.scrollWidth, tableBox: table.clientWidth, wrap: wrap.scrollWidth, wrapBox: wrap.clientWidth,
          right: table.getBoundingClientRect().right, articleRight: article.right};
}).filter(t => t.table > t.tableBox + 1 || t.wrap > t.wrapBox + 1 || t.right > t.articleRight + 1)"""


def _opened_without_sideways_scrolling(open_page: PageFactory, kind: str, viewport: dict[str, int]) -> OpenedPage:
    """The page of this kind at this width, screenshotted, after checking that the whole page fits across."""
    width = viewport["width"]
    opened = open_page(viewport=viewport)
    opened.goto(PAGE_KINDS[kind])
    opened.screenshot(f"{kind}-{width}")
    widths = opened.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (
        f"{kind} (/{PAGE_KINDS[kind]}) scrolls sideways at {width} px: scrollWidth {widths[0]} > {widths[1]}; "
        f"wide elements: {opened.page.evaluate(_WIDE_ELEMENTS)}")
    return opened


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_sideways_scrolling_on_a_phone(open_page: PageFactory, kind: str) -> None:
    opened = _opened_without_sideways_scrolling(open_page, kind, MOBILE)
    opened.log.assert_clean()


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_tables_fit_on_a_laptop(open_page: PageFactory, kind: str) -> None:
    opened = _opened_without_sideways_scrolling(open_page, kind, DESKTOP)
    overflowing = opened.page.evaluate(_OVERFLOWING_TABLES)
    assert not overflowing, f"{kind}: tables wider than their container at 1280 px: {overflowing}"
    opened.log.assert_clean()


# Table cells a reader cannot see whole: off the screen, hidden in a scrolled box, or cut short (an ellipsis).
# A heading hidden on purpose (a stacked table's, 1 px and clipped) counts only when a cell lacks the label
# (data-label) that repeats it. Collapsed <details> are opened first: their tables count too.
_HIDDEN_CELLS = """() => {
  document.querySelectorAll("article details").forEach(d => { d.open = true; });
  const width = document.documentElement.clientWidth;
  const hidden = [];
  for (const table of document.querySelectorAll("article table")) {
    const labelled = [...table.querySelectorAll("tbody td")].every(td => (td.dataset.label || "").trim());
    const wrap = table.closest(".md-typeset__scrollwrap");
    const limit = wrap ? Math.min(width, wrap.getBoundingClientRect().right) : width;
    for (const cell of table.querySelectorAll("th, td")) {
      if (cell.closest("[hidden]")) continue;  // a row a filter has hidden
      const box = cell.getBoundingClientRect();
      const text = cell.textContent.replace(/\\s+/g, " ").trim().slice(0, 30);
      if (box.width <= 1 && cell.tagName === "TH" && labelled) continue;
      if (box.width === 0 || box.right > limit + 0.5 || box.left < -0.5 || cell.scrollWidth > cell.clientWidth + 1) {
        hidden.push(`${cell.tagName.toLowerCase()} "${text}" left=${Math.round(box.left)} right=${Math.round(box.right)}`);
      }
    }
  }
  return [hidden, document.querySelectorAll("article table").length];
}"""


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("kind", [kind for kind in PAGE_KINDS if not kind.startswith("fr-")])
def test_every_table_cell_is_visible_on_a_small_phone(open_page: PageFactory, kind: str, lang: str) -> None:
    """At 320 and 375 px, every cell of every table is on screen and whole: no sideways scrolling, nothing cut."""
    path = PAGE_KINDS[kind] if lang == "en" else f"fr/{PAGE_KINDS[kind]}"
    opened = open_page(viewport=MOBILE)
    opened.goto(path)
    for width in (320, 375):
        opened.page.set_viewport_size({"width": width, "height": MOBILE["height"]})
        hidden, tables = opened.page.evaluate(_HIDDEN_CELLS)
        assert not hidden, f"/{path} at {width} px: {len(hidden)} of the cells of {tables} table(s) are not visible: {hidden[:10]}"
        widths = opened.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"/{path} scrolls sideways at {width} px: {widths}"
    if kind == "partners":
        opened.screenshot(f"partners-table-375-{lang}")
    opened.log.assert_clean()
