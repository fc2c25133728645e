"""Fixtures for the browser tests: a local web server, one Chromium per session, recording pages.

* ``serve(folder)`` serves a built site from 127.0.0.1 on a free port with a threaded
  ``http.server``; a missing path gets the site's ``404.html`` with status 404, as on
  GitHub Pages (``fr/404.html`` below ``/fr/``).
* ``browser`` is Debian's Chromium driven by Playwright, launched once: ``chromium`` (or
  ``chromium-browser``) on PATH, exactly what ``make browser`` checks for and installs. A missing
  Chromium, Playwright or axe-core fails the tests that need it, naming the tool: never a skip.
* ``open_page(...)`` opens a new page (in a context shared per viewport and colour scheme)
  whose ``log`` records console errors, uncaught exceptions, dialogs (dismissed) and every
  request to a host other than 127.0.0.1 (aborted, never sent). The router is the context's
  (``context.route``), not the page's: it also sees popups a page opens.
* ``site`` is such a page at 1280×800 in the light palette; ``axe_source`` is axe-core from
  node_modules. Screenshots go to test-output/screenshots/ (``OpenedPage.screenshot``).

Every test in this folder belongs to the xdist group "browser" so that they share one worker
(one build, one server, one Chromium); see ``pytestmark`` in each module.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

try:
    import playwright.sync_api as playwright_api
except ImportError as missing:  # a collection error, not a skip: the run fails and says why
    raise ImportError("Playwright is missing: `make test` installs it from requirements-dev.txt "
                      "(`.venv/bin/pip install -r requirements-dev.txt -c constraints.txt`)") from missing

ROOT = Path(__file__).resolve().parents[2]


def records(folder: str) -> dict[str, dict]:
    """content/<folder>/ read with plain YAML, public records only: what the pages must show, found independently."""
    records = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "content" / folder).glob("*.yml"))}
    return {key: record for key, record in records.items() if not record.get("internal")}


PARTNERS = records("partners")
PARTNER_COUNT = len(PARTNERS)


MAPPED_COUNTRIES = {record["country"] for record in PARTNERS.values()}
"""One map link per partner country: an outline, or a dot where the map data is too coarse for one."""
CHROMIUM_NAMES = ("chromium", "chromium-browser")  # the names `make browser` accepts, in its order
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
LOCAL_HOST = "127.0.0.1"
TIMEOUT_MS = 15_000

DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 812}

# One page of every kind the site has, by path below the site root.
PAGE_KINDS: dict[str, str] = {
    "home": "",
    "partners": "partners/",
    "partner": "partners/ghana/",
    "pids": "pids/",
    "pid": "pids/ghana/",
    "events": "events/",
    "event": "events/coordinators-workshop-2020/",
    "factors": "factors/",
    "factor": "factors/transparency/",
    "map": "map/",
    "resources": "resources/",
    "news": "news/",
    "post": "news/first-coordinators-workshop-2020/",
    "data": "data/",
    "editors": "editors/",
    "fields": "editors/fields/",
    "accessibility": "accessibility/",
    "fr-home": "fr/",
    "fr-partner": "fr/partners/ghana/",
}


# --------------------------------------------------------------------------- xdist groups


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Make ``--dist loadgroup`` group again under pytest 9.2.

    pytest-xdist 3.8 groups a test by renaming it ``<nodeid>@<group>`` through ``item._nodeid``;
    pytest 9.2 keeps the id in ``item._id`` (a ``NodeId``) instead, so the rename is lost and
    every test of the "browser" group would build, serve and launch its own copy on each worker.
    This does the same rename through the new attribute, only where xdist's did not take.
    """
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import NodeId  # pytest >= 9.2; older pytest never gets here without xdist's rename

    for item in items:
        groups = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                         for mark in item.iter_markers("xdist_group")})
        if groups and "@" not in item.nodeid and hasattr(item, "_id"):
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(groups)}")


