"""Inline SVG world map of the partner countries, drawn at build time.

The shapes come from ``worldmap.svg`` in the pygal_maps_world package (viewBox
0 0 2475 1388, one ``<g class="xx country ...">`` per ISO 3166-1 alpha-2 code),
pre-processed once by ``worldmap_asset.py`` into ``data/world.json``: the build
only loads that asset, crops and emits, and needs neither package nor parser.
Drawing the map here rather than in the browser keeps the site free of
JavaScript and third-party tiles, and lets every partner be an ordinary,
keyboard-focusable link. An administration too small for the package's
map (Antigua and Barbuda) is a dot at its location, which the asset holds
under ``points`` (see ``worldmap_asset.py``), with the same link and name
as the others. To stay small, the map is cropped to the partners,
countries outside the crop are dropped and coordinates are rounded *as
absolute positions* (then written as relative offsets), so rounding error
never accumulates along a border.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import mul

from markupsafe import Markup, escape

from generator.escape import md_text, safe_url

__all__ = ["MAP_CSS", "MapMarker", "drawable", "world_map"]

WORLD_WIDTH = 2475.0
WORLD_HEIGHT = 1388.0
CROP_MARGIN = 0.08  # of the partners' larger extent, on each side
MIN_CROP_WIDTH = 420.0  # ≈ 60° of longitude: one small partner still shows its region
MIN_ASPECT = 1.25  # width / height: not taller than a page column comfortably holds
MAX_ASPECT = 2.2  # nor so flat that it turns into a strip
SMALL_PARTNER = 0.02  # partners narrower than this share of the map width get a ring
RING_RADIUS = 0.008  # smallest ring radius, as a share of the map width
DOT_RADIUS = 0.004  # a partner drawn from its location only: the dot inside its ring
ID_PREFIX = "acip-map-"

# Rules for the site stylesheet. Only Material's palette variables are used, so
# the map follows the light and dark schemes without inline colours.
MAP_CSS = """\
svg.acip-map {
  display: block;
  width: 100%;
  height: auto;
  max-width: 100%;
  overflow: hidden;
}
.acip-map path {
  stroke: var(--md-default-bg-color);
  stroke-width: 0.5px;
  stroke-linejoin: round;
  vector-effect: non-scaling-stroke;
}
.acip-map__land {
  fill: var(--md-default-fg-color--lightest);
}
.acip-map__partner {
  fill: var(--md-primary-fg-color);
  cursor: pointer;
}
.acip-map__ring {
  fill: none;
  stroke: var(--md-primary-fg-color);
  stroke-width: 1.5px;
  vector-effect: non-scaling-stroke;
}
.acip-map__partner:hover,
.acip-map__partner:focus {
  fill: var(--md-accent-fg-color);
}
.acip-map__partner:hover .acip-map__ring,
.acip-map__partner:focus .acip-map__ring {
  stroke: var(--md-accent-fg-color);
}
.acip-map__partner:focus {
  outline: none;
}
.acip-map__partner:focus-visible {
  outline: 2px solid var(--md-accent-fg-color);
  outline-offset: 2px;
}
.acip-map__partner:focus-visible path {
  stroke: var(--md-default-fg-color);
  stroke-width: 1.5px;
}
"""


@dataclass(frozen=True)
class MapMarker:
    """One partner country on the map, linking to its page."""

    country: str  # ISO 3166-1 alpha-2, any case, e.g. "GH" or "ps"
    href: str  # relative URL of the partner page, e.g. "partners/ghana/"
    label: str  # accessible name, e.g. "Ghana"


# --- geometry -----------------------------------------------------------------

BBox = tuple[float, float, float, float]  # x0, y0, x1, y1, in map units

# The asset holds integer thousandths of a map unit: exact, as the package
# writes at most three decimals (worldmap_asset.py checks it).
UNIT = 1000
ASSET = "world.json"


@dataclass(frozen=True)
class SubPath:
    """One closed outline (an island, a mainland, an exclave), already oriented.

    ``kinds`` has one letter per segment, ``L`` (x y) or ``C`` (x1 y1 x2 y2 x y);
    ``coords`` is the start point followed by each segment's absolute points,
    in integer thousandths of a map unit.
    """

    kinds: str
    coords: tuple[int, ...]
    bbox: BBox  # of the on-curve points: a curve may bulge a little beyond it


@dataclass(frozen=True)
class Country:
    """A country's outlines (mainland, islands, exclaves) and their bounding box."""

    code: str
    subpaths: tuple[SubPath, ...]
    bbox: BBox


