"""The downloadable preview (``ACIP_OFFLINE=true``) browses from ``file://``: links, search, no other site."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import offline

FILES = {"index.html", "events/index.html", "events/isc-2020.html", "partners/ghana.html", "map.html", "fr/index.html"}


@pytest.mark.parametrize(("source", "output", "html", "expected"), [
    # a record page's links were written against its directory URL (events/isc-2020/)
    ("events/isc-2020.md", "events/isc-2020.html", '<a href="../../partners/ghana/">', '<a href="../partners/ghana.html">'),
    ("events/index.md", "events/index.html", '<a href="isc-2020/#venue">', '<a href="isc-2020.html#venue">'),
    ("map.md", "map.html", '<a class="x" href="../partners/ghana/">', '<a class="x" href="partners/ghana.html">'),
    ("index.md", "index.html", '<a href="events/">', '<a href="events/index.html">'),
    ("events/isc-2020.md", "events/isc-2020.html", '<a href="../../">', '<a href="../index.html">'),
    # a news post is served where the blog plugin puts it (news/<slug>/), not under its Markdown folder
    ("news/posts/malawi-joins-2020.md", "news/malawi-joins-2020.html", '<a href="../../partners/ghana/">',
     '<a href="../partners/ghana.html">'),
    # left alone: other sites, absolute paths, fragments, files, targets the site lacks
    ("index.md", "index.html", '<a href="https://example.org/a/">', '<a href="https://example.org/a/">'),
    ("index.md", "index.html", '<a href="/fr/">', '<a href="/fr/">'),
    ("index.md", "index.html", '<a href="#events">', '<a href="#events">'),
    ("index.md", "index.html", '<a href="events.ics">', '<a href="events.ics">'),
    ("index.md", "index.html", '<a href="nowhere/">', '<a href="nowhere/">'),
])
def test_directory_links_point_at_files(source: str, output: str, html: str, expected: str) -> None:
    assert offline.file_links(html, source, output, FILES) == expected


def test_the_worker_shim_is_served_locally() -> None:
    assert offline.polyfills(["https://unpkg.com/iframe-worker/shim"]) == [offline.SHIM]
    assert (Path(__file__).resolve().parent.parent / "docs" / offline.SHIM).is_file()
