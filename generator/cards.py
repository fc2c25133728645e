"""Link-preview cards: one PNG per page, shown when a page is shared in a chat or a post.

Open Graph readers take PNG or JPEG, not SVG, so each card is drawn with Pillow
from the page's own title and description (its front matter), with a font found
on the machine (DejaVu, as Debian and Ubuntu ship it) or Pillow's built-in one:
nothing is downloaded. The same text gives the same bytes (basic text layout, no
timestamps in the PNG), and a card is drawn only once: cards are kept in
build/cache/cards/ under a hash of everything that goes into them.

Drawing is not part of generation: generation only decides which pages get a card
and what it says (``plan``, a ``.cards.json`` beside the pages, which the MkDocs hook
reads to point each page's ``og:image`` at its card), and publishing draws the cards
while MkDocs builds (publish.py), straight into the new site.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator import frontmatter
from generator.write import write_atomic

if TYPE_CHECKING:  # Pillow is imported only when cards are drawn
    from PIL import Image
    from PIL.ImageDraw import ImageDraw
    from PIL.ImageFont import FreeTypeFont, ImageFont

    Font = FreeTypeFont | ImageFont

WIDTH, HEIGHT = 1200, 630
VERSION = b"card 5"  # change when the drawing below changes: cached cards are then redrawn
BACKGROUND = (48, 63, 159)  # Material's indigo 700: the site's header, with white text at 8.6:1
ACCENT = (255, 112, 67)  # deep orange, the site's accent
TEXT = (255, 255, 255)
MUTED = (197, 202, 233)
COMPRESS_LEVEL = 1  # zlib's fastest: the palette card compresses well anyway (~28 KB; level 6: ~21 KB at 1.6× the time)
PLAN = ".cards.json"  # in each language's generated pages: MkDocs leaves dot files out of the site
FONT_FOLDERS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def card_path(page: str) -> str:
    """Where the card of a Markdown page goes in its language's tree: ``partners/ghana.md`` → ``assets/cards/partners/ghana.png``."""
    return f"assets/cards/{page.removesuffix('.md')}.png"


def front_texts(markdown: str) -> tuple[str, str] | None:
    """The title and description of a page's front matter as plain text, or None without a title.

    The generator writes both as JSON-quoted, entity-escaped strings (escape.front_matter_string):
    the entities are decoded here; hand-written pages may write plain YAML scalars.
    """
    meta = frontmatter.read(markdown)
    title, description = meta.get("title"), meta.get("description")
    if not isinstance(title, str) or not title:
        return None
    return html.unescape(title), html.unescape(description) if isinstance(description, str) else ""


@cache
def _fonts() -> tuple[Font, Font, Font]:
    """Bold title, regular text and small label fonts; basic layout so every machine lays text out alike."""
    from PIL import ImageFont

    for folder in FONT_FOLDERS:
        bold, regular = folder / "DejaVuSans-Bold.ttf", folder / "DejaVuSans.ttf"
        if bold.is_file() and regular.is_file():
            basic = ImageFont.Layout.BASIC
            return (ImageFont.truetype(str(bold), 60, layout_engine=basic),
                    ImageFont.truetype(str(regular), 30, layout_engine=basic),
                    ImageFont.truetype(str(bold), 30, layout_engine=basic))
    return ImageFont.load_default(60), ImageFont.load_default(30), ImageFont.load_default(30)


@cache
def _font_identity() -> bytes:
    """What the fonts in use are, for the cache key: their files' hashes, or Pillow's version."""
    import PIL

    for folder in FONT_FOLDERS:
        files = [folder / "DejaVuSans-Bold.ttf", folder / "DejaVuSans.ttf"]
        if all(f.is_file() for f in files):
            return b"".join(hashlib.sha256(f.read_bytes()).digest() for f in files)
    return f"pillow {PIL.__version__}".encode()


