"""What each page tells the theme, written into its front matter by the generator.

The theme's overrides read these from ``page.meta`` with standard filters only, so any builder that
reads front matter (MkDocs, Zensical) shows the same head and edit button without a hook:

- ``edit_url``: where an editor changes the page: its YAML record (the ``edit_path`` a template wrote),
  else the hand-written page under ``docs/<lang>/``;
- ``alternates``: the same page in every language, as absolute URLs (hreflang links must be);
- ``image``: its link-preview card (``cards.py``), as an absolute URL.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from generator import cards, frontmatter, urls
from generator.settings import Settings
from generator.values import LANGUAGES


def with_meta(markdown: str, fields: list[tuple[str, object]]) -> str:
    """``markdown`` with ``fields`` added at the end of its front matter (a new block if it has none).

    Values are JSON, which YAML reads as it is: strings quoted and escaped, lists and mappings in flow style.
    """
    lines = "".join(f"{name}: {json.dumps(value, ensure_ascii=False)}\n" for name, value in fields)
    front, body = frontmatter.split(markdown)
    return frontmatter.join((front or "") + lines, body if front is not None else "\n" + body)


def annotator(settings: Settings, lang: str, card_pages: frozenset[str]) -> Callable[[str, str], str]:
    """A function that adds a language's page meta to one of its Markdown pages (``path``, ``markdown``)."""
    edit_base = f"{settings.repo_url.rstrip('/')}/edit/{settings.edit_branch}/" if settings.repo_url else ""
    docs = settings.docs.relative_to(settings.root).as_posix()
    bases = {other: settings.base_url(other) for other in LANGUAGES}

    def annotate(path: str, markdown: str) -> str:
        served = urls.served(path)
        fields: list[tuple[str, object]] = []
        if edit_base:
            edit_path = frontmatter.read(markdown).get("edit_path")
            fields.append(("edit_url", edit_base + (str(edit_path) if edit_path else f"{docs}/{lang}/{path}")))
        if settings.site_url:
            fields.append(("alternates", [{"lang": other, "href": base + served} for other, base in bases.items()]))
            if path in card_pages:
                fields.append(("image", bases[lang] + cards.card_path(path)))
        return with_meta(markdown, fields)

    return annotate
