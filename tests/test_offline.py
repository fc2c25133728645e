"""The downloadable preview (``ACIP_OFFLINE=true``) browses from ``file://``: links, search, no other site."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import offline
from tests.conftest import copy_project, run_generator

FILES = {"index.html", "events/index.html", "events/isc-2020.html", "partners/ghana.html", "map.html", "fr/index.html"}


@pytest.mark.parametrize(("source", "output", "html", "expected"), [
    # a record page's links were written against its directory URL (events/isc-2020/)
    ("events/isc-2020.md", "events/isc-2020.html", '<a href="../../partners/ghana/">', '<a href="../partners/ghana.html">'),
    ("events/index.md", "events/index.html", '<a href="isc-2020/#venue">', '<a href="isc-2020.html#venue">'),
    ("map.md", "map.html", '<a class="x" href="../partners/ghana/">', '<a class="x" href="partners/ghana.html">'),
    ("index.md", "index.html", '<a href="events/">', '<a href="events/index.html">'),
    ("events/isc-2020.md", "events/isc-2020.html", '<a href="../../">', '<a href="../index.html">'),
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


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("offline") / "project")
    result = run_generator(root, "site", env={"ACIP_OFFLINE": "true"})
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_preview_from_disk_follows_links_and_searches(offline_site: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    assert (offline_site / "search" / "search_index.js").is_file()
    assert (offline_site / "events" / "isc-2020.html").is_file()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            elsewhere: list[str] = []
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:", "about:"))
                          else (elsewhere.append(route.request.url), route.abort()))
            page = context.new_page()
            page.goto((offline_site / "index.html").as_uri())
            with page.expect_navigation():
                page.click("a.md-tabs__link:has-text('Events')")
            assert page.url == (offline_site / "events" / "index.html").as_uri()
            record = yaml.safe_load((offline_site.parent / "content" / "events" / "isc-2020.yml").read_text(encoding="utf-8"))
            with page.expect_navigation():  # a link the template writes in raw HTML (the timeline)
                page.get_by_role("link", name=record["title"]["en"], exact=True).first.click()
            assert page.url == (offline_site / "events" / "isc-2020.html").as_uri()
            page.click("input.md-search__input")
            page.keyboard.type("Ghana", delay=20)
            result = page.locator(".md-search-result__item a").first
            result.wait_for()
            with page.expect_navigation():
                result.click()
            assert page.url.startswith((offline_site / "partners" / "ghana.html").as_uri())
            assert "Ghana" in page.locator("h1").first.inner_text()
            assert elsewhere == []
        finally:
            browser.close()
