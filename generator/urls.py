"""Where every generated page lives: its Markdown path under ``build/docs/<lang>/`` and the URL it is served at.

Page planning, the templates (``path_of``, ``path_for``), the open data, the feed and
calendar, and MkDocs' ``not_in_nav`` all ask this module, so a page moves by changing
one line here. MkDocs serves ``a/b.md`` at ``a/b/`` (``use_directory_urls``); the blog
plugin serves a post at ``news/<slug>/``, and each post's slug is its record id.
"""

from __future__ import annotations

import posixpath

from generator import model

RECORD_FOLDERS: dict[type[model.Record], str] = {
    model.Partner: "partners",
    model.Pid: "pids",
    model.Factor: "factors",
    model.Event: "events",
    model.News: "news/posts",
}
"""Record kinds with a page of their own, and the folder of those pages."""

KIND_FOLDERS = {"partner": "partners", "pid": "pids", "factor": "factors", "event": "events", "news": "news/posts"}
"""The same folders by record kind name (``schema.KINDS``), for references held as ids."""

INDEXES = {
    "home": "index.md",
    "partners": "partners/index.md",
    "pids": "pids/index.md",
    "factors": "factors/index.md",
    "events": "events/index.md",
    "news": "news/index.md",
    "resources": "resources/index.md",
    "map": "map.md",
    "data": "data/index.md",
    "fields": "editors/fields.md",
    "accessibility": "accessibility.md",
}
"""Pages that list or explain rather than show one record."""

_BLOG_POSTS = "news/posts"
_BLOG = "news"


def path_for(kind: str, record_id: str) -> str:
    """The Markdown path of a record's page, from its kind's name and its id: ``events/isc-2020.md``."""
    return f"{KIND_FOLDERS[kind]}/{record_id}.md"


def path_of(record: model.Record) -> str:
    """The Markdown path of a record's own page."""
    return f"{RECORD_FOLDERS[type(record)]}/{record.id}.md"


def served(path: str) -> str:
    """The URL (relative to the site's root, ending in '/') that MkDocs serves a Markdown path at; '' for the home page."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    folder, name = posixpath.split(stem)
    if folder == _BLOG_POSTS:
        return f"{_BLOG}/{name}/"
    if name == "index":
        stem = folder
    return f"{stem}/" if stem else ""


def url_for(kind: str, record_id: str) -> str:
    """A record's page as served: ``events/isc-2020/``, ``news/malawi-joins-2020/``."""
    return served(path_for(kind, record_id))


def not_in_nav() -> list[str]:
    """MkDocs' ``not_in_nav`` patterns: record pages are reached from index pages, never listed in the sidebar.

    A sidebar with a few thousand pages makes every page render it: the build turns quadratic.
    """
    return [f"/{folder}/*.md" for folder in RECORD_FOLDERS.values()] + [f"/{INDEXES['fields']}"]
