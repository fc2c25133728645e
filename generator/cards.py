"""Link-preview cards: one PNG per page, shown when a page is shared in a chat or a post.

Open Graph readers take PNG or JPEG, not SVG, so each card is drawn with Pillow
from the page's own title and description (its front matter), with a font found
on the machine (DejaVu, as Debian and Ubuntu ship it) or Pillow's built-in one:
nothing is downloaded. The same text gives the same bytes (basic text layout, no
timestamps in the PNG), and a card is drawn only once: cards are kept in
build/cache/cards/ under a hash of everything that goes into them.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported only when cards are drawn
    from PIL.ImageDraw import ImageDraw
    from PIL.ImageFont import FreeTypeFont, ImageFont

    Font = FreeTypeFont | ImageFont

WIDTH, HEIGHT = 1200, 630
VERSION = b"card 3"  # change when the drawing below changes: cached cards are then redrawn
BACKGROUND = (48, 63, 159)  # Material's indigo 700: the site's header, with white text at 8.6:1
ACCENT = (255, 112, 67)  # deep orange, the site's accent
TEXT = (255, 255, 255)
MUTED = (197, 202, 233)
FONT_FOLDERS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_FIELD = re.compile(r'^(title|description): (".*")$', re.M)


def card_path(page: str) -> str:
    """Where the card of a Markdown page goes in its language's tree: ``partners/ghana.md`` → ``assets/cards/partners/ghana.png``."""
    return f"assets/cards/{page.removesuffix('.md')}.png"


def front_texts(markdown: str) -> tuple[str, str] | None:
    """The title and description of a page's front matter as plain text, or None without a title.

    The generator writes both as JSON-quoted, entity-escaped strings (escape.front_matter_string);
    hand-written pages may write plain YAML scalars, read here the same way when they are quoted.
    """
    front = _FRONT.match(markdown)
    if not front:
        return None
    fields: dict[str, str] = {}
    for name, quoted in _FIELD.findall(front.group(1)):
        try:
            fields[name] = html.unescape(json.loads(quoted))
        except ValueError:
            continue
    for line in front.group(1).splitlines():  # unquoted scalars: `title: Editors' guide`
        name, _, value = line.partition(": ")
        if name in ("title", "description") and name not in fields and value and value[0] not in "\"'|>&*!{[":
            fields[name] = value.strip()
    if not fields.get("title"):
        return None
    return fields["title"], fields.get("description", "")


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
    """Words into at most ``lines`` lines of ``width`` pixels; a cut-off last line ends with an ellipsis."""
    words, out, current = text.split(), [], ""
    for index, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not current:
            current = trial
            continue
        out.append(current)
        current = word
        if len(out) == lines:
            current = ""
            rest = " ".join(words[index:])
            out[-1] = _ellipsis(draw, f"{out[-1]} {rest}", font, width)
            break
    if current:
        out.append(current)
    out = [_ellipsis(draw, line, font, width) if draw.textlength(line, font=font) > width else line for line in out]
    return out[:lines]


def _ellipsis(draw: ImageDraw, text: str, font: Font, width: int) -> str:
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def draw_card(site_name: str, title: str, description: str, footer: str = "") -> bytes:
    """One card as PNG bytes: the site's name, the page's title, the start of its description, a footer line."""
    from PIL import Image, ImageDraw

    title_font, text_font, label_font = _fonts()
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = 80
    draw.rectangle((0, 0, WIDTH, 16), fill=ACCENT)
    draw.text((margin, 70), site_name, font=label_font, fill=MUTED)
    y = 150
    for line in _wrap(draw, title, title_font, WIDTH - 2 * margin, 3):
        draw.text((margin, y), line, font=title_font, fill=TEXT)
        y += 78
    y += 24
    for line in _wrap(draw, description, text_font, WIDTH - 2 * margin, 3):
        if y > HEIGHT - 150:
            break
        draw.text((margin, y), line, font=text_font, fill=MUTED)
        y += 44
    if footer:
        draw.rectangle((margin, HEIGHT - 104, margin + 64, HEIGHT - 100), fill=ACCENT)
        draw.text((margin, HEIGHT - 84), _wrap(draw, footer, text_font, WIDTH - 2 * margin, 1)[0], font=text_font, fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=3)  # a third faster to encode than 6, 30 % larger
    return out.getvalue()


def cards(site_name: str, pages: Iterable[tuple[str, str]], cache_dir: Path | None, footer: str = "") -> dict[str, bytes]:
    """A card for every Markdown page with a title, by its path in the language's tree.

    ``cache_dir`` keeps drawn cards by the hash of their inputs, so a rebuild draws only
    the cards whose text changed (drawing is ~20 ms a card; a large site has thousands).
    """
    out: dict[str, bytes] = {}
    identity = VERSION + _font_identity()
    for path, markdown in pages:
        if not path.endswith(".md"):
            continue
        texts = front_texts(markdown)
        if texts is None:
            continue
        title, description = texts
        key = hashlib.sha256(identity + json.dumps([site_name, title, description, footer]).encode()).hexdigest()
        cached = cache_dir / key[:2] / f"{key}.png" if cache_dir else None
        if cached is not None and cached.is_file():
            out[card_path(path)] = cached.read_bytes()
            continue
        png = draw_card(site_name, title, description, footer)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(".tmp")
            temporary.write_bytes(png)
            temporary.replace(cached)
        out[card_path(path)] = png
    return out
