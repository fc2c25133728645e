"""The downloadable preview (``ACIP_OFFLINE=true``) browses from ``file://``: links, search, no other site."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser

from tests.conftest import copy_project, run_generator

pytestmark = pytest.mark.xdist_group("browser")


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("offline") / "project")
    result = run_generator(root, "site", env={"ACIP_OFFLINE": "true"})
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_preview_from_disk_follows_links_and_searches(offline_site: Path, browser: Browser) -> None:
    """In the browser group, with the session's browser: a second Playwright in the same worker would fail."""
    assert (offline_site / "search" / "search_index.js").is_file()
    assert (offline_site / "events" / "isc-2020.html").is_file()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
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
        context.close()
