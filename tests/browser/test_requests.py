"""Every kind of page, in both languages, loads without a failed request or a console error.

A failed request is one to this site answered with 4xx/5xx or not answered at all (a missing
asset, Material asking for a sitemap.xml that does not exist); requests to other hosts are
refused and reported by the fixtures. Pages are left until the network is idle, so requests
made after `load` (Material's sitemap lookups, the search index) are seen too.
"""

from __future__ import annotations

import pytest

from .conftest import PAGE_KINDS, PageFactory

pytestmark = pytest.mark.xdist_group("browser")

PATHS = sorted({path.removeprefix("fr/") for path in PAGE_KINDS.values()})


@pytest.mark.parametrize("language", ["", "fr/"])
@pytest.mark.parametrize("path", PATHS)
def test_page_loads_cleanly(open_page: PageFactory, language: str, path: str) -> None:
    opened = open_page()
    opened.goto(language + path)
    opened.page.wait_for_load_state("networkidle")
    opened.log.assert_clean()


def test_a_missing_asset_is_reported(open_page: PageFactory) -> None:
    """The check above would see a broken link to an asset: a page that fetches one fails it."""
    opened = open_page()
    opened.goto("")
    opened.page.evaluate("fetch('assets/no-such-file.js').catch(() => null)")
    opened.page.wait_for_load_state("networkidle")
    assert any("HTTP 404" in problem for problem in opened.log.problems())
