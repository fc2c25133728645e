"""Link-preview cards: drawn from each page's front matter, the same bytes for the same text, drawn once."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from generator import cards

PAGE = '---\ntitle: "Côte d&#x27;Ivoire &amp; friends"\ndescription: "Partner administration: Côte d’Ivoire"\n---\n\n# Text\n'


def test_front_matter_texts_are_read_as_plain_text() -> None:
    assert cards.front_texts(PAGE) == ("Côte d'Ivoire & friends", "Partner administration: Côte d’Ivoire")
    assert cards.front_texts("---\ntitle: Editors' guide\ndescription: How to add partners.\n---\n") == (
        "Editors' guide", "How to add partners.")
    assert cards.front_texts("# No front matter\n") is None
    assert cards.front_texts('---\ndescription: "no title"\n---\n') is None


def test_card_is_a_png_of_the_open_graph_size() -> None:
    image = Image.open(io.BytesIO(cards.draw_card("A-CIP", "Ghana", "Partner administration")))
    assert (image.format, image.size) == ("PNG", (cards.WIDTH, cards.HEIGHT))


def test_same_text_same_bytes_other_text_other_bytes() -> None:
    first = cards.draw_card("A-CIP", "Ghana", "Partner administration")
    assert cards.draw_card("A-CIP", "Ghana", "Partner administration") == first
    assert cards.draw_card("A-CIP", "Mali", "Partner administration") != first


def test_long_titles_are_cut_with_an_ellipsis() -> None:
    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    title_font = cards._fonts()[0]
    lines = cards._wrap(draw, "word " * 200, title_font, 1040, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(draw.textlength(line, font=title_font) <= 1040 for line in lines)
    assert cards._wrap(draw, "x" * 300, title_font, 1040, 3)[0].endswith("…"), "one unbreakable word is cut too"


def test_card_looks_as_drawn_in_full_colour() -> None:
    """The palette card: the page's colours, and text edges blended smoothly (no banding), as an RGB drawing would."""
    image = Image.open(io.BytesIO(cards.draw_card("A-CIP", "Ghana", "Partner administration", "Programme")))
    assert image.mode == "P"
    pixels = image.convert("RGB")
    assert pixels.getpixel((600, 600)) == cards.BACKGROUND
    assert pixels.getpixel((600, 8)) == cards.ACCENT
    colours = {colour for _, colour in pixels.getcolors(maxcolors=256) or []}
    assert cards.TEXT in colours and cards.MUTED in colours
    between_text = {c for c in colours if c not in (cards.BACKGROUND, cards.TEXT, cards.MUTED, cards.ACCENT)}
    assert len(between_text) > 60, "anti-aliased edges use many steps between background and text"


@pytest.mark.parametrize("line", ["Côte d'Ivoire & friends, AVATAR « Tâches »", "Partner administration: Côte d’Ivoire…"])
def test_words_drawn_one_at_a_time_look_like_the_whole_line(line: str) -> None:
    """Cards draw each word once and reuse it; the line must still look as draw.text draws it, to within a pixel."""
    for font in cards._fonts()[:2]:
        whole, by_word = Image.new("L", (1200, 100), 0), Image.new("L", (1200, 100), 0)
        ImageDraw.Draw(whole).text((10, 10), line, font=font, fill=200)
        cards._line(by_word, (10, 10), line, font, 200)
        assert by_word.getbbox() == whole.getbbox()
        shifted = sum(1 for a, b in zip(whole.getdata(), by_word.getdata(), strict=True) if abs(a - b) > 2)
        assert shifted < 0.01 * sum(1 for value in whole.getdata() if value), f"{shifted} pixels differ"


def test_plan_has_a_card_for_every_titled_page() -> None:
    pages = [("partners/ghana.md", PAGE), ("index.md", PAGE.replace("friends", "home")), ("notes.md", "# none\n"),
             ("data.json", "{}")]
    plan = cards.plan("A-CIP", pages, footer="Programme")
    assert set(plan.pages) == {"partners/ghana.md", "index.md"}
    assert plan.pages["partners/ghana.md"] == ("Côte d'Ivoire & friends", "Partner administration: Côte d’Ivoire")


def test_plan_is_read_back_from_the_generated_pages(tmp_path: Path) -> None:
    plan = cards.plan("A-CIP", [("partners/ghana.md", PAGE)], footer="Programme")
    (tmp_path / cards.PLAN).write_bytes(plan.to_json())
    assert cards.Plan.read(tmp_path) == plan
    assert cards.Plan.read(tmp_path / "elsewhere") is None


def test_cards_are_written_for_the_plan_and_drawn_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [("partners/ghana.md", PAGE), ("index.md", PAGE.replace("friends", "home"))]
    plan = cards.plan("A-CIP", pages)
    cache = tmp_path / "cache"
    assert cards.write_cards(plan, tmp_path / "one", cache) == 2
    written = {p.relative_to(tmp_path / "one").as_posix(): p.read_bytes() for p in (tmp_path / "one").rglob("*.png")}
    assert set(written) == {"assets/cards/partners/ghana.png", "assets/cards/index.png"}
    assert written["assets/cards/index.png"] == cards.draw_card("A-CIP", "Côte d'Ivoire & home", "Partner administration: Côte d’Ivoire")

    def no_drawing(*_: object) -> bytes:
        raise AssertionError("a cached card was drawn again")

    monkeypatch.setattr(cards, "draw_card", no_drawing)
    assert cards.write_cards(plan, tmp_path / "two", cache) == 0
    again = {p.relative_to(tmp_path / "two").as_posix(): p.read_bytes() for p in (tmp_path / "two").rglob("*.png")}
    assert again == written
    with pytest.raises(AssertionError, match="drawn again"):  # another text is drawn
        cards.write_cards(cards.plan("A-CIP", [("partners/mali.md", PAGE.replace("Côte", "Mali"))]), tmp_path / "three", cache)


def test_card_writing_stops_when_asked(tmp_path: Path) -> None:
    """Publishing stops drawing once a MkDocs build has failed: its cards would never be published."""
    plan = cards.plan("A-CIP", [("partners/ghana.md", PAGE), ("index.md", PAGE.replace("friends", "home"))])
    asked: list[int] = []

    def stop_after_one() -> bool:
        asked.append(1)
        return len(asked) > 1

    assert cards.write_cards(plan, tmp_path / "out", tmp_path / "cache", stop_after_one) == 1
    assert len(list((tmp_path / "out").rglob("*.png"))) == 1
