"""Turn pygal_maps_world's ``worldmap.svg`` into ``generator/data/world.json``, once.

Run ``make worldmap-asset`` (``python -m generator.worldmap_asset``) after
upgrading pygal_maps_world. The build then only loads the small, ready-made
asset (see ``worldmap.py``) instead of parsing 780 KB of SVG path data.

What the asset holds, per lowercase ISO 3166-1 alpha-2 code, is each outline
(mainland, island, exclave) with:

- ``kinds``: one letter per segment, ``L`` (line) or ``C`` (cubic Bézier);
- ``coords``: the start point, then each segment's points (``x y`` for ``L``,
  ``x1 y1 x2 y2 x y`` for ``C``), as *absolute* integers in thousandths of a
  map unit. The package writes at most three decimals, so these are exact:
  the build rounds from exact positions and never from accumulated floats;
- ``bbox``: ``[x0, y0, x1, y1]`` of the on-curve points, in thousandths.

Outlines are already traced in one direction (merged into one ``<path>``, they
must not cancel out under the nonzero fill rule), and pygal's "you are here"
circles around micro-states are removed (they are not territory).
The SVG path grammar is read by svgelements, a maintained library; this
module is a maintenance tool, so the build never needs either package.

Some administrations are too small for the package's map (Antigua and
Barbuda, Barbados, Fiji ...). ``points`` gives each ISO code the map lacks a
location in map units, so the build can draw a marker there: its latitude and
longitude from countryinfo (a maintained data set), projected with pyproj's
Robinson projection, the package map's family, then placed by the affine
transform that best fits the small countries the map does draw (their
outline's centre against their own countryinfo location; countries the
package misplaces are dropped as outliers and the fit is made again).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.resources
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from svgelements import Close, CubicBezier, Line, Move
from svgelements import Path as SVGPath

UNIT = 1000  # asset coordinates are integers in 1/UNIT of a map unit
ASSET = Path(__file__).parent / "data" / "world.json"
SOURCE_PACKAGE = "pygal_maps_world"
SOURCE_FILE = "worldmap.svg"
LOCATIONS_PACKAGE = "countryinfo"
PROJECTION_PACKAGE = "pyproj"
FIT_MAX_SIZE = 25 * UNIT  # countries whose largest outline is at most this wide anchor the fit
FIT_OUTLIER = 3.0  # residuals above this many times the median are dropped before the final fit
_SVG = "{http://www.w3.org/2000/svg}"

BBox = tuple[int, int, int, int]


@dataclass(frozen=True)
class Outline:
    """One closed outline in exact integer thousandths; see the module docstring."""

    kinds: str
    coords: tuple[int, ...]

    @property
    def bbox(self) -> BBox:
        """Bounding box of the on-curve points (a curve may bulge a little beyond it)."""
        xs, ys = on_curve(self)
        return min(xs), min(ys), max(xs), max(ys)


def on_curve(outline: Outline) -> tuple[list[int], list[int]]:
    """The start point and each segment's end point, as x and y lists."""
    c = outline.coords
    xs, ys = [c[0]], [c[1]]
    i = 2
    for kind in outline.kinds:
        i += 6 if kind == "C" else 2
        xs.append(c[i - 2])
        ys.append(c[i - 1])
    return xs, ys


def _exact(value: float, where: str) -> int:
    """A coordinate in thousandths; refuse data finer than that rather than round it silently."""
    scaled = value * UNIT
    q = round(scaled)
    if abs(scaled - q) > 1e-6:
        raise ValueError(f"{where}: coordinate {value!r} has more than three decimals")
    return q


def outlines(d: str, where: str = "path") -> list[Outline]:
    """Every closed outline of an SVG path ``d``, as drawn: lines and cubics, absolute.

    svgelements resolves the grammar (relative and implicit commands, ``H``/``V``
    as lines, ``S`` with its reflected control point). Quadratics and arcs do
    not occur in the package map and are refused rather than approximated.
    """
    out: list[Outline] = []
    kinds: list[str] = []
    coords: list[int] = []

    def flush() -> None:
        if kinds:
            out.append(Outline("".join(kinds), tuple(coords)))
        kinds.clear()
        coords.clear()

    for seg in SVGPath(d):
        if isinstance(seg, Move):
            flush()
            coords[:] = [_exact(seg.end.x, where), _exact(seg.end.y, where)]
            continue
        if isinstance(seg, Close):
            flush()  # the closing edge is implied by the fill
            continue
        if not coords:  # drawing on after a close: a new outline from the same point
            coords[:] = [_exact(seg.start.x, where), _exact(seg.start.y, where)]
        points: tuple[Any, ...]
        if isinstance(seg, CubicBezier):
            kinds.append("C")
            points = (seg.control1, seg.control2, seg.end)
        elif isinstance(seg, Line):
            kinds.append("L")
            points = (seg.end,)
        else:
            raise ValueError(f"{where}: unsupported path segment {type(seg).__name__}")
        coords += (_exact(v, where) for p in points for v in (p.x, p.y))
    flush()
    return out


