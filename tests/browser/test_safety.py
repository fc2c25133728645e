"""Hostile content does nothing in a browser, and no page of the site contacts another host.

The hostile site is the real project with the records of Ghana, its PID, the February 2020
workshop, a news post (and the region, donor, factor, tool and programme they show) rewritten
by ``tests/hostile.py`` with script, event-handler, ``javascript:``, heading and attribute-list
payloads, then built like any editor's change (``python -m generator site``).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import ROOT, OpenedPage, PageFactory, serve

pytestmark = pytest.mark.xdist_group("browser")

HOSTILE_PAGES = [
    "",
    "partners/atlantis/",
    "pids/atlantis/",
    "events/coordinators-workshop-2020/",
    "news/first-coordinators-workshop-2020/",
    "partners/",
    "map/",
    "events/",
    "news/",
    "factors/transparency/",
    "resources/",
    "fr/",
    "fr/partners/atlantis/",
    "fr/pids/atlantis/",
    "fr/events/coordinators-workshop-2020/",
    "fr/news/first-coordinators-workshop-2020/",
]

# What injected markup would leave in the DOM even if it never ran: handler attributes,
# javascript: URLs, frames, scripts that are not the site's own, and styles inside the content.
_INJECTED = """() => {
  const found = [];
  const describe = el => el.outerHTML.slice(0, 160);
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`handler attribute ${attr.name}: ${describe(el)}`);
      if (/^(href|src|action|formaction|xlink:href|data)$/i.test(attr.name)
          && /^\\s*(javascript|data|vbscript):/i.test(attr.value)) found.push(`script URL: ${describe(el)}`);
    }
  }
  for (const el of document.querySelectorAll("iframe, frame, object, embed, article style, article link, article meta, article base"))
    found.push(`injected element: ${describe(el)}`);
  for (const script of document.scripts) {
    const src = script.getAttribute("src");
    if (src ? !/(^|\\/)assets\\/javascripts\\//.test(src) : /alert|onerror/i.test(script.textContent))
      found.push(`foreign script: ${describe(script)}`);
  }
  return found;
}"""


def _tests_module(name: str) -> ModuleType:
    """``tests/<name>.py`` loaded by path: ``import conftest`` would depend on which conftest pytest loaded last."""
    key = f"acip_tests_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, ROOT / "tests" / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


@pytest.fixture(scope="session")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile site, built once per session and served like the real one."""
    shared, hostile = _tests_module("conftest"), _tests_module("hostile")
    root = shared.copy_project(tmp_path_factory.mktemp("hostile") / "project")
    hostile.write_hostile_content(root)
    result = shared.run_generator(root, "site")
    assert result.returncode == 0, f"the hostile site does not build:\n{result.stderr[-3000:]}"
    with serve(root / "site") as url:
        yield url


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_content_stays_inert(open_page: PageFactory, hostile_url: str, path: str) -> None:
    opened = open_page(base_url=hostile_url)
    opened.goto(path)
    # Hovering and focusing the content is what would fire onmouseover/onfocus payloads.
    opened.page.locator(".md-content").hover()
    opened.page.keyboard.press("Tab")
    # What ran (dialogs, errors, requests) and what is merely there, ready to run.
    problems = opened.log.problems() + [f"live markup: {found}" for found in opened.page.evaluate(_INJECTED)]
    assert not problems, f"/{path}: injected content is not inert:\n" + "\n".join(problems)


def test_hostile_pages_show_the_payloads_as_text(open_page: PageFactory, hostile_url: str) -> None:
    """A positive control: the payloads did reach the pages, as visible text."""
    opened = open_page(base_url=hostile_url)
    opened.goto("partners/atlantis/")
    text = opened.page.locator("article").inner_text()
    assert "<script>alert(1)</script>" in text
    assert "onerror=alert(1)" in text
    opened.log.assert_clean()


def _every_page(site: Path) -> list[str]:
    pages = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        if relative.endswith("404.html"):
            continue
        pages.append(relative.removesuffix("index.html"))
    return pages


def test_no_page_contacts_another_host(open_page: PageFactory, built_site: Path) -> None:
    """Every page of the real site (both languages) loads its styles, fonts and images from the site itself.

    Without JavaScript, so that 130 pages cost little: what the scripts load (Material's bundle and
    search worker, tables.js) does not depend on the page, and every other test in this folder runs
    them on each page kind and fails on any request to another host (``log.assert_clean()``).
    """
    pages = _every_page(built_site)
    assert len(pages) > 100, pages
    opened: OpenedPage = open_page(javascript=False)
    problems: dict[str, list[str]] = {}
    seen = 0
    for path in pages:
        opened.goto(path)
        found = opened.log.problems()
        if len(found) > seen:
            problems[path or "/"] = found[seen:]
            seen = len(found)
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())

