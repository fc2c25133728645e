"""The site published under a sub-path, as a GitHub Pages project site is (``https://<org>.github.io/<repo>/``).

The real content is built with ``SITE_URL=https://example.org/acip/`` and served locally under ``/acip/``;
every page is opened: none is missing, none logs a console error or fails a request, and no link to the
site (relative, or absolute to the published address) leads outside ``/acip/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from conftest import copy_project, run_generator

from .conftest import PageFactory, serve

pytestmark = pytest.mark.xdist_group("browser")

PREFIX = "/acip/"
PUBLISHED = "https://example.org" + PREFIX

# Every link of the page, resolved against it: the a, area and link elements' targets.
_LINKS = """() => [...document.querySelectorAll("a[href], area[href], link[href]")]
  .map(e => e.href).filter(href => /^https?:/.test(href))"""


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """The base URL of the site served under /acip/, and the path of every page below it."""
    root = copy_project(tmp_path_factory.mktemp("subpath") / "project")
    result = run_generator(root, "site", env={"SITE_URL": PUBLISHED, "SITE_URL_FR": PUBLISHED + "fr/"})
    assert result.returncode == 0, result.stderr
    served = root / "served"
    shutil.copytree(root / "site", served / PREFIX.strip("/"))
    # The web editor (/admin/) is Decap's own application, which looks for a local decap-server when opened
    # from 127.0.0.1 (tests/browser/test_admin.py drives it): the pages here are the site's.
    pages = sorted(p.parent.relative_to(served).as_posix() + "/" for p in served.rglob("index.html")
                   if "admin" not in p.relative_to(served).parts)
    with serve(served) as url:
        yield url, pages


def test_every_page_works_under_the_sub_path(open_page: PageFactory, subpath_site: tuple[str, list[str]]) -> None:
    base, pages = subpath_site
    assert len(pages) > 100 and all(page.startswith(PREFIX.lstrip("/")) for page in pages)
    opened = open_page(base_url=base)
    here = urlsplit(base).netloc
    leaving: list[str] = []
    for path in pages:
        response = opened.page.goto(base + path, wait_until="load")
        assert response is not None and response.status == 200, f"/{path}: {response and response.status}"
        for link in opened.page.evaluate(_LINKS):
            parts = urlsplit(link)
            # The editors' guide also names the local preview (make serve, 127.0.0.1:8000): another site.
            ours = parts.netloc == here or link.startswith("https://example.org/")
            if ours and not parts.path.startswith(PREFIX):
                leaving.append(f"/{path} → {link}")
    assert not leaving, f"{len(leaving)} link(s) leave {PREFIX}:\n" + "\n".join(leaving[:20])
    opened.log.assert_clean()
