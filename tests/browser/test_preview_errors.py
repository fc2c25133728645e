"""`make serve` in a browser: a broken record replaces the page being viewed by the list of problems, in the
site's language, and the page comes back by itself (livereload) once the record is fixed."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_project, run_generator
from playwright.sync_api import expect

from .conftest import DESKTOP, SCREENSHOTS, Contexts, free_port, server_process

pytestmark = pytest.mark.xdist_group("browser")

RELOAD_MS = 90_000  # a rebuild after a save: seconds, longer on a busy two-core machine
HEADINGS = {"en": "The preview cannot be updated", "fr": "L’aperçu ne peut pas être mis à jour"}
HINT_LABEL = {"en": "Hint:", "fr": "Piste\u00a0:"}
PAGE = {"en": "partners/ghana/", "fr": "fr/partners/ghana/"}  # served under site_url's path
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("preview") / "project")
    result = run_generator(root, "build")  # as `make serve` does before starting MkDocs
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(params=["en", "fr"])
def preview(request: pytest.FixtureRequest, project: Path) -> Iterator[tuple[str, str]]:
    """`make serve` / `make serve-fr` on the project copy: its language's generated configuration; yields (language, base URL)."""
    language = str(request.param)
    config = f"build/config/mkdocs.{language}.yml"
    port = free_port()
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1764000000")}
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", config, "-a", f"127.0.0.1:{port}", "--livereload", "--dirty", "--no-strict"]
    with server_process(command, port=port, cwd=project, env=environment):
        yield language, f"http://127.0.0.1:{port}/"


def test_the_preview_shows_content_errors_and_recovers(preview: tuple[str, str], project: Path, contexts: Contexts) -> None:
    language, base = preview
    opened = contexts.open(DESKTOP, "light", base)
    page = opened.page
    page.goto(base + PAGE[language], wait_until="load")
    expect(page.locator("h1").first).to_contain_text("Ghana")

    partner = project / "content" / "partners" / "ghana.yml"
    event = project / "content" / "events" / "isc-2020.yml"
    originals = {path: path.read_text(encoding="utf-8") for path in (partner, event)}
    joined = re.search(r"(?m)^joined: .*$", originals[partner])
    start = re.search(r"(?m)^start: .*$", originals[event])
    assert joined and start
    try:
        event.write_text(originals[event].replace(start.group(), "start: 2020-02-31"), encoding="utf-8")
        partner.write_text(originals[partner].replace(joined.group(), f'joined: "{HOSTILE}"'), encoding="utf-8")
        heading = page.locator("h1")
        expect(heading).to_have_text(HEADINGS[language], timeout=RELOAD_MS)  # reloaded by livereload, not by the test
        expect(page.locator("html")).to_have_attribute("lang", language)
        problems = page.locator("li.diagnostic")
        expect(problems).to_have_count(2)
        line = originals[event][: start.start()].count("\n") + 1
        expect(problems.nth(0).locator(".where")).to_have_text(f"content/events/isc-2020.yml:{line}:8")
        expect(problems.nth(0).locator(".message")).to_have_text("start: '2020-02-31' is not a real date (day is out of range for month)")
        expect(problems.nth(0).locator(".hint")).to_have_text(f"{HINT_LABEL[language]} check the day and month")
        line = originals[partner][: joined.start()].count("\n") + 1
        expect(problems.nth(1).locator(".where")).to_have_text(f"content/partners/ghana.yml:{line}:9")
        expect(problems.nth(1).locator(".message")).to_have_text(f"joined: must be a date like 2020 or 2020-04 (got '{HOSTILE}')")
        assert page.locator(".message script").count() == 0  # the record's text is shown, never run
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"preview-error-{language}.png"), full_page=True)
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
    expect(page.locator("h1").first).to_contain_text("Ghana", timeout=RELOAD_MS)
    expect(page.locator(".md-header")).to_be_visible()  # the site's own page, with its theme
    opened.log.assert_clean(console=False)
    assert not opened.log.dialogs
    contexts.close_page(opened)

