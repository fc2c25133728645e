"""``report.html``: each changed page before and after, at desktop and phone widths, changes outlined.

Screenshots come from Chromium driven by Playwright (the browser the tests use). What changed
is found in the rendered pages, not in pixels: every visible element that carries text of its
own, every image and every inline SVG is keyed by its tag and content, and an element of one
side whose key the other side lacks is outlined. Layout shifts therefore do not count as
changes. The file is self-contained: screenshots are inlined as ``data:`` URIs, styles inline.
"""

from __future__ import annotations

import base64
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.diff.compare import Changes, PageChange
from generator.localserve import serve

WIDTHS = {1280: 800, 375: 812}  # viewport width → height
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
MARGIN = 120  # pixels shown above the first change
MAX_HEIGHT = 2400  # the tallest screenshot: a long page is shown from its first change on
OUTLINE = {"before": "#c2185b", "after": "#1565c0"}

# Every visible element with text of its own, every image and SVG: [key, top, bottom] in page coordinates.
_BLOCKS_JS = """() => {
  const blocks = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;
    const tag = el.tagName.toLowerCase();
    if (["script", "style", "noscript", "template"].includes(tag)) continue;
    let key = null;
    if (tag === "img") key = "img " + (el.getAttribute("src") || "") + " " + (el.getAttribute("alt") || "");
    else if (tag === "svg") key = "svg " + el.outerHTML;
    else if ([...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim())) {
      key = tag + " " + el.textContent.replace(/\\s+/g, " ").trim();
    }
    if (key === null || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.right <= 0 || r.left >= window.innerWidth) continue;
    blocks.push({key, x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height});
  }
  window.__acipBlocks = blocks;
  return blocks.map(b => [b.key, b.y, b.y + b.h]);
}"""

_OUTLINE_JS = """([indices, colour]) => {
  for (const i of indices) {
    const b = window.__acipBlocks[i];
    const box = document.createElement("div");
    box.setAttribute("data-acip-diff", "");
    box.style.cssText = `position:absolute;left:${b.x - 3}px;top:${b.y - 3}px;width:${b.w + 6}px;height:${b.h + 6}px;` +
      `outline:3px solid ${colour};background:${colour}22;pointer-events:none;z-index:2147483647;`;
    document.body.appendChild(box);
  }
  return document.documentElement.scrollHeight;
}"""


class ReportFailed(Exception):
    """The browser could not be started or could not show a page."""


@dataclass(frozen=True)
class Shot:
    """One side of one page at one width."""

    side: str
    image: str  # data: URI
    marked: int  # how many elements are outlined


@dataclass(frozen=True)
class Shown:
    """One page in the report."""

    page: PageChange
    widths: list[tuple[int, list[Shot]]]


def chromium() -> str:
    """Debian's Chromium, as the browser tests use it (Playwright's own download needs the internet)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium"


def _differing(mine: list[list[Any]], theirs: list[list[Any]]) -> list[int]:
    """Indices of the blocks of ``mine`` whose key ``theirs`` lacks (counting repeats)."""
    available = Counter(block[0] for block in theirs)
    marked = []
    for index, block in enumerate(mine):
        if available[block[0]] > 0:
            available[block[0]] -= 1
        else:
            marked.append(index)
    return marked


def _capture(context: Any, servers: dict[str, str], page: PageChange, width: int) -> list[Shot]:
    sides = [side for side in ("before", "after") if not (side == "before" and page.status == "added")
             and not (side == "after" and page.status == "removed")]
    tabs, blocks = {}, {}
    for side in sides:
        tab = context.new_page()
        tab.set_viewport_size({"width": width, "height": WIDTHS[width]})
        tab.goto(servers[side] + page.url, wait_until="load")
        tabs[side], blocks[side] = tab, tab.evaluate(_BLOCKS_JS)
    marks = {side: (_differing(blocks[side], blocks[other]) if other in blocks else list(range(len(blocks[side]))))
             for side, other in (("before", "after"), ("after", "before")) if side in blocks}
    tops = [blocks[side][i][1] for side in marks for i in marks[side]]
    top = max(0, int(min(tops)) - MARGIN) if tops and len(tops) < sum(len(b) for b in blocks.values()) else 0
    shots = []
    for side in sides:
        tab = tabs[side]
        height = tab.evaluate(_OUTLINE_JS, [marks[side] if len(marks[side]) < len(blocks[side]) else [], OUTLINE[side]])
        start = min(top, max(0, height - WIDTHS[width]))
        clip = {"x": 0, "y": start, "width": width, "height": max(1, min(MAX_HEIGHT, height - start))}
        image = tab.screenshot(clip=clip, full_page=True, type="jpeg", quality=70, animations="disabled")
        shots.append(Shot(side, "data:image/jpeg;base64," + base64.b64encode(image).decode("ascii"), len(marks[side])))
        tab.close()
    return shots


def screenshots(pages: list[PageChange], before: Path, after: Path) -> list[Shown]:
    """Every page in ``pages`` at every width in ``WIDTHS``, both sides, changes outlined."""
    from playwright.sync_api import Error, sync_playwright

    try:
        return _screenshots(sync_playwright, pages, before, after)
    except (Error, OSError) as exc:
        raise ReportFailed(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)) from None


def _screenshots(sync_playwright: Any, pages: list[PageChange], before: Path, after: Path) -> list[Shown]:
    shown: list[Shown] = []
    with serve(before) as old, serve(after) as new, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(reduced_motion="reduce", service_workers="block")
            local = (old, new)
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(local) else route.abort())
            for page in pages:
                shown.append(Shown(page, [(width, _capture(context, {"before": old, "after": new}, page, width)) for width in WIDTHS]))
            context.close()
        finally:
            browser.close()
    return shown


def render(changes: Changes, base: str, before: Path, after: Path, *, max_pages: int = 12) -> str:
    """The report as one HTML document; at most ``max_pages`` pages get screenshots, the rest are listed."""
    pages = sorted(changes.pages, key=lambda p: p.sort_key())
    shown = screenshots(pages[:max_pages], before, after) if pages and max_pages > 0 else []
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent), undefined=jinja2.StrictUndefined,
                                     autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return environment.get_template("report.html.j2").render(
        base=base, changes=changes, shown=shown, rest=pages[max_pages:], colours=OUTLINE)