# --------------------------------------------------------------------------- server


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from ``directory``; a missing file is answered with the site's 404 page."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        pass  # keep the test output readable

    def _not_found_page(self) -> Path | None:
        """``<language>/404.html`` below a language folder (``/fr/…``), else the root ``404.html``."""
        root = Path(self.directory)
        first = urlsplit(self.path).path.lstrip("/").split("/", 1)[0]
        for candidate in ([root / first / "404.html"] if first not in ("", ".", "..") else []) + [root / "404.html"]:
            if candidate.is_file():
                return candidate
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self._not_found_page() if code == HTTPStatus.NOT_FOUND else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A browser that navigates away mid-download closes the connection: not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yields the base URL (ending in ``/``)."""
    server = SiteServer((LOCAL_HOST, 0), partial(SiteHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name=f"site-server-{folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOCAL_HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def server_process(command: list[str], *, port: int, cwd: Path, env: dict[str, str], timeout: float = 120) -> Iterator[None]:
    """A local server (decap-server, `mkdocs serve`) running while the block runs: ready once it accepts
    connections on ``port`` (or failed: then say why), stopped afterwards."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {process.returncode}")
            with socket.socket() as client:
                if client.connect_ex((LOCAL_HOST, port)) == 0:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not start")
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL of the real site (built once per session with --strict), served locally."""
    with serve(built_site) as url:
        yield url


# --------------------------------------------------------------------------- browser


def find_chromium() -> Path | None:
    """Chromium as ``make browser`` finds it: the first of ``chromium``, ``chromium-browser`` on PATH."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


CHROMIUM = find_chromium() or Path("/usr/bin/chromium")  # where Debian installs it; ``chromium_path`` fails if absent


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    found = find_chromium()
    if found is None:
        pytest.fail("Chromium is missing: neither `chromium` nor `chromium-browser` is on PATH; "
                    "`make browser` (part of `make test`) installs Debian's chromium", pytrace=False)
    return found


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[playwright_api.Browser]:
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def is_local(url: str) -> bool:
    """True for 127.0.0.1 and for URLs that never touch the network (data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return parts.hostname == LOCAL_HOST


@dataclass
class PageLog:
    """What a page did that a reader would not want: errors, dialogs, requests to other hosts."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def foreign(self, url: str) -> None:
        if url not in self.foreign_requests:
            self.foreign_requests.append(url)

    def problems(self, *, console: bool = True, requests: bool = True) -> list[str]:
        found = [f"dialog: {d}" for d in self.dialogs]
        found += [f"request to another host: {u}" for u in self.foreign_requests]
        if requests:
            found += [f"failed request: {r}" for r in self.failed_requests]
        found += [f"uncaught exception: {e}" for e in self.page_errors]
        if console:
            found += [f"console error: {e}" for e in self.console_errors]
        return found

    def assert_clean(self, *, console: bool = True, requests: bool = True) -> None:
        problems = self.problems(console=console, requests=requests)
        assert not problems, "\n".join(problems)


_SETTLE = """() => Promise.all(document.getAnimations()
  .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
  .map(a => a.finished.catch(() => null)))"""


@dataclass
class OpenedPage:
    page: playwright_api.Page
    log: PageLog
    base_url: str

    def goto(self, path: str, *, status: int = 200) -> playwright_api.Response:
        """Open ``path`` (relative to the site root) and wait until the page has loaded."""
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None, path
        assert response.status == status, f"{path}: HTTP {response.status}"
        self.settle()
        return response

    def settle(self) -> None:
        """Wait for the CSS transitions running now (Material fades its tabs in after loading)."""
        self.page.evaluate(_SETTLE)

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=full_page)
        return target


PageFactory = Callable[..., OpenedPage]


