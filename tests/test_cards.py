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


def test_cards_for_every_titled_page_drawn_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [("partners/ghana.md", PAGE), ("index.md", PAGE.replace("friends", "home")), ("notes.md", "# none\n"),
             ("data.json", "{}")]
    made = cards.cards("A-CIP", pages, tmp_path)
    assert set(made) == {"assets/cards/partners/ghana.png", "assets/cards/index.png"}

    def no_drawing(*_: object) -> bytes:
        raise AssertionError("a cached card was drawn again")

    monkeypatch.setattr(cards, "draw_card", no_drawing)
    assert cards.cards("A-CIP", pages, tmp_path) == made
    with pytest.raises(AssertionError, match="drawn again"):  # another text is drawn
        cards.cards("A-CIP", [("partners/mali.md", PAGE.replace("Côte", "Mali"))], tmp_path)
