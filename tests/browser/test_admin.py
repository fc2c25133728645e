"""The web editor end to end, offline: the real Decap bundle in Chromium, against decap-server.

/admin/ is built by the generator (its page, generated config and the bundle from node_modules)
with a local backend: npm ``decap-server`` writing to a scratch copy of the project. An editor
creates a partner, adds an event with two participants through the relation widget and changes a
PID measure's status; the files on disk must then pass ``check --strict``, come back to canonical
form under ``fmt`` with the same values, and show in a build. No request may leave 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import allow_fictitious_countries, copy_golden_project, copy_project, run_generator
from playwright.sync_api import Page, expect

from generator import cms, fmt
from generator.fields import USER_ASSIGNED_CODE
from generator.schema import KINDS
from generator.settings import load_settings
from generator.validate import validate

from .conftest import DESKTOP, ROOT, SCREENSHOTS, Contexts, free_port, serve, server_process

GOLDEN_CONTENT = ROOT / "tests" / "golden" / "project" / "content"

pytestmark = pytest.mark.xdist_group("browser")

DECAP_SERVER = ROOT / "node_modules" / ".bin" / "decap-server"
LOAD_MS = 90_000  # the bundle is 6 MB of JavaScript: generous on a busy two-core machine
PID = "coralia"
# Fictitious records only (these forms end up in the editors' guide): the golden project's Coralia gets a PID
# with one outcome and two measures in the scratch copy; no real administration's PID is given invented content.
PID_OUTCOMES = """partner: coralia
status: in-implementation
general_outcome:
  en: Integrity in Customs is strengthened.
  fr: L'intégrité en douane est renforcée.
specific_outcomes:
  - title:
      en: A code of conduct is in force.
      fr: Un code de conduite est en vigueur.
    measures:
      - title:
          en: Draft the code of conduct.
          fr: Rédiger le code de conduite.
        status: in-progress
        due: "2026-06"
      - title:
          en: Train the staff.
          fr: Former le personnel.
        status: planned
