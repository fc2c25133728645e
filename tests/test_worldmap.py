"""The partner map: links, escaping, cropping, size, that paths survive rounding,
and that the map asset stays in step with the script that makes it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markupsafe import Markup

from generator import worldmap_asset
from generator.worldmap import (
    MAP_CSS,
    UNIT,
    MapMarker,
    SubPath,
    _path_data,
    load_countries,
    world_map,
)
from generator.worldmap_asset import Outline, outlines

SVG = "{http://www.w3.org/2000/svg}"
PARTNERS = ["af", "et", "gh", "lb", "lr", "ml", "mz", "np", "sl", "tz", "tn", "bf", "ci", "jo", "ne", "ps"]
HOSTILE = '"><script>alert(1)</script>'


def markers(codes: list[str]) -> list[MapMarker]:
    return [MapMarker(code.upper(), f"partners/{code}/", f"Partner {code}") for code in codes]


def view_box(svg: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in svg.get("viewBox", "").split())
    return x, y, x + w, y + h


def links(svg: ET.Element) -> list[ET.Element]:
    return list(svg.iter(f"{SVG}a"))


def test_partner_is_a_link_with_href_and_accessible_name() -> None:
    svg = ET.fromstring(world_map([MapMarker("GH", "partners/ghana/", "Ghana")], title="Partners"))
    (link,) = links(svg)
    assert link.get("href") == "partners/ghana/"
    assert link.get("aria-label") == "Ghana"
    assert link.get("class") == "acip-map__partner"
    assert link.findtext(f"{SVG}title") == "Ghana"  # the tooltip
    assert link.find(f"{SVG}path") is not None


def test_svg_is_a_labelled_group_and_background_is_hidden() -> None:
    svg = ET.fromstring(world_map(markers(["gh", "tn"]), title="Partner administrations"))
    assert svg.get("role") == "group"  # not "img": it contains links
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text == "Partner administrations"
    assert svg.get("aria-labelledby") == title.get("id")
    assert title.get("id", "").startswith("acip-map-")
    land = svg.find(f"{SVG}path")
    assert land is not None
    assert land.get("class") == "acip-map__land" and land.get("aria-hidden") == "true"
    assert all("fill" not in el.attrib and "style" not in el.attrib for el in svg.iter())  # CSS only


def test_ids_differ_between_maps_and_repeat_for_the_same_map() -> None:
    a = world_map(markers(["gh"]), title="A")
    b = world_map(markers(["tn"]), title="A")
    assert ET.fromstring(a).get("aria-labelledby") != ET.fromstring(b).get("aria-labelledby")
    assert world_map(markers(["gh"]), title="A") == a  # reproducible builds


def test_links_follow_the_callers_order() -> None:
    svg = ET.fromstring(world_map(markers(["tn", "af", "gh"]), title="T"))
    assert [a.get("href") for a in links(svg)] == ["partners/tn/", "partners/af/", "partners/gh/"]


def test_hostile_label_and_title_are_escaped() -> None:
    out = world_map([MapMarker("gh", "partners/ghana/", HOSTILE)], title=HOSTILE)
    assert "<script>" not in out
    svg = ET.fromstring(out)  # still well-formed, and the text round-trips exactly
    (link,) = links(svg)
    assert link.get("aria-label") == HOSTILE
    assert link.findtext(f"{SVG}title") == HOSTILE
    assert svg.findtext(f"{SVG}title") == HOSTILE


def test_quotes_in_a_relative_href_are_refused_even_when_passed_as_markup() -> None:
    href = 'partners/x/" onmouseover="alert(1)'
    for value in (href, Markup(href)):
        with pytest.raises(ValueError, match="map link"):
            world_map([MapMarker("gh", value, "Ghana")], title="T")


def test_labels_are_escaped_even_when_passed_as_markup() -> None:
    out = world_map([MapMarker("gh", "partners/gh/", Markup('<b>Ghana</b>" onmouseover="x'))], title="T")
    assert "<b>" not in out and "onmouseover=" not in out.replace("&#34; onmouseover=&#34;", "")
    (link,) = links(ET.fromstring(out))
    assert link.get("aria-label") == '<b>Ghana</b>" onmouseover="x'


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "  javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
    ],
)
def test_non_http_schemes_are_refused(href: str) -> None:
    with pytest.raises(ValueError, match="map link"):
        world_map([MapMarker("gh", href, "Ghana")], title="T")


@pytest.mark.parametrize("href", ["partners/ghana/", "../ghana/", "./", "https://example.org/gh", "http://x/"])
def test_relative_and_http_links_are_accepted(href: str) -> None:
    (link,) = links(ET.fromstring(world_map([MapMarker("gh", href, "Ghana")], title="T")))
    assert link.get("href") == href


def test_unknown_country_code_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="'XX'"):
        world_map([MapMarker("XX", "partners/x/", "Nowhere")], title="T")


def test_country_codes_are_case_insensitive_but_not_repeated() -> None:
    assert len(links(ET.fromstring(world_map([MapMarker("Ps", "p/", "Palestine")], title="T")))) == 1
    with pytest.raises(ValueError, match="twice"):
        world_map([MapMarker("GH", "a/", "Ghana"), MapMarker("gh", "b/", "Ghana")], title="T")


def test_crop_contains_every_partner_country() -> None:
    svg = ET.fromstring(world_map(markers(PARTNERS), title="T"))
    x0, y0, x1, y1 = view_box(svg)
    countries = load_countries()
    for code in PARTNERS:
        bx0, by0, bx1, by1 = countries[code].bbox
        assert x0 <= bx0 and bx1 <= x1 and y0 <= by0 and by1 <= y1, code
    # ... and the drawn partner paths themselves, parsed back from the output
    for link in links(svg):
        path = link.find(f"{SVG}path")
        assert path is not None
        for sp in outlines(path.get("d", "")):
            bx0, by0, bx1, by1 = (v / UNIT for v in sp.bbox)
            assert x0 <= bx0 and bx1 <= x1 and y0 <= by0 and by1 <= y1, link.get("href")


def test_crop_has_a_margin_a_minimum_size_and_a_sane_aspect() -> None:
    x0, y0, x1, y1 = view_box(ET.fromstring(world_map(markers(["ps"]), title="T")))
    px0, py0, px1, py1 = load_countries()["ps"].bbox
    assert x1 - x0 >= 400  # the region around Palestine, not a blow-up of it
    assert 1.2 <= (x1 - x0) / (y1 - y0) <= 2.3
    assert x0 < px0 and px1 < x1 and y0 < py0 and py1 < y1


def test_small_partners_get_a_ring_and_large_ones_do_not() -> None:
    svg = ET.fromstring(world_map(markers(PARTNERS), title="T"))
    ringed = {a.get("href") for a in links(svg) if a.find(f"{SVG}circle") is not None}
    assert "partners/ps/" in ringed and "partners/et/" not in ringed


def test_far_islands_do_not_stretch_the_crop() -> None:
    # Chile's mainland, not Easter Island 40 degrees out in the Pacific.
    x0, _, x1, _ = view_box(ET.fromstring(world_map(markers(["cl"]), title="T")))
    assert x1 - x0 < 500


def test_without_markers_or_crop_the_whole_world_is_drawn() -> None:
    assert ET.fromstring(world_map([], title="T")).get("viewBox") == "0 0 2475 1388"
    uncropped = ET.fromstring(world_map(markers(["gh"]), title="T", crop=False))
    assert uncropped.get("viewBox") == "0 0 2475 1388"


def test_output_is_one_markdown_safe_xml_element_and_small() -> None:
    out = world_map(markers(PARTNERS), title="Partners\n\n  of A-CIP")
    assert isinstance(out, Markup)
    assert out.startswith("<svg ") and out.endswith("</svg>")
    assert "\n" not in out  # no blank line, no indented line for Python-Markdown to mangle
    assert ET.fromstring(out).tag == f"{SVG}svg"
    assert len(out.encode()) < 250_000
    assert len(links(ET.fromstring(out))) == len(PARTNERS)


# --- the asset and its script --------------------------------------------------


def test_asset_is_what_the_script_makes_from_the_installed_package(tmp_path: Path) -> None:
    out = tmp_path / "world.json"
    assert worldmap_asset.main(["--output", str(out)]) == 0
    assert out.read_bytes() == worldmap_asset.ASSET.read_bytes(), "run `make worldmap-asset` and commit the result"


def test_asset_records_its_source() -> None:
    svg, version = worldmap_asset.source_svg()
    header = json.loads(worldmap_asset.ASSET.read_bytes())
    assert header["source"] == f"pygal_maps_world {version} worldmap.svg"
    assert header["sha256"] == hashlib.sha256(svg).hexdigest()
    assert header["unit"] == 1 / UNIT
    assert len(header["countries"]) == len(load_countries()) > 180


def test_the_build_needs_neither_the_package_nor_the_parser() -> None:
    code = (
        "import sys\n"
        "from generator.worldmap import MapMarker, world_map\n"
        "world_map([MapMarker('gh', 'partners/gh/', 'Ghana')], title='T')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('svgelements', 'pygal_maps_world', 'pygal', 'pyproj', 'countryinfo')))\n"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_outlines_are_absolute_exact_and_traced_one_way() -> None:
    countries = load_countries()
    for country in countries.values():
        for sp in country.subpaths:
            c = sp.coords
            assert all(isinstance(v, int) for v in c)
            assert len(c) == 2 + sum(6 if k == "C" else 2 for k in sp.kinds)
            xs, ys = worldmap_asset.on_curve(Outline(sp.kinds, c))
            assert sp.bbox == (min(xs) / UNIT, min(ys) / UNIT, max(xs) / UNIT, max(ys) / UNIT)
            assert worldmap_asset.signed_area2(Outline(sp.kinds, c)) <= 0, country.code
    # Andorra, the package's first path: "m1217.5 316.32c0.5-0.72 1.8-0.37 2.3 0.29 ...", reversed.
    (andorra,) = countries["ad"].subpaths
    assert andorra.kinds == "CCC"
    assert andorra.coords[-2:] == (1217_500, 316_320)  # the start, now the end
    assert andorra.coords[-4:-2] == (1218_000, 315_600)  # the first control point, 0.5 -0.72 from it


def test_marker_circles_around_micro_states_are_left_out() -> None:
    # pygal rings Bahrain, Malta and San Marino with a 12-unit circle: not territory.
    circle = "m1575.6 462.47c7.7 0 7.7-12.03 0-12.03s-7.7 12.03 0 12.03"  # Bahrain's, from the package
    (ring,) = outlines(circle)
    assert worldmap_asset.is_marker_circle(ring)
    (square,) = outlines("M0 0h12v12h-12z")
    assert not worldmap_asset.is_marker_circle(square)
    for code in ("bh", "mt", "sm"):
        assert not any(sp.kinds == "CC" and 11.5 < sp.bbox[3] - sp.bbox[1] < 12.5 for sp in load_countries()[code].subpaths)


def test_outlines_read_relative_absolute_and_implicit_repeats() -> None:
    (sp,) = outlines("M10 20 30 40 l1 1 2 2 h5 v-5 H0 V0 L1-1z")
    assert sp.kinds == "LLLLLLLL"
    points = list(zip(sp.coords[0::2], sp.coords[1::2]))
    expected = [(10, 20), (30, 40), (31, 41), (33, 43), (38, 43), (38, 38), (0, 38), (0, 0), (1, -1)]
    assert points == [(x * UNIT, y * UNIT) for x, y in expected]
    assert sp.bbox == (0, -UNIT, 38 * UNIT, 43 * UNIT)


def test_outlines_read_relative_cubics_and_smooth_reflection() -> None:
    (sp,) = outlines("m10 10c1 0 2 1 2 2 3 3 4 4 5 5s1 2 3 3")
    assert sp.kinds == "CCC"
    # second cubic is relative to the end of the first (12, 12)
    assert sp.coords[8:14] == tuple(v * UNIT for v in (15, 15, 16, 16, 17, 17))
    # s: first control point mirrors (16, 16) about (17, 17)
    assert sp.coords[14:20] == tuple(v * UNIT for v in (18, 18, 18, 19, 20, 20))


def test_outlines_start_anew_after_close_and_move() -> None:
    subpaths = outlines("m0 0 10 0 0 10z m20 0 5 5z")
    assert [sp.coords[:2] for sp in subpaths] == [(0, 0), (20 * UNIT, 0)]  # m after z is from the start


def test_outlines_refuse_what_the_asset_cannot_hold() -> None:
    with pytest.raises(ValueError, match="unsupported path segment Arc"):
        outlines("M0 0 A 5 5 0 0 1 10 10", "x.svg")
    with pytest.raises(ValueError, match="more than three decimals"):
        outlines("M0 0 L1.0005 2", "x.svg")


def test_reversing_keeps_the_shape_and_flips_the_direction() -> None:
    (sp,) = outlines("M0 0 L10 0 C10 5 5 10 0 10z")
    back = worldmap_asset.reversed_outline(sp)
    assert back.kinds == "CL"
    assert back.coords == tuple(v * UNIT for v in (0, 10, 5, 10, 10, 5, 10, 0, 0, 0))
    assert worldmap_asset.signed_area2(back) == -worldmap_asset.signed_area2(sp)
    assert worldmap_asset.oriented(sp) == worldmap_asset.oriented(back) == back  # y points down: negative is the map's way


@pytest.mark.parametrize("scale, tolerance", [(10, 0.05), (1, 0.5)])
def test_rounding_does_not_accumulate_along_long_borders(scale: int, tolerance: float) -> None:
    # Russia's mainland: over a thousand relative segments in the package file.
    original = max(load_countries()["ru"].subpaths, key=lambda sp: len(sp.kinds))
    (back,) = outlines(_path_data([original], scale))
    xs, ys = worldmap_asset.on_curve(Outline(original.kinds, original.coords))
    bxs, bys = worldmap_asset.on_curve(back)
    assert len(bxs) > 1000
    # Every on-curve point that survives is within half a grid step of its exact position.
    exact = set(zip(xs, ys))
    for x, y in zip(bxs, bys):
        assert min(max(abs(x - ex), abs(y - ey)) for ex, ey in exact if abs(x - ex) <= UNIT and abs(y - ey) <= UNIT) <= tolerance * UNIT
    assert (bxs[0], bys[0]) == ((xs[0] * scale + UNIT // 2) // UNIT * UNIT // scale, (ys[0] * scale + UNIT // 2) // UNIT * UNIT // scale)


def test_halves_round_up_exactly_and_the_same_way_wherever_they_are_reached() -> None:
    # Two neighbours sharing a border point exactly on a half step must still meet after rounding,
    # and the rounding is exact integer arithmetic (halves up), not float noise.
    a = SubPath("LL", (0, 0, 12_350, 7_450, 20_000, 0), (0.0, 0.0, 20.0, 7.45))
    b = SubPath("LL", (30_000, 30_000, 12_350, 7_450, 40_000, 0), (12.35, 0.0, 40.0, 30.0))
    for scale, expected in ((1, (12_000, 7_000)), (10, (12_400, 7_500))):
        (pa,) = outlines(_path_data([a], scale))
        (pb,) = outlines(_path_data([b], scale))
        assert pa.coords[2:4] == pb.coords[2:4] == expected
    assert _path_data([SubPath("L", (2_500, 7_500, 3_500, 8_500), (2.5, 7.5, 3.5, 8.5))], 1) == "m3 8 1 1z"


def test_css_uses_material_palette_variables_only() -> None:
    for variable in (
        "--md-default-fg-color--lightest",
        "--md-primary-fg-color",
        "--md-accent-fg-color",
        "--md-default-bg-color",
    ):
        assert f"var({variable})" in MAP_CSS
    assert "#" not in MAP_CSS and "rgb" not in MAP_CSS


def test_survives_python_markdown_even_outside_an_html_block() -> None:
    markdown = pytest.importorskip("markdown")
    tricky = "Ghana *x* _y_ [z](w) `c`"
    svg = str(world_map([MapMarker("gh", "partners/gh/", tricky)], title="A_b *c*"))
    for source in (f"## P\n\n{svg}\n\nnext\n", f'<div class="map">\n{svg}\n</div>\n'):
        assert svg in markdown.markdown(source, extensions=["md_in_html", "attr_list"])
    (link,) = links(ET.fromstring(svg))
    assert link.get("aria-label") == tricky and link.findtext(f"{SVG}title") == tricky


# --- administrations too small for the map data -------------------------------


def test_a_country_without_an_outline_is_a_dot_with_the_same_link_and_name() -> None:
    assert "ag" not in load_countries(), "pygal_maps_world has no Antigua and Barbuda"
    svg = ET.fromstring(world_map(markers(["gh", "ag"]), title="Partners"))
    by_label = {link.get("aria-label"): link for link in links(svg)}
    antigua = by_label["Partner ag"]
    assert antigua.get("href") == "partners/ag/" and antigua.findtext(f"{SVG}title") == "Partner ag"
    (dot,) = [c for c in antigua.iter(f"{SVG}circle") if c.get("class") == "acip-map__dot"]
    x0, y0, x1, y1 = view_box(svg)
    assert x0 < float(dot.get("cx", "")) < x1 and y0 < float(dot.get("cy", "")) < y1, "the crop holds the dot"
    assert [c.get("class") for c in antigua.iter(f"{SVG}circle")] == ["acip-map__dot", "acip-map__ring"]


def test_located_countries_sit_where_their_neighbours_are_drawn() -> None:
    """The points are projected into the map's own coordinates: Antigua lies east of Hispaniola, north of Venezuela."""
    points = json.loads(worldmap_asset.ASSET.read_bytes())["points"]
    assert not set(points) & set(load_countries()), "a point only for a country without an outline"
    assert {"ag", "bb", "dm", "lc"} <= set(points)
    countries = load_countries()
    x, y = (v / UNIT for v in points["ag"])
    assert x > countries["do"].bbox[2] and x < countries["gy"].bbox[2]
    assert countries["do"].bbox[1] < y < countries["ve"].bbox[1]
    bx, by = (v / UNIT for v in points["bb"])
    assert bx > x and by > y, "Barbados is south-east of Antigua"
