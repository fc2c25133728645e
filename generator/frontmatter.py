"""A Markdown page's YAML front matter: the one reader of it, for cards, ``make diff`` and hand-written pages."""

from __future__ import annotations

from typing import Any

import yaml

_FENCE = "---\n"


def split(text: str) -> tuple[str | None, str]:
    """The front matter's YAML text (None without one) and the page body after it."""
    if not text.startswith(_FENCE):
        return None, text
    end = text.find("\n---\n", len(_FENCE) - 1)
    if end == -1:
        return None, text
    return text[len(_FENCE): end + 1], text[end + 5:]


def read(text: str) -> dict[str, Any]:
    """The front matter's fields; {} for a page without one, or with one that is not a YAML mapping."""
    front, _ = split(text)
    if front is None:
        return {}
    try:
        meta = yaml.load(front, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def join(front: str, body: str) -> str:
    """A page from its front matter's YAML text and its body: what ``split`` takes apart."""
    return f"{_FENCE}{front}---\n{body}"
