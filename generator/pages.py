"""The generated pages of a site: which exist, from which template and record.

Separate from rendering so that `check` can list them (hand-written pages must not
collide with them) without importing Jinja. Which kinds have pages, and with which
templates, is declared with each kind (``schema.KINDS``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator import urls
from generator.resolve import Site
from generator.schema import KINDS


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, which template, what it shows."""

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # the YAML record behind it, for "edit this page"


_FROM_PROGRAMME = frozenset({"home", "accessibility"})
"""Pages whose editable text (the home page's, the accessibility contact) lives in content/programme.yml."""


def plan(site: Site) -> list[Page]:
    """Every generated page of the site, the same in each language."""
    pages = [Page(path, f"{name}.md.j2", source="content/programme.yml" if name in _FROM_PROGRAMME else f"templates/{name}.md.j2")
             for name, path in urls.indexes().items()]
    for kind in KINDS:
        if kind.pages:
            pages += [Page(urls.path_of(record), kind.template, {kind.context_name: record}, record.origin.path)
                      for record in site.sorted_kind(kind)]
    return pages