def _wrap(draw: ImageDraw, text: str, font: Font, width: int, lines: int) -> list[str]:
    """Words into at most ``lines`` lines of ``width`` pixels; a cut-off last line ends with an ellipsis.

    Lines are filled by the widths of their words and spaces (kerning does not cross a space),
    each measured once; every line is then measured whole, and one that is still too wide is cut.
    """
    words, out, current, filled = text.split(), [], "", 0.0
    space = _length(font, " ")
    for index, word in enumerate(words):
        trial = filled + space + _length(font, word) if current else _length(font, word)
        if trial <= width or not current:
            current, filled = f"{current} {word}" if current else word, trial
            continue
        out.append(current)
        current, filled = word, _length(font, word)
        if len(out) == lines:
            current = ""
            rest = " ".join(words[index:])
            out[-1] = _ellipsis(draw, f"{out[-1]} {rest}", font, width)
            break
    if current:
        out.append(current)
    out = [_ellipsis(draw, line, font, width) if draw.textlength(line, font=font) > width else line for line in out]
    return out[:lines]


@lru_cache(maxsize=8192)  # titles and descriptions of one site share most of their words
def _length(font: Font, word: str) -> float:
    return font.getlength(word)


def _ellipsis(draw: ImageDraw, text: str, font: Font, width: int) -> str:
    """The longest start of ``text`` that fits ``width`` with an ellipsis after it (found by halving: width grows with length)."""
    fits, longer = 0, len(text)
    while fits < longer:
        middle = (fits + longer + 1) // 2
        if draw.textlength(text[:middle] + "…", font=font) <= width:
            fits = middle
        else:
            longer = middle - 1
    return text[:fits].rstrip() + "…"


# The card is one byte a pixel, saved as a palette PNG: a third of the pixels of RGB to draw and to compress, and
# a tenth of the file. Each colour of text gets its own run of indices, from the background (no ink) to the full
# colour, so anti-aliased edges blend exactly as they would in RGB, in 120 or 130 steps instead of 256.
_MUTED_INK = 119  # indices 0..119: background → MUTED; 0 is the card's background
_TEXT_PAPER, _TEXT_INK = 120, 249  # indices 120..249: background → TEXT, under the title only
_ACCENT = 255
_MARGIN = 80


def _mix(start: tuple[int, int, int], end: tuple[int, int, int], share: float) -> list[int]:
    return [round(a + (b - a) * share) for a, b in zip(start, end, strict=True)]


@cache
def _palette() -> tuple[int, ...]:
    colours = [list(BACKGROUND)] * 256
    for index in range(_MUTED_INK + 1):
        colours[index] = _mix(BACKGROUND, MUTED, index / _MUTED_INK)
    for index in range(_TEXT_PAPER, _TEXT_INK + 1):
        colours[index] = _mix(BACKGROUND, TEXT, (index - _TEXT_PAPER) / (_TEXT_INK - _TEXT_PAPER))
    colours[_ACCENT] = list(ACCENT)
    return tuple(channel for colour in colours for channel in colour)


@cache
def _background(site_name: str, footer: str) -> Image.Image:
    """What every card of a language shares (accent bar, site name, footer), drawn once and copied for each card."""
    from PIL import Image, ImageDraw

    _, text_font, label_font = _fonts()
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 16), fill=_ACCENT)
    draw.text((_MARGIN, 70), site_name, font=label_font, fill=_MUTED_INK)
    if footer:
        draw.rectangle((_MARGIN, HEIGHT - 104, _MARGIN + 64, HEIGHT - 100), fill=_ACCENT)
        line = _wrap(draw, footer, text_font, WIDTH - 2 * _MARGIN, 1)[0]
        draw.text((_MARGIN, HEIGHT - 84), line, font=text_font, fill=_MUTED_INK)
    return image


def _line(image: Image.Image, xy: tuple[int, int], line: str, font: Font, ink: int) -> None:
    """``draw.text`` a word at a time, each word's glyphs rendered once per run (rendering was half a card's time).

    Words sit where the whole line would put them (their widths plus spaces: kerning does not
    cross a space), to the nearest pixel rather than to a 64th of one; the blend of ink and
    background is the same as ``draw.text``'s.
    """
    x: float = xy[0]
    y = xy[1]
    space = _length(font, " ")
    for word in line.split(" "):
        if word:
            mask, (left, top) = _word(font, word)
            image.paste(ink, (round(x) + left, y + top), mask)
            x += _length(font, word)
        x += space


