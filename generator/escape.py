"""Escaping for each context a record's text lands in.

Record text is data, never markup. Markdown-significant and HTML-significant
characters become numeric character references, which Python-Markdown passes
through untouched and browsers show as the characters themselves — in text,
in table cells, in link text and in HTML attributes alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape as html_escape
from urllib.parse import urlsplit

from markupsafe import Markup

SAFE_SCHEMES = ("https", "http", "mailto")


# White space (``\s`` is exactly str.isspace()), control characters, and what could end an attribute or tag.
_URL_UNSAFE = re.compile(r"[\s\x00-\x1f<>\"'`\\]")


def safe_url(value: str, *, relative: bool = False) -> bool:
    """The one test of a link target before it reaches a reader: no javascript:, data: or other schemes.

    Records may link only to web and mail addresses (``relative=False``); the
    generator's own links between pages are relative paths without a scheme or host.
    """
    if not value or _URL_UNSAFE.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. 'https://[x': an unbalanced IPv6 bracket
        return False
    if relative and not parts.scheme and not parts.netloc:
        return not value.startswith("//")  # '//host/…' is another site
    if parts.scheme not in SAFE_SCHEMES:
        return False
    return bool(parts.netloc) if parts.scheme != "mailto" else "@" in parts.path


# What Markdown, its extensions (attr_list, tables, md_in_html, abbr) or HTML read as syntax anywhere in a
# line: emphasis, code, links, raw HTML and entities, table cells, attribute lists, escapes, closing '#'s of
# headings, and the delimiters of common extensions (~ ^ = $) so that enabling one later cannot expose text.
_ANYWHERE = "\\`*_{}[]<>&|\"#~^=$"
# What starts a block only at the beginning of a line (lists, quotes, headings, definitions, admonitions).
_LINE_START = "-+*#>:=!?|~%"
_TABLE = str.maketrans({ch: f"&#{ord(ch)};" for ch in _ANYWHERE})
_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")


_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_GAP = " \t\n\r\f\v"


def _squash(text: str) -> str:
    """One line, runs of white space made one space; no-break spaces (French typography) are kept."""
    return _ASCII_SPACE.sub(" ", text).strip(" \t\n\r\f\v")


def md_text(text: str) -> Markup:
    """Inline Markdown text: one line, nothing interpreted, wherever in a line or a block it lands.

    Only characters that can be syntax become character references: every
    other reference costs Python-Markdown a pattern match and a stash entry,
    and pages of ordinary prose (full stops, apostrophes, hyphens) are most of the site.
    """
    line = _squash(text).translate(_TABLE)
    if line and line[0] in _LINE_START:  # not also in _ANYWHERE: those are references already
        line = f"&#{ord(line[0])};{line[1:]}"
    elif line[:1].isdigit():
        line = _ORDERED.sub(lambda m: f"{m[1]}&#{ord(m[2])};", line, count=1)
    return Markup(line)


def attr(text: str) -> Markup:
    """An HTML attribute value (inside double quotes) or HTML text content."""
    return Markup(html_escape(_squash(text), quote=True))


def href(url: str) -> Markup | None:
    """A link target from a record: only http, https and mailto pass."""
    if not safe_url(url):
        return None
    return Markup(url.replace("(", "%28").replace(")", "%29").replace("&", "&amp;"))


def front_matter_string(text: str) -> Markup:
    """A YAML front-matter scalar that MkDocs and Material put into HTML unescaped.

    Material writes ``page.title`` and the description without escaping and
    runs ``striptags`` on the title (which decodes entities), so angle brackets
    are removed outright and the rest is entity-escaped before JSON quoting.
    """
    cleaned = _squash(text).replace("<", "‹").replace(">", "›")
    return Markup(json.dumps(html_escape(cleaned, quote=True), ensure_ascii=False))


_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(([^()\s]{1,2000})\)")
_STRONG = re.compile(r"\*\*([^*\n]{1,500})\*\*")
_EM = re.compile(r"(?<![*\w])\*([^*\n]{1,500})\*(?![*\w])")


def _inline(text: str) -> str:
    """Escaped text with a safe subset re-enabled: **strong**, *emphasis*, [links](https://…)."""
    out: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        out.append(_emphasis(text[position:match.start()]))
        target = href(match[2])
        if target is None:
            out.append(_emphasis(match[0]))
        else:
            out.append(f"[{_emphasis(match[1])}]({target})")
        position = match.end()
    out.append(_emphasis(text[position:]))
    return "".join(out)


def _emphasis(text: str) -> str:
    if not text.strip():
        return text
    # md_text trims, but this is a piece of a line: keep the space where it meets a link,
    # or "a [source](https://…) page" would become "a[source](https://…)page".
    # Only ASCII white space is a word gap here: a no-break space (French typography) is kept by md_text itself.
    escaped = (" " if text[0] in _GAP else "") + str(md_text(text)) + (" " if text[-1] in _GAP else "")
    # md_text escaped '*' too; re-enable balanced pairs only.
    star = "&#42;"
    escaped = re.sub(f"{star}{star}(.+?){star}{star}", r"**\1**", escaped)
    escaped = re.sub(f"(?<![\\w;]){star}([^\\s&].*?){star}(?!\\w)", r"*\1*", escaped)
    return escaped


def _outside_links(text: str, typeset: Callable[[str], str]) -> str:
    """``typeset`` applied to the text but not to link targets: those are hidden behind NUL marks
    (validation rejects control characters in texts, so none is there to be confused with them)."""
    targets: list[str] = []

    def hide(match: re.Match[str]) -> str:
        targets.append(match[2])
        return f"[{match[1]}](\x00{len(targets) - 1}\x00)"

    hidden = typeset(_LINK.sub(hide, text))
    return re.sub("\x00([0-9]+)\x00", lambda m: targets[int(m[1])], hidden)


def rich(text: str, typeset: Callable[[str], str] | None = None) -> Markup:
    """A formatted field: paragraphs, '- ' bullet lists and the inline subset; nothing else.

    ``typeset`` (French typography) applies to the text, never to link targets.
    """
    if typeset is not None:
        text = _outside_links(text, typeset)
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line.startswith(("- ", "* ")) for line in lines):
            blocks.append("\n".join(f"- {_inline(line[2:].strip())}" for line in lines))
        elif lines:
            blocks.append(_inline(" ".join(lines)))
    return Markup("\n\n".join(blocks))


_CODE = re.compile(r"`([^`]+)`")


def schema_text(text: str) -> Markup:
    """Descriptions written in the schema module (not by editors): `code` spans kept, the rest escaped."""
    parts = _CODE.split(text)
    return Markup("".join(f"<code>{html_escape(part)}</code>" if odd else str(md_text(part)) for odd, part in
                          ((i % 2 == 1, p) for i, p in enumerate(parts))))