def _union(boxes: Sequence[BBox]) -> BBox:
    x0s, y0s, x1s, y1s = zip(*boxes)
    return min(x0s), min(y0s), max(x1s), max(y1s)


def _units(box: Sequence[int]) -> BBox:
    x0, y0, x1, y1 = box
    return x0 / UNIT, y0 / UNIT, x1 / UNIT, y1 / UNIT


def _signed_area(sp: SubPath) -> int:
    """Twice the shoelace area of the outline's point polygon, in square thousandths; exact."""
    c = sp.coords
    xs, ys = c[0::2], c[1::2]
    return int(sum(map(mul, xs, ys[1:] + ys[:1])) - sum(map(mul, xs[1:] + xs[:1], ys)))


@lru_cache(maxsize=1)
def _asset() -> tuple[Mapping[str, Country], Mapping[str, tuple[float, float]]]:
    """The map asset's countries and points, loaded once per process.

    The asset is made from pygal_maps_world by ``python -m generator.worldmap_asset``:
    outlines oriented, marker circles removed, boxes computed, so nothing is parsed here.
    """
    data = json.loads((importlib.resources.files("generator") / "data" / ASSET).read_bytes())
    if data["unit"] != 1 / UNIT:
        raise ValueError(f"{ASSET}: unit {data['unit']} is not 1/{UNIT}; rerun `make worldmap-asset`")
    countries: dict[str, Country] = {}
    for code, entry in data["countries"].items():
        subpaths = tuple(SubPath(o["kinds"], tuple(o["coords"]), _units(o["bbox"])) for o in entry["outlines"])
        countries[code] = Country(code, subpaths, _units(entry["bbox"]))
    points = {code: (x / UNIT, y / UNIT) for code, (x, y) in data.get("points", {}).items()}
    return countries, points


def load_countries() -> Mapping[str, Country]:
    """Every country the map asset has outlines for, by lowercase alpha-2 code."""
    return _asset()[0]


def load_points() -> Mapping[str, tuple[float, float]]:
    """The location, in map units, of every country too small for the map's outlines."""
    return _asset()[1]


def drawable(code: str) -> bool:
    """Whether the map can show this country, as an outline or as a dot at its location."""
    code = code.strip().lower()
    return code in load_countries() or code in load_points()


# --- output -------------------------------------------------------------------

_SPACE_AROUND_COMMAND = re.compile(r" ?([a-z]) ?")


def _fmt_tenths(n: int) -> str:
    """Tenths as the shortest SVG number: 5 -> ".5", -12 -> "-1.2", 30 -> "3"."""
    text = f"{n / 10:g}"
    if text.startswith("0."):
        return text[1:]
    if text.startswith("-0."):
        return "-" + text[2:]
    return text


