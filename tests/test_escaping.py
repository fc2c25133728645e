"""Record text is data, never markup: the hostile site (tests/hostile.py) builds and shows its payloads as text.

One hostile build is shared by every test of this module — and by both xdist workers, through a
lock in the run's shared temporary folder. The real site (``built_site``) is the reference for what
markup the theme itself emits: its script tags and its set of element names.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import icalendar
import pytest
import yaml
from conftest import copy_project, run_generator
from hostile import HOSTILE, LONG_BRACKETS, hostile_records, write_hostile_content
from html_dom import HtmlElement, elements, fragment, parse, text_of

from generator.typography import french

ATOM = "{http://www.w3.org/2005/Atom}"
URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "action", "formaction", "poster", "data", "srcset"})
BAD_SCHEME = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
HOSTILE_PAGES = ("partners/atlantis/", "pids/atlantis/", "events/coordinators-workshop-2020/",
                 "news/first-coordinators-workshop-2020/", "", "partners/", "pids/", "map/", "events/",
                 "news/", "factors/transparency/", "resources/", "events/isc-2020/")


# The hostile partner is fictitious (its PID invents content): its pages are compared with a real partner's.
COUNTERPARTS = {f"{lang}{kind}/atlantis/index.html": f"{lang}{kind}/ghana/index.html" for lang in ("", "fr/") for kind in ("partners", "pids")}


# --- the shared hostile build -------------------------------------------------------------------


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's temporary folder, shared by all xdist workers (each worker's own basetemp otherwise)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project whose records carry every payload, built with --strict: built once per test run."""
    folder = _shared_folder(tmp_path_factory) / "hostile-site"
    with open(f"{folder}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "BUILT").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            root = copy_project(folder / "project")
            write_hostile_content(root)
            result = run_generator(root, "site", "--strict")
            assert result.returncode == 0, f"the hostile site must build:\n{result.stderr}"
            (folder / "BUILT").write_text("ok")
    yield folder / "project"


@pytest.fixture(scope="module")
def hostile_site(hostile_root: Path) -> Path:
    return hostile_root / "site"


# --- HTML scanning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scan:
    """Tags, attributes, scripts, headings and text of one page (or of one piece of HTML)."""

    tags: list[tuple[str, list[tuple[str, str]]]]  # every element in document order, its attributes as written
    scripts: list[tuple[tuple[tuple[str, str], ...], str]]  # each <script>: its sorted attributes, its body
    headings: list[tuple[str, str]]  # (h1…h6, text without the permalink's ¶)
    visible: str  # all text but scripts' bodies, white space collapsed


def _scan(root: HtmlElement, found: list[HtmlElement]) -> Scan:
    scripts = [(tuple(sorted(e.items())), e.text or "") for e in found if e.tag == "script"]
    headings = [(e.tag, text_of(e, skip=("script",)).rstrip("¶").strip()) for e in found if re.fullmatch(r"h[1-6]", e.tag)]
    return Scan([(e.tag, list(e.items())) for e in found], scripts, headings, text_of(root, skip=("script",)))


def scan(html: str) -> Scan:
    """A whole page."""
    root = parse(html)
    return _scan(root, elements(root))


def scan_fragment(html: str) -> Scan:
    """A piece of HTML, such as a search index entry: its elements only, not the <div> that holds them."""
    root = fragment(html)
    return _scan(root, elements(root)[1:])


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def hostile_pages(hostile_site: Path) -> dict[str, Scan]:
    return {path: scan(html) for path, html in _pages(hostile_site).items()}


@pytest.fixture(scope="module")
def real_pages(built_site: Path) -> dict[str, Scan]:
    return {path: scan(html) for path, html in _pages(built_site).items()}


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


# --- the payloads are shown, not run ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["", "fr/"])
def test_payloads_are_shown_as_text(hostile_site: Path, lang: str) -> None:
    """Escaping must not drop the text either: the reader sees exactly what the editor wrote.

    French pages show French texts with French typography (a space before ';', ’ for '), nothing else changed.
    """
    def shown(text: str) -> str:  # as ``visible`` reads it: white space (no-break spaces too) collapsed
        return re.sub(r"\s+", " ", french(text) if lang else text)

    partner = scan(_page(hostile_site, f"{lang}partners/atlantis/")).visible
    for payload in ('"><img src=x onerror=alert(1)>', "javascript:alert(1)", "[click](javascript:alert(1))",
                    '--8<-- "mkdocs.yml"', "{{ config }}", "{% raw %}", "&lt;script&gt;alert(1)&lt;/script&gt;",
                    '![x](x" onerror="alert(1))', "<!-- x -->", '{: onclick="alert(1)" }'):
        assert payload in partner or shown(payload) in partner, payload
    assert f"# Heading injection {lang.rstrip('/') or 'en'}" in partner
    news = scan(_page(hostile_site, f"{lang}news/first-coordinators-workshop-2020/")).visible
    assert LONG_BRACKETS in news  # the 5,000-character run, whole
    for payload in HOSTILE:
        if payload != LONG_BRACKETS and "**" not in payload:  # rich text keeps **strong** on purpose
            assert payload in news or shown(payload) in news, payload


def test_published_pid_renders_outcomes_indicators_and_measures(hostile_site: Path) -> None:
    pid = scan(_page(hostile_site, "pids/atlantis/"))
    headings = [text for _, text in pid.headings]
    assert "General outcome" in headings and "Specific outcomes" in headings
    assert sum(1 for tag, _ in pid.tags if tag == "progress") == 2
    assert sum(1 for tag, _ in pid.tags if tag == "table") == 3  # one indicator table, two measure tables
    assert "12.5 (2019)" in pid.visible and "80 (2024)" in pid.visible
    assert "<script>alert(1)</script>" in pid.visible


def test_no_script_but_the_themes(hostile_pages: dict[str, Scan], real_pages: dict[str, Scan]) -> None:
    """Each page's scripts are exactly the real site's for that page: Material's bundle, its inline config, tables.js."""
    assert set(hostile_pages) == set(real_pages) | set(COUNTERPARTS)
    allowed = {script for page in real_pages.values() for script in page.scripts}
    for attrs, _ in allowed:
        src = dict(attrs).get("src")
        assert src is None or "assets/javascripts/" in src, src
    for path, page in hostile_pages.items():
        assert page.scripts == real_pages[COUNTERPARTS.get(path, path)].scripts, path
        assert set(page.scripts) <= allowed


def test_no_markup_the_theme_does_not_emit(hostile_pages: dict[str, Scan], real_pages: dict[str, Scan]) -> None:
    """No <img>, <iframe>, <style>, <abbr>…: only elements the real site has (plus the published PID's <progress>)."""
    real = {tag for page in real_pages.values() for tag, _ in page.tags}
    hostile = {tag for page in hostile_pages.values() for tag, _ in page.tags}
    assert hostile - real <= {"progress"}
    for path, page in hostile_pages.items():
        images = [dict(attrs).get("src", "") for tag, attrs in page.tags if tag == "img"]
        # Only the site's own images (the favicon, the editors' guide's screenshots), never one a record names.
        assert all(re.fullmatch(r"(/(fr/)?|(\.\./)*)assets/images/[a-z0-9-]+\.(svg|png)", src) for src in images), (path, images)


def test_no_event_handler_attributes(hostile_pages: dict[str, Scan]) -> None:
    handlers = [(path, tag, name) for path, page in hostile_pages.items()
                for tag, attrs in page.tags for name, _ in attrs if name.startswith("on")]
    assert not handlers


def test_no_javascript_or_data_urls(hostile_pages: dict[str, Scan]) -> None:
    bad = [(path, tag, name, value) for path, page in hostile_pages.items()
           for tag, attrs in page.tags for name, value in attrs
           if name in URL_ATTRIBUTES and BAD_SCHEME.match(re.sub(r"[\x00-\x20]", "", value))]
    assert not bad


def test_no_injected_headings(hostile_pages: dict[str, Scan]) -> None:
    """A payload '# Heading injection' never becomes a heading; the template's own h1 keeps the '#' as text."""
    injected = [(path, tag, text) for path, page in hostile_pages.items() for tag, text in page.headings
                if text.startswith("Heading injection")]
    assert not injected
    for url in HOSTILE_PAGES[:4]:
        page = hostile_pages[f"{url}index.html"]
        h1 = [text for tag, text in page.headings if tag == "h1"]
        assert len(h1) == 1, (url, h1)
    h1 = [text for tag, text in hostile_pages["partners/atlantis/index.html"].headings if tag == "h1"][0]
    assert "# Heading injection en" in h1


def test_no_admonition_or_attribute_injection(hostile_pages: dict[str, Scan]) -> None:
    """No '!!! danger' admonition, no attr_list attributes: payload text never lands in an attribute name or class."""
    for path, page in hostile_pages.items():
        for tag, attrs in page.tags:
            for name, value in attrs:
                assert re.fullmatch(r"[a-z][a-z0-9:-]*", name), (path, tag, name)
                if name == "class":
                    assert re.fullmatch(r"[A-Za-z0-9_ -]*", value) and "danger" not in value.split(), (path, tag, value)
                if "alert(1)" in value:  # payload text only where text belongs: labels, descriptions, titles
                    assert name in ("content", "aria-label", "title"), (path, tag, name, value[:100])


def test_title_and_description_carry_no_markup(hostile_site: Path) -> None:
    for url in HOSTILE_PAGES[:4]:
        for lang in ("", "fr/"):
            html = _page(hostile_site, lang + url)
            title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
            assert title, url
            assert "<" not in title[1] and ">" not in title[1], (url, title[1][:200])
            assert html.count("<title>") == 1 and html.count("</title>") == 1
            description = re.search(r'<meta name="description" content="([^"]*)"', html)
            assert description and "<" not in description[1], url
    title = re.search(r"<title>(.*?)</title>", _page(hostile_site, "partners/atlantis/"), re.DOTALL)
    assert title and "# Heading injection en ‹script›alert(1)‹/script›" in title[1]  # shown, brackets defused


def test_file_include_and_templates_are_not_expanded(hostile_site: Path, hostile_pages: dict[str, Scan]) -> None:
    config = (hostile_site.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name:" in config
    for path in sorted(hostile_site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".ics", ".csv"):
            text = path.read_text(encoding="utf-8")
            assert "site_name:" not in text, path
            assert "MkDocsConfig" not in text and "'site_name':" not in text, path
    partner = hostile_pages["partners/atlantis/index.html"]
    assert "{{ config }}" in partner.visible and '--8<-- "mkdocs.yml"' in partner.visible


def test_search_index_has_no_markup(hostile_site: Path) -> None:
    """Material shows search results as HTML: each document's title and text must hold escaped text only."""
    for index in (hostile_site / "search/search_index.json", hostile_site / "fr/search/search_index.json"):
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        found = False
        for doc in docs:
            for key in ("title", "text"):
                page = scan_fragment(doc[key])
                assert not page.scripts, (doc["location"], key)
                assert not [n for _, attrs in page.tags for n, _ in attrs if n.startswith("on")], (doc["location"], key)
                assert not [t for t, _ in page.tags if t in ("img", "svg", "iframe", "a", "style", "script")], (doc["location"], key)
                assert "<script" not in doc[key].lower() and "<img" not in doc[key].lower()
            found = found or "&lt;script&gt;alert(1)&lt;/script&gt;" in doc["text"]
        assert found, "the payloads reach the search index, escaped"


def test_other_formats_round_trip_the_payloads(hostile_site: Path) -> None:
    """Feed, calendar and open data escape through their own serialisers: the text comes back exactly."""
    records = dict(hostile_records())
    post, event, partner = (records["news/first-coordinators-workshop-2020.yml"], records["events/coordinators-workshop-2020.yml"],
                            records["partners/atlantis.yml"])
    feed = ET.parse(hostile_site / "feed.xml").getroot()
    entry = next(e for e in feed.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == "urn:acip:news:first-coordinators-workshop-2020")
    assert entry.findtext(f"{ATOM}title") == post["title"]["en"]
    assert entry.findtext(f"{ATOM}summary") == post["summary"]["en"].strip()
    calendar = icalendar.Calendar.from_ical((hostile_site / "fr/events.ics").read_bytes())
    item = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == "coordinators-workshop-2020@acip-programme")
    assert str(item["SUMMARY"]) == event["title"]["fr"]
    assert str(item["DESCRIPTION"]) == event["summary"]["fr"].strip()
    data = {r["id"]: r for r in json.loads((hostile_site / "data/partners.json").read_text(encoding="utf-8"))}
    assert data["atlantis"]["name"] == partner["name"]
    assert "contact" not in data["atlantis"] and "notes" not in data["atlantis"]


# --- validation rejects what must never reach a page ----------------------------------------------


def _line_of(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_script_urls_are_rejected_with_file_and_line(project: Path) -> None:
    content = project / "content"
    cases = {
        "partners/ghana.yml": ("website", "javascript:alert(1)"),
        "partners/nepal.yml": ("sources", ["https://example.org/ok", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="]),
        "donors/norad.yml": ("website", "JavaScript:alert(document.domain)"),
        "events/isc-2020.yml": ("sources", ["vbscript:msgbox(1)"]),
        "news/programme-launched-2019.yml": ("sources", ["https://example.org/\"onmouseover=\"alert(1)"]),
        "tools/cips.yml": ("website", "data:image/svg+xml,<svg onload=alert(1)>"),
    }
    for relative, (field, value) in cases.items():
        path = content / relative
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        record[field] = value
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1_000_000), encoding="utf-8")
    result = run_generator(project, "check")
    assert result.returncode == 1, result.stderr
    for relative, (field, value) in cases.items():
        bad = value if isinstance(value, str) else value[-1]
        line = _line_of(content / relative, bad[:12])
        pattern = rf"^content/{re.escape(relative)}:{line}:\d+: error: {field}(\[\d+\])?: .* is not an https, http or mailto URL"
        assert re.search(pattern, result.stderr, re.MULTILINE), (relative, line, result.stderr)
    assert "FAILED" in result.stderr
    site = run_generator(project, "build")
    assert site.returncode == 1 and "nothing was generated" in site.stderr
