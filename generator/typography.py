"""Typography rules, applied by the renderer to every text of a language that names them (its catalogue's
``language: typography:``), so that editors never type them. French is the one set of rules so far.

Record texts and interface strings are written with ordinary spaces and straight apostrophes; French
pages show them with the spaces French requires (a narrow no-break space before ; ! ?, a no-break
space before : and inside « »), numbers grouped with narrow no-break spaces (as Babel writes them),
« 10ᵉ » for ordinals and one apostrophe, ’. It runs on text before escaping, and never on link
targets (``rich`` hides them first), so URLs, times (10:30) and code keep their characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = "[ \t\u00a0\u202f]*"
# Punctuation that takes a space before it when it ends a phrase: followed by white space, the end,
# a closing mark or Markdown emphasis; not "https://", "10:30", "page.aspx?p=1" or a second "?!".
_AFTER = r"(?=\s|$|[»)\]\"’*_;:!?])"
# ... and that follows a word, a number or a closing mark, not syntax such as "{:" or a character reference "&lt;".
_BEFORE = r"(?<=[\w)»\"’*_%…])"
_HIGH = re.compile(f"{_BEFORE}{_SPACES}([;!?]){_AFTER}")
_REFERENCE = re.compile(r"&#?[A-Za-z0-9]+$")  # "&lt" or "&#62" just before a ";": a character reference, typed as text
_COLON = re.compile(f"{_BEFORE}{_SPACES}:{_AFTER}")
_OPEN = re.compile(f"«{_SPACES}")
_CLOSE = re.compile(f"{_SPACES}»")
_ORDINAL = re.compile(r"\b(\d+)(?:ème|eme|è|e)\b")
_GROUP = re.compile(r"(?<=\d)[ \u00a0](?=\d{3}(?!\d))")


def french(text: str) -> str:
    """``text`` with French typography; applying it twice changes nothing."""
    text = text.replace("'", "’")
    text = _HIGH.sub(lambda m: m[0] if m[1] == ";" and _REFERENCE.search(text, 0, m.start()) else NNBSP + m[1], text)
    text = _COLON.sub(NBSP + ":", text)
    text = _OPEN.sub("«" + NBSP, text)
    text = _CLOSE.sub(NBSP + "»", text)
    text = _ORDINAL.sub(lambda m: m[1] + "ᵉ", text)
    return _GROUP.sub(NNBSP, text)


def _unchanged(text: str) -> str:
    return text


STYLES: dict[str, Callable[[str], str]] = {"french": french, "none": _unchanged}
"""Typography rules by name: a language's catalogue names its own (``language: typography:``)."""