class Contexts:
    """One browser context per (viewport, colour scheme), shared by the tests of a session.

    A context per test would cost a fresh HTTP cache and ~0.3 s each; the tests never change
    storage themselves (Material remembers the palette of the first page, which is the context's
    colour scheme anyway), and each gets its own page. Requests to another host are aborted
    by the context's router and recorded in the log of the page that made them (of every open
    page of the context when the request has no page, e.g. from a worker).
    """

    def __init__(self, browser: playwright_api.Browser) -> None:
        self.browser = browser
        self.contexts: dict[tuple[int, int, str, bool], playwright_api.BrowserContext] = {}
        self.logs: dict[playwright_api.Page, PageLog] = {}

    def _foreign(self, context: playwright_api.BrowserContext, request: playwright_api.Request) -> None:
        try:
            page: playwright_api.Page | None = request.frame.page
        except Exception:  # a request from a worker has no frame
            page = None
        for opened, log in list(self.logs.items()):
            if opened == page or (page is None and opened.context == context):
                log.foreign(request.url)

    def context(self, viewport: dict[str, int], color_scheme: str, javascript: bool = True) -> playwright_api.BrowserContext:
        key = (viewport["width"], viewport["height"], color_scheme, javascript)
        if key not in self.contexts:
            context = self.browser.new_context(viewport=viewport, color_scheme=color_scheme, service_workers="block",
                                               java_script_enabled=javascript)
            context.set_default_timeout(TIMEOUT_MS)

            def route(route: playwright_api.Route) -> None:
                if is_local(route.request.url):
                    route.continue_()
                else:
                    self._foreign(context, route.request)
                    route.abort("blockedbyclient")

            context.route("**/*", route)
            # Belt and braces: requests the router does not see are still recorded.
            context.on("request", lambda request: None if is_local(request.url) else self._foreign(context, request))
            self.contexts[key] = context
        return self.contexts[key]

    def open(self, viewport: dict[str, int], color_scheme: str, base_url: str, javascript: bool = True) -> OpenedPage:
        """A new page that records console errors, uncaught exceptions, dialogs and foreign requests."""
        log = PageLog()

        def on_console(message: playwright_api.ConsoleMessage) -> None:
            if message.type != "error":
                return
            where = message.location.get("url", "") if message.location else ""
            log.console_errors.append(f"{message.text} ({where})")

        def on_response(response: playwright_api.Response) -> None:
            if response.status >= 400:
                log.failed_requests.append(f"HTTP {response.status} {response.url}")

        def on_request_failed(request: playwright_api.Request) -> None:
            # Requests to other hosts are aborted on purpose, and logged as such; ERR_ABORTED is the
            # browser cancelling a request itself (the page navigated away before its favicon came).
            if is_local(request.url) and request.failure != "net::ERR_ABORTED":
                log.failed_requests.append(f"{request.failure} {request.url}")

        def on_dialog(dialog: playwright_api.Dialog) -> None:
            log.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page = self.context(viewport, color_scheme, javascript).new_page()
        self.logs[page] = log
        page.on("console", on_console)
        page.on("pageerror", lambda error: log.page_errors.append(str(error)))
        page.on("response", on_response)
        page.on("requestfailed", on_request_failed)
        page.on("dialog", on_dialog)
        return OpenedPage(page, log, base_url)

    def close_page(self, opened: OpenedPage) -> None:
        self.logs.pop(opened.page, None)
        opened.page.close()

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


@pytest.fixture(scope="session")
def contexts(browser: playwright_api.Browser) -> Iterator[Contexts]:
    shared = Contexts(browser)
    yield shared
    shared.close()


@pytest.fixture
def open_page(contexts: Contexts, site_url: str) -> Iterator[PageFactory]:
    """``open_page(viewport=, color_scheme=, base_url=, javascript=)``: a new recording page, closed after the test."""
    opened: list[OpenedPage] = []

    def factory(*, viewport: dict[str, int] | None = None, color_scheme: str = "light",
                base_url: str | None = None, javascript: bool = True) -> OpenedPage:
        page = contexts.open(viewport or DESKTOP, color_scheme, base_url or site_url, javascript)
        opened.append(page)
        return page

    yield factory
    for page in opened:
        contexts.close_page(page)


@pytest.fixture
def site(open_page: PageFactory) -> OpenedPage:
    """A recording page on the real site at 1280×800, light palette."""
    return open_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("axe-core is missing (node_modules/axe-core/axe.min.js): `make test` runs `npm ci`, which installs it",
                    pytrace=False)
    return AXE.read_text(encoding="utf-8")
