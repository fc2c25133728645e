"""Typography rules, applied by the renderer to every text of a language that names them (its catalogue's
``language: typography:``), so that editors never type them. French is the one set of rules so far.

Record texts and interface strings are written with ordinary spaces and straight apostrophes; French
pages show them with the spaces French requires (a narrow no-break space before ; ! ?, a no-break
space before : and inside « »), numbers grouped with narrow no-break spaces (as Babel writes them),
« 10ᵉ » for ordinals and one apostrophe, ’. It runs on text before escaping, and never on link
targets (``rich`` hides them first), so URLs, times (10:30) and code keep their characters.

A ! or ? typed against a word is part of a name, and keeps no space, where the word is written in
mixed case (the WCO's "CLiKC!") or where the sentence goes on after it ("Yahoo! et", "CLiKC!,"):
a mark that ends a phrase is followed by its end or by a new sentence.
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
_WORD = re.compile(r"\w+$")
_GOES_ON = re.compile(r"[,.;:)\]]|\s+[^\W\d_A-ZÀ-Þ]|\s+\d")  # punctuation, or a word that starts in lower case
_REFERENCE = re.compile(r"&#?[A-Za-z0-9]+$")  # "&lt" or "&#62" just before a ";": a character reference, typed as text
_COLON = re.compile(f"{_BEFORE}{_SPACES}:{_AFTER}")
_OPEN = re.compile(f"«{_SPACES}")
_CLOSE = re.compile(f"{_SPACES}»")
_ORDINAL = re.compile(r"\b(\d+)(?:ème|eme|è|e)\b")
_GROUP = re.compile(r"(?<=\d)[ \u00a0](?=\d{3}(?!\d))")


def _ends_name(text: str, mark: re.Match[str]) -> bool:
    """Whether the ! or ? of ``mark``, typed against its word, belongs to a name (see the module's docstring)."""
    if mark[1] not in "!?" or mark.start() != mark.start(1):
        return False
    word = _WORD.search(text, 0, mark.start())
    mixed_case = word is not None and any(a.islower() and b.isupper() for a, b in zip(word[0], word[0][1:], strict=False))
    return mixed_case or _GOES_ON.match(text, mark.end()) is not None


def _high(text: str, mark: re.Match[str]) -> str:
    if mark[1] == ";" and _REFERENCE.search(text, 0, mark.start()) or _ends_name(text, mark):
        return mark[0]
    return NNBSP + mark[1]


def french(text: str) -> str:
    """``text`` with French typography; applying it twice changes nothing."""
    text = text.replace("'", "’")
    text = _HIGH.sub(lambda m: _high(text, m), text)
    text = _COLON.sub(NBSP + ":", text)
    text = _OPEN.sub("«" + NBSP, text)
    text = _CLOSE.sub(NBSP + "»", text)
    text = _ORDINAL.sub(lambda m: m[1] + "ᵉ", text)
    return _GROUP.sub(NNBSP, text)


def _unchanged(text: str) -> str:
    return text


STYLES: dict[str, Callable[[str], str]] = {"french": french, "none": _unchanged}
"""Typography rules by name: a language's catalogue names its own (``language: typography:``)."""
