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


def render_asset(svg: bytes, version: str) -> str:
    """The asset's text: a header, then one country per line so upgrades diff readably."""
    header = {
        "source": f"{SOURCE_PACKAGE} {version} {SOURCE_FILE}",
        "sha256": hashlib.sha256(svg).hexdigest(),
        "unit": 1 / UNIT,
        "generator": "python -m generator.worldmap_asset",
    }
    lines = []
    for code, found in countries(svg):
        entry = {
            "bbox": _union([o.bbox for o in found]),
            "outlines": [{"kinds": o.kinds, "bbox": o.bbox, "coords": o.coords} for o in found],
        }
        lines.append(f"{json.dumps(code)}:{json.dumps(entry, separators=(',', ':'))}")
    head = json.dumps(header, separators=(",", ":"))[:-1]
    return head + ',"countries":{\n' + ",\n".join(lines) + "\n}}\n"


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