def signed_area2(outline: Outline) -> int:
    """Twice the shoelace area of the outline's point polygon; the sign is its direction."""
    c = outline.coords
    xs, ys = c[0::2], c[1::2]
    n = len(xs)
    return sum(xs[i] * ys[(i + 1) % n] - xs[(i + 1) % n] * ys[i] for i in range(n))


def reversed_outline(outline: Outline) -> Outline:
    """The same outline traced the other way round (cubic control points swap)."""
    c = outline.coords
    points: list[tuple[int, ...]] = []  # per segment: its controls reversed, then its start
    i = 2
    for kind in outline.kinds:
        if kind == "C":
            points.append((c[i + 2], c[i + 3], c[i], c[i + 1], c[i - 2], c[i - 1]))
            i += 6
        else:
            points.append((c[i - 2], c[i - 1]))
            i += 2
    flat = [v for p in reversed(points) for v in p]
    return Outline(outline.kinds[::-1], (c[-2], c[-1], *flat))


def oriented(outline: Outline) -> Outline:
    """Traced in the package's majority direction: the map has no holes, so one direction is right."""
    return reversed_outline(outline) if signed_area2(outline) > 0 else outline


def is_marker_circle(outline: Outline) -> bool:
    """pygal's 12-unit "you are here" circle around micro-states (bh, lb, mt, sm ...)."""
    x0, y0, x1, y1 = outline.bbox
    if outline.kinds != "CC" or not 11.5 * UNIT < y1 - y0 < 12.5 * UNIT:
        return False
    xs = outline.coords[0::2]  # the control points give the circle its width
    return 15 * UNIT < max(xs) - min(xs) < 16 * UNIT


def countries(svg: bytes) -> Iterator[tuple[str, list[Outline]]]:
    """Each country's oriented outlines, marker circles left out, in file order."""
    # ElementTree is fine here: the file ships in an installed package, not from users.
    root = ET.fromstring(svg)
    for group in root.iter(f"{_SVG}g"):
        classes = group.get("class", "").split()
        if "country" not in classes:
            continue
        code = classes[0]
        found = [
            oriented(o)
            for path in group.iter(f"{_SVG}path")
            for o in outlines(path.get("d", ""), f"{SOURCE_FILE}: {code}")
            if not is_marker_circle(o)
        ]
        if found:
            yield code, found


def _union(boxes: Sequence[BBox]) -> BBox:
    x0s, y0s, x1s, y1s = zip(*boxes)
    return min(x0s), min(y0s), max(x1s), max(y1s)


def locations() -> dict[str, tuple[float, float]]:
    """Every country's (longitude, latitude) in countryinfo, by lowercase alpha-2 code."""
    from countryinfo import all_countries

    found: dict[str, tuple[float, float]] = {}
    for country in all_countries():
        code, latlng = str(country.iso().get("alpha2") or "").lower(), country.latlng()
        if len(code) == 2 and code.isalpha() and len(latlng) == 2:
            found[code] = (float(latlng[1]), float(latlng[0]))
    return found


Affine = tuple[float, float, float]  # a, b, c in a*x + b*y + c


def _least_squares(planar: Sequence[tuple[float, float]], values: Sequence[float]) -> Affine:
    """The affine map of ``planar`` points closest to ``values`` (normal equations, Gaussian elimination)."""
    rows = [(x, y, 1.0) for x, y in planar]
    m = [[sum(r[i] * r[j] for r in rows) for j in range(3)] + [sum(r[i] * v for r, v in zip(rows, values))]
         for i in range(3)]
    for i in range(3):
        pivot = max(range(i, 3), key=lambda k: abs(m[k][i]))
        m[i], m[pivot] = m[pivot], m[i]
        for k in range(3):
            if k != i:
                factor = m[k][i] / m[i][i]
                m[k] = [a - factor * b for a, b in zip(m[k], m[i])]
    return m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]


