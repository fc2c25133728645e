"""Page-weight budgets for a first visit, in bytes (never time): home page 150 KiB, record pages 100 KiB, gzipped.

The same measurement as `make bench` (bench/weight.py): a cold load in Chromium, every response counted
at its gzip size. The search index and Material's search engine are not part of it: they load when the
reader turns to search (tests/browser/test_search.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from bench.weight import KIB, measure_in, record_pages

pytestmark = pytest.mark.xdist_group("browser")


def test_first_visits_stay_within_their_budgets(built_site: Path, site_url: str, browser: Browser) -> None:
    weights = measure_in(browser, site_url, record_pages(built_site))
    assert len(weights) >= 8  # the home page and four record kinds at least, in both languages
    over = [f"{w.path}: {w.total / KIB:.1f} KiB > {w.budget // KIB} KiB "
            f"({', '.join(f'{name} {size / KIB:.0f}' for name, size in sorted(w.files.items(), key=lambda i: -i[1])[:4])})"
            for w in weights if not w.met]
    assert not over, "\n".join(over)
    assert all(not any("search_index" in name for name in w.files) for w in weights)