def _path_data(subpaths: Sequence[SubPath], scale: int) -> str:
    """Compact relative path data from absolute geometry, rounded to 1/scale units (1 or 10).

    Every point is rounded in absolute terms and the offsets are differences of
    rounded points, so the shape is exact to half a grid step everywhere and
    rounding error never accumulates along a border. Rounding is integer
    arithmetic on the asset's exact thousandths (halves up), so a border point
    shared by two countries lands on the same grid point in both.
    """
    fmt = str if scale == 1 else _fmt_tenths
    step = UNIT // scale  # asset thousandths per output grid step
    half = step // 2
    tokens: list[str] = []
    px = py = 0
    for sp in subpaths:
        q = [(v + half) // step for v in sp.coords]  # exact integer rounding, halves up
        sx, sy = q[0], q[1]
        tokens += ("m", fmt(sx - px), fmt(sy - py))
        px, py = sx, sy
        state = "l"  # what a bare pair of numbers means right now
        i = 2
        for kind in sp.kinds:
            if kind == "C":
                x, y = q[i + 4], q[i + 5]
                c1x, c1y, c2x, c2y = q[i] - px, q[i + 1] - py, q[i + 2] - px, q[i + 3] - py
                i += 6
                if c1x or c1y or c2x != x - px or c2y != y - py:
                    if state != "c":
                        tokens.append("c")
                        state = "c"
                    tokens += (fmt(c1x), fmt(c1y), fmt(c2x), fmt(c2y), fmt(x - px), fmt(y - py))
                    px, py = x, y
                    continue
                # Control points on the end points: a straight line after rounding.
            else:
                x, y = q[i], q[i + 1]
                i += 2
            dx, dy = x - px, y - py
            if dy == 0:
                if dx == 0:
                    continue  # collapsed by rounding
                if state != "h":
                    tokens.append("h")
                    state = "h"
                tokens.append(fmt(dx))
            elif dx == 0:
                if state != "v":
                    tokens.append("v")
                    state = "v"
                tokens.append(fmt(dy))
            else:
                if state != "l":
                    tokens.append("l")
                    state = "l"
                tokens += (fmt(dx), fmt(dy))
            px, py = x, y
        tokens.append("z")
        px, py = sx, sy
    return _SPACE_AROUND_COMMAND.sub(r"\1", " ".join(tokens)).replace(" -", "-")


def _check_href(href: str) -> None:
    """Refuse ``javascript:``, ``data:`` and other schemes: partner links are site-relative."""
    if not safe_url(href, relative=True):
        raise ValueError(f"map link {href!r} is not a relative or http(s) link")


def _text(value: str) -> str:
    """Escaped, single-line, Markdown-inert text for an attribute or a text node: the site's one escaper."""
    return str(md_text(str(value)))  # str(): a Markup value is escaped too


def _crop_box(boxes: Sequence[BBox]) -> BBox:
    """Partners' bounding box plus margin, widened to a minimum size and sane aspect."""
    x0, y0, x1, y1 = _union(boxes)
    margin = CROP_MARGIN * max(x1 - x0, y1 - y0)
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    w, h = x1 - x0, y1 - y0
    w = max(w, MIN_CROP_WIDTH, h * MIN_ASPECT)
    h = max(h, w / MAX_ASPECT)
    w, h = min(w, WORLD_WIDTH), min(h, WORLD_HEIGHT)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    # Centre on the partners, then slide back inside the world rather than show sea.
    left = min(max(cx - w / 2, 0.0), WORLD_WIDTH - w)
    top = min(max(cy - h / 2, 0.0), WORLD_HEIGHT - h)
    return (math.floor(left), math.floor(top), math.ceil(left + w), math.ceil(top + h))


def _main_bbox(country: Country) -> BBox:
    """Bounding box of a country's main territory: outlines of at least 5% of its largest.

    Far-flung small islands (Easter Island, the Galápagos, the Canaries,
    Zanzibar) would otherwise stretch the crop across an ocean.
    """
    areas = [abs(_signed_area(sp)) for sp in country.subpaths]
    floor = 0.05 * max(areas)
    return _union([sp.bbox for sp, a in zip(country.subpaths, areas) if a >= floor])


def _ring(bbox: BBox, map_width: float) -> str:
    """A ring around a partner too small to see or hit at page size (Palestine, Lebanon)."""
    x0, y0, x1, y1 = bbox
    size = max(x1 - x0, y1 - y0)
    if size >= SMALL_PARTNER * map_width:
        return ""
    r = max(RING_RADIUS * map_width, 0.6 * size)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return f'<circle class="acip-map__ring" cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}"/>'


def _dot(point: tuple[float, float], map_width: float) -> str:
    """A partner the map has no outline for: a filled dot at its location (its ring is added as for small ones)."""
    return f'<circle class="acip-map__dot" cx="{point[0]:.1f}" cy="{point[1]:.1f}" r="{DOT_RADIUS * map_width:.1f}"/>'


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


# A site draws the same map on several pages and in each language, with only the
# links and labels changing: the geometry of a given crop is computed once.
@lru_cache(maxsize=4096)  # at most one entry per country and crop
def _partner_path(code: str, box: BBox) -> str:
    visible = [sp for sp in load_countries()[code].subpaths if _overlaps(sp.bbox, box)]
    return _path_data(visible, 10) if visible else ""


@lru_cache(maxsize=8)
def _land_path(box: BBox, partners: frozenset[str], scale: int, speck: float) -> str:
    land: list[SubPath] = []
    for code, country in load_countries().items():
        if code in partners or not _overlaps(country.bbox, box):
            continue
        land += (sp for sp in country.subpaths
                 if _overlaps(sp.bbox, box) and max(sp.bbox[2] - sp.bbox[0], sp.bbox[3] - sp.bbox[1]) >= speck)
    return _path_data(land, scale)


def world_map(markers: Sequence[MapMarker], *, title: str, crop: bool = True) -> Markup:
    """Inline SVG: every country drawn, partner countries highlighted and linked.

    The result is one line with no leading whitespace, so it survives being
    pasted into a Markdown page. Wrap it in a block-level element (``<div>``
    or ``<figure>``) so Python-Markdown treats it as a raw HTML block.
    Raises ValueError for an unknown or repeated country code or a link
    with a non-http(s) scheme.
    """
    countries, points = load_countries(), load_points()
    partners: dict[str, MapMarker] = {}
    for marker in markers:
        code = marker.country.strip().lower()
        if not drawable(code):
            raise ValueError(
                f"unknown country code {marker.country!r} for map marker {marker.label!r}: "
                "not an ISO 3166-1 alpha-2 code drawn by pygal_maps_world or located by countryinfo"
            )
        if code in partners:
            raise ValueError(f"country code {marker.country!r} appears twice among the map markers")
        _check_href(marker.href)
        partners[code] = marker

    main = {code: _main_bbox(countries[code]) if code in countries else (*points[code], *points[code]) for code in partners}
    if crop and partners:
        box = _crop_box(list(main.values()))
    else:
        box = (0.0, 0.0, WORLD_WIDTH, WORLD_HEIGHT)
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    # Whole units are under a pixel at page widths for the background of a
    # large map; partners (some only a few units wide) and zoomed maps keep tenths.
    land_scale = 1 if width >= 600 else 10
    # Islands smaller than ~1/1500 of the map width would be sub-pixel specks.
    speck = width / 1500

    digest = hashlib.sha1(
        repr((title, crop, sorted((c, m.href, m.label) for c, m in partners.items()))).encode()
    ).hexdigest()[:8]
    title_id = f"{ID_PREFIX}{digest}-title"

    links: dict[str, str] = {}
    for code, marker in partners.items():
        if code in countries:
            shape = _partner_path(code, box)
            drawn = f'<path d="{shape}"/>' if shape else ""
        else:
            drawn = _dot(points[code], width) if _overlaps(main[code], box) else ""
        if drawn:
            label = _text(marker.label)
            href = escape(str(marker.href).strip())  # str(): escape() trusts Markup
            links[code] = (
                f'<a class="acip-map__partner" href="{href}" '
                f'aria-label="{label}"><title>{label}</title>'
                f'{drawn}{_ring(main[code], width)}</a>'
            )
    land = _land_path(box, frozenset(partners), land_scale, speck)

    def num(v: float) -> str:
        return f"{v:g}"

    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="acip-map" '
        f'viewBox="{num(x0)} {num(y0)} {num(width)} {num(height)}" '
        f'width="{num(width)}" height="{num(height)}" '
        f'role="group" aria-labelledby="{title_id}">'
        f'<title id="{title_id}">{_text(title)}</title>'
        # One path for all other land: fewer bytes, and painted once, so the
        # translucent fill does not darken where outlines overlap (pygal draws
        # Lesotho on top of a South Africa without a hole).
        f'<path class="acip-map__land" aria-hidden="true" d="{land}"/>'
        # Links in the caller's order: that is the keyboard and screen-reader order.
        f'<g class="acip-map__partners">{"".join(links[c] for c in partners if c in links)}</g>'
        "</svg>"
    )
    return Markup(svg)