def points(shapes: dict[str, list[Outline]]) -> tuple[dict[str, tuple[int, int]], str]:
    """A location, in thousandths of a map unit, for every country the map has no outline for; and how it was fitted."""
    from pyproj import Transformer

    robinson = Transformer.from_crs("EPSG:4326", "+proj=robin", always_xy=True)
    where = locations()
    anchors: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {}
    for code, found in shapes.items():
        largest = max(found, key=lambda o: abs(signed_area2(o)))
        x0, y0, x1, y1 = largest.bbox
        if code in where and max(x1 - x0, y1 - y0) <= FIT_MAX_SIZE:
            anchors[code] = (robinson.transform(*where[code]), ((x0 + x1) / 2, (y0 + y1) / 2))

    def fit(codes: Sequence[str]) -> tuple[Affine, Affine]:
        planar = [anchors[c][0] for c in codes]
        return (_least_squares(planar, [anchors[c][1][0] for c in codes]),
                _least_squares(planar, [anchors[c][1][1] for c in codes]))

    def place(fx: Affine, fy: Affine, p: tuple[float, float]) -> tuple[float, float]:
        return fx[0] * p[0] + fx[1] * p[1] + fx[2], fy[0] * p[0] + fy[1] * p[1] + fy[2]

    def residual(fx: Affine, fy: Affine, code: str) -> float:
        x, y = place(fx, fy, anchors[code][0])
        return float(((x - anchors[code][1][0]) ** 2 + (y - anchors[code][1][1]) ** 2) ** 0.5)

    fx, fy = fit(sorted(anchors))
    errors = sorted(residual(fx, fy, c) for c in anchors)
    median = errors[len(errors) // 2]
    kept = sorted(c for c in anchors if residual(fx, fy, c) <= FIT_OUTLIER * median)
    fx, fy = fit(kept)
    errors = sorted(residual(fx, fy, c) for c in kept)
    placed = {}
    for code in sorted(set(where) - set(shapes)):
        x, y = place(fx, fy, robinson.transform(*where[code]))
        placed[code] = (round(x / 100) * 100, round(y / 100) * 100)  # a tenth of a map unit is finer than any screen
    how = (f"{LOCATIONS_PACKAGE} {importlib.metadata.version(LOCATIONS_PACKAGE)} latlng, Robinson projection "
           f"({PROJECTION_PACKAGE} {importlib.metadata.version(PROJECTION_PACKAGE)}) fitted to {len(kept)} small "
           f"countries of the map (median error {errors[len(errors) // 2] / UNIT:.1f} map units)")
    return placed, how


def render_asset(svg: bytes, version: str) -> str:
    """The asset's text: a header, then one country per line so upgrades diff readably."""
    shapes = dict(countries(svg))
    placed, how = points(shapes)
    header = {
        "source": f"{SOURCE_PACKAGE} {version} {SOURCE_FILE}",
        "sha256": hashlib.sha256(svg).hexdigest(),
        "unit": 1 / UNIT,
        "generator": "python -m generator.worldmap_asset",
        "points_source": how,
    }
    lines = []
    for code, found in shapes.items():
        entry = {
            "bbox": _union([o.bbox for o in found]),
            "outlines": [{"kinds": o.kinds, "bbox": o.bbox, "coords": o.coords} for o in found],
        }
        lines.append(f"{json.dumps(code)}:{json.dumps(entry, separators=(',', ':'))}")
    head = json.dumps(header, separators=(",", ":"))[:-1]
    spots = [f"{json.dumps(code)}:{json.dumps(list(xy))}" for code, xy in placed.items()]
    return (head + ',"countries":{\n' + ",\n".join(lines) + '\n},"points":{\n' + ",\n".join(spots) + "\n}}\n")


def source_svg() -> tuple[bytes, str]:
    """The installed package's map and the package version."""
    svg = (importlib.resources.files(SOURCE_PACKAGE) / SOURCE_FILE).read_bytes()
    return svg, importlib.metadata.version(SOURCE_PACKAGE)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.worldmap_asset", description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=ASSET, help=f"where to write (default: {ASSET})")
    args = parser.parse_args(argv)
    svg, version = source_svg()
    text = render_asset(svg, version)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode()):,} bytes) from {SOURCE_PACKAGE} {version}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
