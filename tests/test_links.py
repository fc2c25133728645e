"""Every link of the built site works: internal targets exist, anchors exist, schemes are safe.

The site is served from one origin with the French site under /fr/, so a root-relative link
resolves against the site folder and a relative one against the page's own URL.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from html_dom import HtmlElement, elements, parse_file

LINK_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "action", "formaction", "poster", "data"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass
class Links:
    """Links (tag, attribute, value, line) and every id= / name= of one page."""

    links: list[tuple[str, str, str, int]] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)


def collect(page: HtmlElement) -> Links:
    found = Links()
    for element in elements(page):
        tag, line = element.tag, element.sourceline or 0
        for name, value in element.items():
            if name in LINK_ATTRIBUTES and not (tag == "meta" or (tag == "object" and name != "data")):
                found.links.append((tag, name, value.strip(), line))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        found.links.append((tag, name, candidate.split()[0], line))
            if name == "id" or (name == "name" and tag in ("a", "input", "map", "form", "iframe")):
                found.anchors.add(value)
    return found


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages = {path.relative_to(root).as_posix(): collect(parse_file(path)) for path in sorted(root.rglob("*.html"))}

    def target(self, page: str, path: str) -> str | None:
        """The site file a link path points at, or None; a folder means its index.html."""
        base = "" if path.startswith("/") else posixpath.dirname(page)
        joined = posixpath.normpath(posixpath.join(base, unquote(path).lstrip("/")))
        if joined.startswith(".."):
            return None
        candidate = self.root / joined if joined != "." else self.root
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate.relative_to(self.root).as_posix() if candidate.is_file() else None


@pytest.fixture(scope="module")
def site(built_site: Path) -> Site:
    return Site(built_site)


def _is_material_asset(value: str) -> bool:
    return "assets/javascripts/" in value or "assets/stylesheets/" in value or "assets/images/" in value


def test_site_has_pages(site: Site) -> None:
    assert len(site.pages) > 100
    assert sum(len(c.links) for c in site.pages.values()) > 5000


def test_only_safe_link_schemes(site: Site) -> None:
    bad: list[str] = []
    for page, collector in site.pages.items():
        for tag, attribute, value, line in collector.links:
            scheme = urlsplit(value).scheme.lower()
            if scheme and scheme not in SAFE_SCHEMES and not _is_material_asset(value):
                bad.append(f"{page}:{line}: <{tag} {attribute}={value[:80]!r}>")
            if value.startswith("//"):
                bad.append(f"{page}:{line}: protocol-relative <{tag} {attribute}={value[:80]!r}>")
    assert not bad, "\n".join(bad[:50])


def test_internal_links_resolve(site: Site) -> None:
    broken: list[str] = []
    checked = 0
    for page, collector in site.pages.items():
        for tag, attribute, value, line in collector.links:
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            checked += 1
            if site.target(page, parts.path) is None:
                broken.append(f"{page}:{line}: <{tag} {attribute}={value!r}> points at nothing")
    assert checked > 3000
    assert not broken, "\n".join(broken[:50])


def test_anchors_exist(site: Site) -> None:
    missing: list[str] = []
    by_target: dict[str, int] = defaultdict(int)
    for page, collector in site.pages.items():
        for tag, attribute, value, line in collector.links:
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            target = site.target(page, parts.path) if parts.path else page
            if target is None or not target.endswith(".html"):
                continue  # a missing file is test_internal_links_resolve's failure
            by_target[target] += 1
            if unquote(parts.fragment) not in site.pages[target].anchors:
                missing.append(f"{page}:{line}: <{tag} {attribute}={value!r}>: no id or name {parts.fragment!r} in {target}")
    assert len(by_target) > 50  # headings' permalinks, the table of contents, outcome anchors
    assert not missing, "\n".join(missing[:50])


def test_no_link_leaves_the_site_folder(site: Site) -> None:
    leaving = [f"{page}: {value}" for page, collector in site.pages.items() for _, _, value, _ in collector.links
               if not urlsplit(value).scheme and not value.startswith(("/", "#"))
               and posixpath.normpath(posixpath.join(posixpath.dirname(page), urlsplit(value).path)).startswith("..")]
    assert not leaving, "\n".join(leaving[:50])