"""


@dataclass
class Editor:
    root: Path  # the scratch project decap-server writes into
    url: str  # /admin/ of a server holding only the editor


@contextmanager
def decap_editor(root: Path, tmp_path: Path) -> Iterator[Editor]:
    """decap-server (file-system mode) on a free port writing into ``root``, and /admin/ served beside it."""
    if not DECAP_SERVER.is_file():
        pytest.fail("node_modules/decap-server is missing: run 'npm ci'")
    port = free_port()
    environment = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
                   "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "warn"}
    with server_process([str(DECAP_SERVER)], port=port, cwd=root, env=environment, timeout=60):
        served = tmp_path / "served"
        (served / "assets" / "images").mkdir(parents=True)  # the page's favicon, as the site serves it beside /admin/
        shutil.copy2(ROOT / "docs" / "assets" / "images" / "favicon.svg", served / "assets" / "images" / "favicon.svg")
        cms.write_admin(load_settings(ROOT), served / "admin", auth_url="https://cms-auth.example.org",
                        local_backend=f"http://127.0.0.1:{port}/api/v1")
        with serve(served) as base:
            yield Editor(root, base + "admin/")


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[Editor]:
    """A scratch copy of the project with a fictitious partner and PID, in the editor."""
    root = copy_project(tmp_path / "project", ("content", "docs", "templates", "mkdocs.yml"))
    shutil.copy2(GOLDEN_CONTENT / "partners" / "coralia.yml", root / "content" / "partners" / "coralia.yml")
    allow_fictitious_countries(root)  # Coralia's code is user-assigned
    (root / "content" / "pids" / f"{PID}.yml").write_text(PID_OUTCOMES, encoding="utf-8")
    with decap_editor(root, tmp_path) as opened:
        yield opened


def control(page: Page, label: str, nth: int = 0):  # noqa: ANN201 - a Playwright Locator
    """The input a Decap label (shown in capitals, written as declared) is for; resolved anew at each use."""
    return page.get_by_label(re.compile(f"^{re.escape(label)}$", re.IGNORECASE)).nth(nth)


def choose(page: Page, label: str, typed: str, option: str, nth: int = 0) -> None:
    """Pick ``option`` in a select or relation widget (react-select) after typing ``typed``."""
    control(page, label, nth).click()
    page.keyboard.type(typed)
    page.locator('[id*="-option-"]').filter(has_text=option).first.click()


def open_route(page: Page, url: str) -> None:
    """Open an editor route afresh: Decap keeps the last form on screen when only the URL hash changes."""
    page.goto(url)
    page.reload(wait_until="load")


def publish(page: Page) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    expect(page.get_by_text("Entry saved")).to_be_visible(timeout=LOAD_MS)
    expect(page).to_have_url(re.compile(r"#/collections/[a-z]+/entries/[a-z0-9-]+$"), timeout=LOAD_MS)  # a new entry's own URL


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"admin-{name}.png"))


def _records(root: Path) -> dict[tuple[str, str], object]:
    content, diagnostics = validate(root, remember=False)  # a fictitious project: its user-assigned codes are allowed
    assert not [d for d in diagnostics if d.severity.name == "ERROR" and d.code != USER_ASSIGNED_CODE], diagnostics
    return {(kind, rid): dataclasses.replace(record, origin=None)  # type: ignore[type-var] - the header moves line 1
            for kind, records in content.records.items() for rid, record in records.items()}


def test_editor_creates_and_edits_records_offline(editor: Editor, contexts: Contexts) -> None:
    opened = contexts.open(DESKTOP, "light", editor.url)
    page = opened.page
    page.set_default_timeout(30_000)
    pid_file = editor.root / "content" / "pids" / f"{PID}.yml"
    measure = yaml.safe_load(pid_file.read_text(encoding="utf-8"))["specific_outcomes"][0]["measures"][0]
    assert measure["status"] == "in-progress"

    page.goto(editor.url, wait_until="load")
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_role("link", name="Partners")).to_be_visible(timeout=LOAD_MS)
    shot(page, "collections")

    # A new partner.
    open_route(page, editor.url + "#/collections/partner/new")
    expect(control(page, "Cohort")).to_be_visible(timeout=LOAD_MS)
    control(page, "Name").fill("Atlantis")
    choose(page, "Country", "Benin", "Benin (BJ)")
    control(page, "Joined").fill("2024-05")
    control(page, "Cohort").fill("2024")
    choose(page, "Region (optional)", "West", "West")
    control(page, "Name").scroll_into_view_if_needed()
    shot(page, "partner")
    control(page, "English (optional)", 1).fill("A fictitious administration, for this example.")
    control(page, "French (optional)", 1).fill("Une administration fictive, pour cet exemple.")
    page.get_by_role("button", name=re.compile("Add sources", re.IGNORECASE)).click()
    control(page, "URL").fill("https://www.wcoomd.org/en/media/newsroom.aspx")
    publish(page)

    # A new event with two participants, chosen by name in the relation widget.
    open_route(page, editor.url + "#/collections/event/new")
    expect(control(page, "Start")).to_be_visible(timeout=LOAD_MS)
    control(page, "English").fill("Regional integrity workshop")
    control(page, "French (optional)").fill("Atelier régional sur l'intégrité")
    choose(page, "Kind (optional)", "work", "workshop")
    control(page, "Start").fill("2026-03-02")
    control(page, "End").fill("2026-03-03")
    control(page, "English", 1).fill("WCO headquarters")
    control(page, "French (optional)", 1).fill("Siège de l'OMD")
    choose(page, "Participants (optional)", "Atl", "Atlantis")
    choose(page, "Participants (optional)", "Cor", "Coralia")
    shot(page, "event")
    publish(page)

    # A PID measure's new status.
    open_route(page, editor.url + f"#/collections/pid/entries/{PID}")
    expect(page.get_by_text(re.compile("^1 specific outcome", re.IGNORECASE))).to_be_visible(timeout=LOAD_MS)  # loaded
    expand = page.locator('button[aria-label="Expand"]:visible')
    measure_title = page.get_by_text("Draft the code of conduct.")
    for _ in range(3):  # lists open collapsed: the outcomes, then the first outcome shows its measures
        if measure_title.is_visible():
            break
        expand.first.click()
    measure_title.locator("xpath=ancestor::*[.//button[@aria-label='Expand']][1]//button[@aria-label='Expand']").first.click()
    choose(page, "Status", "del", "delayed")
    shot(page, "pid")
    publish(page)

    opened.log.assert_clean(console=False)
    assert not opened.log.foreign_requests

    # The files on disk: valid in strict mode, values kept by fmt, which is then a no-op, and built.
    result = run_generator(editor.root, "check", "--strict")
    assert result.returncode == 0, result.stderr
    saved = [editor.root / "content" / "partners" / "atlantis.yml", editor.root / "content" / "events" / "regional-integrity-workshop.yml", pid_file]
    assert all(path.is_file() for path in saved)
    partner = yaml.safe_load(saved[0].read_text(encoding="utf-8"))
    assert partner["country"] == "BJ" and partner["region"] == "west-central-africa"
    event = yaml.safe_load(saved[1].read_text(encoding="utf-8"))
    assert event["participants"] == ["atlantis", "coralia"] and str(event["start"]) == "2026-03-02"
    edited = yaml.safe_load(pid_file.read_text(encoding="utf-8"))["specific_outcomes"][0]["measures"][0]
    assert edited["status"] == "delayed"
    before = _records(editor.root)
    fmt.run(editor.root, saved)
    assert _records(editor.root) == before
    assert not [r.shown for r in fmt.run(editor.root, saved, write=False) if r.changed]
    built = run_generator(editor.root, "build", "--strict")
    assert built.returncode == 0, built.stderr
    docs = editor.root / "build" / "docs" / "en"
    assert "Atlantis" in (docs / "partners" / "atlantis.md").read_text(encoding="utf-8")
    assert "Atlantis" in (docs / "events" / "regional-integrity-workshop.md").read_text(encoding="utf-8")
    shutil.rmtree(editor.root / "build", ignore_errors=True)


# --------------------------------------------------------------------------- the editorial workflow, in memory


def serve_admin(folder: Path, backend: dict[str, str] | None = None) -> Path:
    """/admin/ as the site builds it into ``folder``, with the favicon beside it; ``backend`` replaces GitHub.

    Without ``local_backend``: opened from 127.0.0.1, Decap would otherwise look for a decap-server."""
    (folder / "assets" / "images").mkdir(parents=True)
    shutil.copy2(ROOT / "docs" / "assets" / "images" / "favicon.svg", folder / "assets" / "images" / "favicon.svg")
    admin = cms.write_admin(load_settings(ROOT), folder / "admin", auth_url="https://cms-auth.example.org")
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    del config["local_backend"]
    config["backend"] = backend or config["backend"]
    (admin / "config.yml").write_text(cms.config_yaml(config), encoding="utf-8")
    return folder


@pytest.fixture
def workflow_editor(tmp_path: Path) -> Iterator[str]:
    """Decap's in-memory ``test-repo`` backend instead of GitHub: the editorial workflow (draft, in review,
    ready, published) with no server and no sign-in."""
    with serve(serve_admin(tmp_path / "served", {"name": "test-repo"})) as base:
        yield base + "admin/"


@pytest.mark.parametrize(("lang", "button"), [("en", "Login with GitHub"), ("fr", "Se connecter avec GitHub")])
def test_login_page_shows_the_programme_in_the_editors_language(tmp_path: Path, contexts: Contexts, axe_source: str,
                                                                 lang: str, button: str) -> None:
    with serve(serve_admin(tmp_path / "served")) as base:
        opened = contexts.open(DESKTOP, "light", base)
        page = opened.page
        page.goto(f"{base}admin/?lang={lang}", wait_until="load")
        expect(page.get_by_role("button", name=button)).to_be_visible(timeout=LOAD_MS)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        logo = page.locator('img[src="logo.svg"]')
        expect(logo).to_be_visible()
        assert page.evaluate("img => img.naturalWidth", logo.element_handle()) > 0
        shot(page, "login" if lang == "en" else f"login-{lang}")
        assert serious_axe_findings(page, axe_source) == []
        opened.log.assert_clean(console=False)
        contexts.close_page(opened)


def serious_axe_findings(page: Page, axe_source: str) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in result if v["impact"] in ("serious", "critical")]


def test_editorial_workflow_from_draft_to_published(workflow_editor: str, contexts: Contexts, axe_source: str) -> None:
    opened = contexts.open(DESKTOP, "light", workflow_editor)
    page = opened.page
    page.set_default_timeout(30_000)
    page.goto(workflow_editor, wait_until="load")
    login = page.get_by_role("button", name="Login")
    expect(login).to_be_visible(timeout=LOAD_MS)
    findings = {"login": serious_axe_findings(page, axe_source)}
    login.click()
    expect(page.get_by_role("link", name="News posts")).to_be_visible(timeout=LOAD_MS)

    # A news post, saved as a draft.
    page.get_by_role("link", name="News posts").click()
    page.get_by_role("link", name="Create entry of type News post").click()
    expect(control(page, "Date")).to_be_visible(timeout=LOAD_MS)
    control(page, "English").fill("A regional integrity workshop")
    control(page, "Date").fill("2026-03-03")
    control(page, "English", 1).fill("Partners met to compare their integrity plans.")
    control(page, "English", 2).fill("Twelve administrations took part.")
    findings["new entry"] = serious_axe_findings(page, axe_source)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Entry saved")).to_be_visible(timeout=LOAD_MS)

    # Draft → in review → ready, then published.
    for status in ("In review", "Ready"):
        page.get_by_role("button", name=re.compile("^Set status|^Status:", re.IGNORECASE)).click()
        page.get_by_role("menuitem", name=status).click()
        expect(page.get_by_text("Entry status updated").last).to_be_visible(timeout=LOAD_MS)
    page.evaluate("location.hash = '#/workflow'")  # in the app: reloading the page would empty the in-memory repository
    column = page.locator("h2", has_text="Ready").locator("xpath=..")
    expect(column.get_by_text("A regional integrity workshop")).to_be_visible(timeout=LOAD_MS)
    shot(page, "workflow")
    findings["workflow"] = serious_axe_findings(page, axe_source)
    column.get_by_text("A regional integrity workshop").click()
    page.evaluate("window.confirm = () => true")  # the editor answers yes to "publish this entry?"
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    expect(page.get_by_text("Entry published")).to_be_visible(timeout=LOAD_MS)
    page.evaluate("location.hash = '#/collections/news'")
    expect(page.get_by_text("A regional integrity workshop")).to_be_visible(timeout=LOAD_MS)
    findings["collection"] = serious_axe_findings(page, axe_source)
    assert not any(findings.values()), findings
    opened.log.assert_clean(console=False)


# --------------------------------------------------------------------------- every collection, saved to disk

NOTE = "Checked against the source in the web editor."
# The record saved per collection, when not its first. The form shows a short name as one box, so a tool whose
# short name differs in French ({en: CIPS, fr: SPID}) cannot be saved in the editor yet: IDG's is the same in both.
SAVED_RECORD = {"tool": "idg"}


def test_editor_saves_every_collection(tmp_path: Path, contexts: Contexts) -> None:
    """On the fictitious golden project: a new news post, a PID indicator's new figure, and one record of each
    other collection (the programme file included) saved with an editor's note; all pass `check --strict` and `fmt`."""
    root = copy_golden_project(tmp_path / "project")
    pid_file = root / "content" / "pids" / "amberland.yml"
    assert yaml.safe_load(pid_file.read_text(encoding="utf-8"))["specific_outcomes"][0]["indicators"][0]["actual"]["value"] == 41
    with decap_editor(root, tmp_path) as editor:
        opened = contexts.open(DESKTOP, "light", editor.url)
        page = opened.page
        page.set_default_timeout(LOAD_MS)  # a dozen reloads of the 6 MB bundle
        page.goto(editor.url, wait_until="load")
        page.get_by_role("button", name="Login").click()
        expect(page.get_by_role("link", name="News posts")).to_be_visible(timeout=LOAD_MS)

        # A new news post.
        open_route(page, editor.url + "#/collections/news/new")
        expect(control(page, "Date")).to_be_visible(timeout=LOAD_MS)
        control(page, "English").fill("Amberland publishes its procedures")
        control(page, "Date").fill("2024-06-12")
        control(page, "English", 1).fill("The procedures are online.")
        control(page, "English", 2).fill("Amberland's Customs published its clearance procedures.")
        control(page, "French (optional)").fill("L'Ambrelande publie ses procédures")
        control(page, "French (optional)", 1).fill("Les procédures sont en ligne.")
        control(page, "French (optional)", 2).fill("La douane de l'Ambrelande a publié ses procédures de dédouanement.")
        publish(page)

        # A PID indicator's latest figure.
        open_route(page, editor.url + "#/collections/pid/entries/amberland")
        indicator = page.get_by_text("Declarations processed electronically")
        expect(page.get_by_text(re.compile("^2 specific outcomes", re.IGNORECASE))).to_be_visible(timeout=LOAD_MS)
        expand = page.locator('button[aria-label="Expand"]:visible')
        for _ in range(3):  # lists open collapsed: the outcomes, then the first outcome's indicators
            if indicator.is_visible():
                break
            expand.first.click()
        indicator.locator("xpath=ancestor::*[.//button[@aria-label='Expand']][1]//button[@aria-label='Expand']").first.click()
        control(page, "Value (optional)", 2).fill("45")  # baseline, target, actual
        shot(page, "indicator")
        publish(page)

        # One record of every other collection, with an editor's note.
        saved = [root / "content" / "news" / "amberland-publishes-its-procedures.yml", pid_file]
        for kind in KINDS:
            if kind.name in ("news", "pid", "partner", "event"):  # partners and events: test_editor_creates_and_edits_records_offline
                continue
            if kind.folder:
                path = sorted((root / "content" / kind.folder).glob("*.yml"))[0]
                path = path.with_stem(SAVED_RECORD.get(kind.name, path.stem))
            else:
                path = root / "content" / f"{kind.name}.yml"
            open_route(page, f"{editor.url}#/collections/{kind.name}/entries/{path.stem}")
            notes = control(page, "Notes (never published) (optional)")
            expect(notes).to_be_visible(timeout=LOAD_MS)
            notes.fill(NOTE)
            publish(page)
            saved.append(path)
        opened.log.assert_clean(console=False)

    news = yaml.safe_load(saved[0].read_text(encoding="utf-8"))
    assert news["title"]["en"] == "Amberland publishes its procedures" and str(news["date"]) == "2024-06-12"
    assert yaml.safe_load(pid_file.read_text(encoding="utf-8"))["specific_outcomes"][0]["indicators"][0]["actual"]["value"] == 45
    assert [path.name for path in saved[2:] if yaml.safe_load(path.read_text(encoding="utf-8")).get("notes") != NOTE] == []
    result = run_generator(root, "check", "--strict")
    assert result.returncode == 0, result.stderr
    before = _records(root)
    fmt.run(root, saved)
    assert _records(root) == before
    assert not [r.shown for r in fmt.run(root, saved, write=False) if r.changed]  # `fmt --check` of the saved files
    assert run_generator(root, "check", "--strict").returncode == 0
