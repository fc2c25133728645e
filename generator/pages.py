"""The generated pages of a site: which exist, from which template and record.

Separate from rendering so that `check` can list them (hand-written pages must not
collide with them) without importing Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.resolve import Site
from generator.urls import INDEXES, path_of


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, which template, what it shows."""

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # the YAML record behind it, for "edit this page"


def plan(site: Site) -> list[Page]:
    """Every generated page of the site, the same in each language."""
    pages = [
        Page(INDEXES["home"], "home.md.j2", source="content/programme.yml"),
        *(Page(INDEXES[name], f"{name}.md.j2") for name in ("partners", "pids", "factors", "events", "news", "resources", "map", "data")),
        Page(INDEXES["fields"], "fields.md.j2"),
        Page(INDEXES["accessibility"], "accessibility.md.j2", source="content/programme.yml"),
    ]
    pages = [page if page.source else Page(page.path, page.template, page.context, f"templates/{page.template}") for page in pages]
    pages += [Page(path_of(p), "partner.md.j2", {"partner": p}, p.origin.path) for p in site.partners_sorted()]
    pages += [Page(path_of(p), "pid.md.j2", {"pid": p, "partner": site.partners[p.partner]}, p.origin.path)
              for p in site.pids.values() if p.partner in site.partners]
    pages += [Page(path_of(f), "factor.md.j2", {"factor": f}, f.origin.path) for f in site.factors_sorted()]
    pages += [Page(path_of(e), "event.md.j2", {"event": e}, e.origin.path) for e in site.events_sorted()]
    pages += [Page(path_of(n), "post.md.j2", {"post": n}, n.origin.path) for n in site.news_sorted()]
    return pages