@lru_cache(maxsize=1024)  # a site's titles and descriptions share most words; 3–30 KB a word, so at most ~30 MB
def _word(font: Font, word: str) -> tuple[Image.Image, tuple[int, int]]:
    """A word's coverage (255: full ink) and where its box sits from the pen position."""
    from PIL import Image, ImageDraw

    left, top, right, bottom = (int(edge) for edge in font.getbbox(word))
    mask = Image.new("L", (max(right - left, 1), max(bottom - top, 1)), 0)
    ImageDraw.Draw(mask).text((-left, -top), word, font=font, fill=255)
    return mask, (left, top)


def draw_card(site_name: str, title: str, description: str, footer: str = "") -> bytes:
    """One card as PNG bytes: the site's name, the page's title, the start of its description, a footer line."""
    from PIL import ImageDraw

    title_font, text_font, _ = _fonts()
    image = _background(site_name, footer).copy()
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * _MARGIN
    y = 150
    lines = _wrap(draw, title, title_font, width, 3)
    draw.rectangle((0, y - 24, WIDTH, y + 78 * len(lines) + 6), fill=_TEXT_PAPER)  # the title's glyphs stay inside
    for line in lines:
        _line(image, (_MARGIN, y), line, title_font, _TEXT_INK)
        y += 78
    y += 24
    for line in _wrap(draw, description, text_font, width, 3):
        if y > HEIGHT - 150:
            break
        _line(image, (_MARGIN, y), line, text_font, _MUTED_INK)
        y += 44
    image.putpalette(_palette())  # "L" becomes "P": the indices above, in the card's colours
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=COMPRESS_LEVEL)
    return out.getvalue()


@dataclass(frozen=True)
class Plan:
    """The cards of one language's pages: what generation decides, and what publishing draws."""

    site_name: str
    footer: str
    pages: dict[str, tuple[str, str]]  # Markdown page → (title, description)

    def to_json(self) -> bytes:
        return json.dumps({"site_name": self.site_name, "footer": self.footer,
                           "pages": {path: list(texts) for path, texts in sorted(self.pages.items())}},
                          ensure_ascii=False, indent=0).encode("utf-8")

    @classmethod
    def read(cls, docs_dir: Path) -> Plan | None:
        """The plan generation left in ``docs_dir``, or None where there is none (pages from elsewhere)."""
        try:
            data = json.loads((docs_dir / PLAN).read_bytes())
        except FileNotFoundError:
            return None
        return cls(data["site_name"], data["footer"], {path: (title, text) for path, (title, text) in data["pages"].items()})


def plan(site_name: str, pages: Iterable[tuple[str, str]], footer: str = "") -> Plan:
    """A card for every Markdown page with a title (a front-matter scan: the drawing is left to publishing)."""
    texts = {path: front_texts(markdown) for path, markdown in pages if path.endswith(".md")}
    return Plan(site_name, footer, {path: found for path, found in texts.items() if found is not None})


def write_cards(plan: Plan, out_dir: Path, cache_dir: Path | None, stop: Callable[[], bool] | None = None) -> int:
    """Write every card of ``plan`` under ``out_dir`` (at ``card_path``); return how many had to be drawn.

    ``cache_dir`` keeps drawn cards by the hash of their inputs, so a rebuild draws only
    the cards whose text changed (a large site has thousands). ``stop``, asked before each
    card, ends the work early when its result is no longer wanted (a build that failed).
    """
    identity = VERSION + _font_identity()
    drawn = 0
    for path, (title, description) in sorted(plan.pages.items()):
        if stop is not None and stop():
            break
        target = out_dir / card_path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        key = hashlib.sha256(identity + json.dumps([plan.site_name, title, description, plan.footer]).encode()).hexdigest()
        cached = cache_dir / key[:2] / f"{key}.png" if cache_dir else None
        if cached is not None and cached.is_file():
            shutil.copyfile(cached, target)
            continue
        png = draw_card(plan.site_name, title, description, plan.footer)
        drawn += 1
        target.write_bytes(png)
        if cached is not None:
            write_atomic(cached, png)
    return drawn
