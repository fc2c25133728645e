"""What each kind of page of the real, built site shows — content, not only existence.

Every expected figure, name and list is computed from the YAML records read directly with
``yaml.safe_load`` (``Records`` below) and from Babel for country names and dates — never
through the generator's own load/validate/resolve/localize stages, so a bug in those shows
as a difference instead of on both sides. Counts and names are derived, never fixed: adding
partners, events, news or regions breaks no test here, but a page that stops showing what
its records say does.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml
from babel import Locale
from babel.dates import format_date
from conftest import ROOT
from html_dom import HtmlElement, elements, one, parse_file, select, text_of

ATOM = "{http://www.w3.org/2005/Atom}"


# --- reading pages -------------------------------------------------------------------------------


def section(node: HtmlElement, heading: str) -> list[HtmlElement]:
    """The elements after the <h2> whose text is ``heading``, up to the next <h2> (within the same parent)."""
    for h2 in select(node, "h2"):
        if text_of(h2).rstrip("¶").strip() == heading:
            out: list[HtmlElement] = []
            for sibling in h2.itersiblings():
                if not isinstance(sibling.tag, str):
                    continue  # a comment
                if sibling.tag == "h2":
                    break
                out.append(sibling)
            return out
    raise AssertionError(f"no section {heading!r}; headings: {[text_of(h) for h in select(node, 'h2')]}")


def links(node: HtmlElement) -> list[tuple[str, str]]:
    """(href, text) of every link in ``node``."""
    return [(a.get("href", ""), text_of(a)) for a in select(node, "a")]


@dataclass
class Page:
    url: str  # site-relative directory URL, e.g. "partners/ghana/"
    dom: HtmlElement

    @property
    def article(self) -> HtmlElement:
        """The page's content (Material's ``div.md-content``; a blog index holds several <article>s)."""
        return one(self.dom, "div.md-content")

    def resolve(self, href: str) -> str:
        """A relative href of this page as a site-relative path (no fragment)."""
        target = href.split("#", 1)[0]
        if not target:
            return self.url
        path = posixpath.normpath(posixpath.join(self.url, target))
        assert not path.startswith(".."), f"{href} leaves the site from {self.url}"
        return "" if path == "." else path + ("/" if target.endswith("/") else "")


# --- the records, read independently of the generator --------------------------------------------


Record = dict[str, Any]


def text(value: Any, lang: str) -> str:
    """A translatable text in ``lang``: ``{en, fr}`` (French falls back to English) or a plain string."""
    if isinstance(value, dict):
        return value.get(lang) or value["en"]
    return str(value)


def month(value: str, lang: str) -> str:
    """A ``YYYY-MM`` (or ``YYYY``) partial date as readers see it: "January 2019", "janvier 2019"."""
    year, _, number = str(value).partition("-")
    return format_date(dt.date(int(year), int(number), 1), "LLLL y", locale=lang) if number else year


def map_countries() -> frozenset[str]:
    """Country codes the world map can draw: the ``<g class="xx country">`` shapes of pygal_maps_world's SVG."""
    import importlib.resources

    svg = importlib.resources.files("pygal_maps_world").joinpath("worldmap.svg").read_text(encoding="utf-8")
    return frozenset(code.upper() for code in re.findall(r'class="([a-z]{2}) country', svg))


def as_day(value: Any) -> Any:
    """A quoted "YYYY-MM-DD" (records quote dates so that YAML 1.1 cannot misread them) as the day it names."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return dt.date.fromisoformat(value)
    return value


def day_known(value: Any) -> bool:
    """A date written YYYY-MM-DD (YAML reads it as a date); YYYY-MM is a month whose day the sources do not give."""
    return isinstance(value, dt.date)


def first_day(value: Any) -> dt.date:
    """The earliest day a date or a month can mean: what lists sort by."""
    if day_known(value):
        return value
    year, number = str(value).split("-")
    return dt.date(int(year), int(number), 1)


def shown_when(value: Any, lang: str) -> str:
    """A figure's date at its precision: a year, a month or a day."""
    return str(value) if re.fullmatch(r"[0-9]{4}", str(value)) else shown_date(value, lang)


def shown_date(value: Any, lang: str) -> str:
    """A day as a long date, a month as the month: never a day made up."""
    return format_date(value, "long", locale=lang) if day_known(value) else month(value, lang)


@dataclass
class Records:
    """content/ as YAML, public records only (``internal: true`` ones are never published)."""

    root: Path
    kinds: dict[str, dict[str, Record]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for folder in sorted(p for p in (self.root / "content").iterdir() if p.is_dir()):
            records = {}
            for path in sorted(folder.glob("*.yml")):
                record = yaml.safe_load(path.read_text(encoding="utf-8"))
                if not record.get("internal"):
                    records[path.stem] = {"id": path.stem, **{key: as_day(value) for key, value in record.items()}}
            self.kinds[folder.name] = records

    @property
    def partners(self) -> dict[str, Record]:
        return self.kinds["partners"]

    @property
    def events(self) -> dict[str, Record]:
        return self.kinds["events"]

    @property
    def news(self) -> dict[str, Record]:
        return self.kinds["news"]

    @property
    def regions(self) -> dict[str, Record]:
        return self.kinds["regions"]

    def name(self, partner_id: str, lang: str = "en") -> str:
        """The partner's name: the editor's translation, else CLDR's (Babel's) name of its country."""
        name = self.partners[partner_id]["name"]
        if isinstance(name, dict) and name.get(lang):
            return name[lang]
        english = name["en"] if isinstance(name, dict) else name
        return english if lang == "en" else Locale(lang).territories[self.partners[partner_id]["country"]]

    def partners_sorted(self) -> list[Record]:
        return sorted(self.partners.values(), key=lambda p: (self.name(p["id"]).casefold(), p["id"]))

    def events_sorted(self) -> list[Record]:
        return sorted(self.events.values(), key=lambda e: (first_day(e["start"]), first_day(e.get("end") or e["start"]), e["id"]))

    def news_sorted(self) -> list[Record]:
        return sorted(self.news.values(), key=lambda n: (first_day(n["date"]), n["id"]), reverse=True)

    def factors_sorted(self) -> list[Record]:
        return sorted(self.kinds["factors"].values(), key=lambda f: (f["number"], f["id"]))

    def related(self, event_id: str) -> list[str]:
        """Events related either way (an event names the other, or is named by it), by start date."""
        ids = set(self.events[event_id].get("related") or [])
        ids |= {e["id"] for e in self.events.values() if event_id in (e.get("related") or [])}
        return [e["id"] for e in sorted((self.events[i] for i in ids if i in self.events), key=lambda e: first_day(e["start"]))]

    def factors_addressed(self) -> set[str]:
        """Factors named by an outcome of a published PID of a public partner."""
        return {factor for pid in self.kinds["pids"].values()
                if pid.get("status") != "not-published" and pid["partner"] in self.partners
                for outcome in pid.get("specific_outcomes") or [] for factor in outcome.get("arusha_factors") or []}


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built_site: Path) -> Records:
    """The records behind the built site, read straight from its content/ folder."""
    return Records(built_site.parent)


@pytest.fixture(scope="module")
def page(built_site: Path):
    @cache
    def load(url: str) -> Page:
        path = built_site / url / "index.html" if url.endswith("/") or not url else built_site / url
        assert path.is_file(), f"{url} was not built"
        return Page(url, parse_file(path))

    return load


# --- home ---------------------------------------------------------------------------------------


def test_home_figures_are_computed_from_the_records(page, site: Records) -> None:
    home = page("")
    figures = {text_of(one(a, "span.acip-figure__label")): (int(text_of(one(a, "span.acip-figure__value"))), a.attrib["href"])
               for a in select(home.article, "a.acip-figure")}
    regions = {p["region"] for p in site.partners.values() if p.get("region")}
    totals = [f for f in site.kinds["figures"].values() if f.get("kind", "total") == "total"]
    latest = max(totals, key=lambda f: str(f["date"]))  # YYYY, YYYY-MM and YYYY-MM-DD sort as text
    assert figures == {
        "administrations since 2019 (counted from the partner records)": (len(site.partners), "partners/"),
        f"{text(latest['counts'], 'en')}, {shown_when(latest['date'], 'en')}": (latest["count"], "partners/#over-time"),
        "WCO regions of the partners": (len(regions), "partners/"),
        "events": (len(site.events), "events/"),
        "donors": (len(site.kinds["donors"]), "resources/#donors"),
    }
    assert site.partners and regions and site.events
    assert (latest["count"], str(latest["date"])) == (16, "2025-03")  # the latest dated count a source gives


def test_every_partner_is_on_the_map_and_the_home_page_links_to_it(page, site: Records) -> None:
    for lang, prefix in (("en", ""), ("fr", "fr/")):
        svg = one(page(f"{prefix}map/").article, "svg.acip-map")
        links = {a.attrib["href"]: a.get("aria-label") for a in select(svg, "a.acip-map__partner")}
        assert links == {f"../partners/{pid}/": site.name(pid, lang) for pid in site.partners}, lang
        home = page(prefix).article
        assert not select(home, "svg.acip-map"), "the home page links to the map rather than carry its weight"
        assert select(home, 'a[href="map/"]'), lang
    drawn = {a.get("aria-label"): a for a in select(one(page("map/").article, "svg.acip-map"), "a.acip-map__partner")}
    assert "AG" not in map_countries()
    assert select(drawn["Antigua and Barbuda"], "circle.acip-map__dot"), "no outline in the map data: a dot at its location"


def test_home_lists_the_latest_news(page, site: Records) -> None:
    items = [li for block in section(page("").article, "Latest news") for li in select(block, "li")]
    latest = site.news_sorted()[:3]
    assert [(one(li, "a").attrib["href"], text_of(one(li, "a"))) for li in items] == [(f"news/{n['id']}/", text(n["title"], "en")) for n in latest]
    assert all(shown_date(n["date"], "en") in text_of(li) for n, li in zip(latest, items, strict=True))


# --- partners -----------------------------------------------------------------------------------


def test_partners_index_has_a_row_per_partner(page, site: Records) -> None:
    table = one(page("partners/").article, "div#acip-partners table")
    rows = select(one(table, "tbody"), "tr")
    assert len(rows) == len(site.partners)
    seen = []
    for row in rows:
        cells = select(row, "td")
        href = one(cells[1], "a").attrib["href"]
        partner = site.partners[href.strip("/")]
        seen.append(partner["id"])
        assert text_of(cells[1]) == site.name(partner["id"])
        assert text_of(cells[2]) == (text(site.regions[partner["region"]]["name"], "en") if partner.get("region") else "not stated")
        assert text_of(cells[3]) == str(partner["cohort"])
        assert text_of(cells[4]) == month(partner["joined"], "en")
    assert seen == [p["id"] for p in site.partners_sorted()]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_partner_named_in_every_language_names_its_country(page, site: Records, lang: str) -> None:
    """A record that gives its name in both languages (Palestine, as the WCO writes it) names the country too; else CLDR."""
    prefix = "" if lang == "en" else f"{lang}/"
    for partner in site.partners.values():
        named = isinstance(partner["name"], dict) and {"en", "fr"} <= set(partner["name"])
        expected = partner["name"][lang] if named else Locale(lang).territories[partner["country"]]
        article = page(f"{prefix}partners/{partner['id']}/").article
        facts = dict(zip(map(text_of, select(one(article, "dl.acip-facts"), "dt")),
                         map(text_of, select(one(article, "dl.acip-facts"), "dd")), strict=True))
        assert facts["Country" if lang == "en" else "Pays"] == expected, partner["id"]
    assert site.name("palestine", "fr") == "Palestine"


def test_partner_page_derives_events_and_news(page, site: Records) -> None:
    ghana = page("partners/ghana/")
    article = ghana.article
    assert text_of(one(article, "h1")).rstrip("¶").strip().endswith(site.name("ghana"))
    facts = {text_of(dt_): text_of(dd) for dt_, dd in zip(select(one(article, "dl.acip-facts"), "dt"),
                                                          select(one(article, "dl.acip-facts"), "dd"), strict=True)}
    record = site.partners["ghana"]
    assert facts["Country"] == Locale("en").territories[record["country"]]
    assert facts["WCO region"] == text(site.regions[record["region"]]["name"], "en")
    assert facts["Cohort"] == str(record["cohort"])
    events = [ghana.resolve(href) for block in section(article, "Events") for href, _ in links(block)]
    expected = [f"events/{e['id']}/" for e in site.events_sorted() if "ghana" in (e.get("participants") or [])]
    assert events == expected
    assert {"events/launch-cbc-isc-2019/", "events/coordinators-workshop-2020/", "events/isc-2020/"} <= set(events)
    news = [(ghana.resolve(href), shown) for block in section(article, "News") for href, shown in links(block)]
    assert news == [(f"news/{n['id']}/", text(n["title"], "en")) for n in site.news_sorted() if "ghana" in (n.get("partners") or [])]
    assert news, "the 2019 launch and the 2020 workshop posts mention Ghana"


def test_partner_page_edit_link_opens_its_record(page) -> None:
    edit = one(page("partners/ghana/").dom, 'a[rel="edit"]')
    assert edit.attrib["href"].endswith("/content/partners/ghana.yml")
    assert one(page("fr/partners/ghana/").dom, 'a[rel="edit"]').attrib["href"].endswith("/content/partners/ghana.yml")


def test_unpublished_pid_says_so(page, site: Records) -> None:
    assert site.kinds["pids"]["ghana"]["status"] == "not-published"
    article = page("pids/ghana/").article
    note = one(article, "div.admonition")
    assert text_of(one(note, "p.admonition-title")) == "Not published"
    assert "has not been published" in text_of(note)
    assert text_of(one(article, "span.acip-status")) == "not published"
    assert not [h for h in select(article, "h2") if text_of(h).startswith(("General outcome", "Specific outcomes"))]
    partner_page = page("partners/ghana/").article
    assert "has not been published" in " ".join(text_of(b) for b in section(partner_page, "Project Information Document"))


# --- events -------------------------------------------------------------------------------------


def test_workshop_links_participants_and_related_event(page, site: Records) -> None:
    workshop = page("events/coordinators-workshop-2020/")
    participants = [workshop.resolve(href) for block in section(workshop.article, "Participants") for href, _ in links(block)]
    record = site.events["coordinators-workshop-2020"]
    assert participants == [f"partners/{p}/" for p in record["participants"]]
    assert len(set(participants)) == len(record["participants"])
    related = [workshop.resolve(h) for block in section(workshop.article, "Related events") for h, _ in links(block)]
    assert related == [f"events/{e}/" for e in site.related("coordinators-workshop-2020")]
    assert "events/isc-2020/" in related
    day = f"{record['start']:%B} {record['start'].day}"
    assert day in text_of(workshop.article) or f"{record['start']:%b} {record['start'].day}" in text_of(workshop.article)
    isc = page("events/isc-2020/")
    back = [isc.resolve(h) for block in section(isc.article, "Related events") for h, _ in links(block)]
    assert back == [f"events/{e}/" for e in site.related("isc-2020")]
    assert "events/coordinators-workshop-2020/" in back


def test_every_event_links_its_related_events_both_ways(page, site: Records) -> None:
    """An event named as related by another links back to it, though its own record need not say so."""
    for event_id in site.events:
        article = page(f"events/{event_id}/")
        expected = [f"events/{e}/" for e in site.related(event_id)]
        headings = [text_of(h).rstrip("¶").strip() for h in select(article.article, "h2")]
        if not expected:
            assert "Related events" not in headings, event_id
            continue
        shown = [article.resolve(h) for block in section(article.article, "Related events") for h, _ in links(block)]
        assert shown == expected, event_id


def test_events_index_lists_every_event(page, site: Records) -> None:
    index = page("events/")
    linked = {index.resolve(h) for h, _ in links(index.article) if "events/" in index.resolve(h)}
    assert {f"events/{e}/" for e in site.events} <= linked


# --- factors and resources ----------------------------------------------------------------------


def test_factor_pages(page, site: Records) -> None:
    index = page("factors/")
    items = select(one(index.article, "ol"), "li")
    factors = site.factors_sorted()
    assert len(items) == len(factors)
    for item, factor in zip(items, factors, strict=True):
        assert one(item, "a").attrib["href"] == f"{factor['id']}/"
        assert text_of(one(item, "a")) == text(factor["name"], "en")
    addressed = site.factors_addressed()
    for factor in factors:
        article = page(f"factors/{factor['id']}/").article
        assert text_of(one(article, "h1")).rstrip("¶").strip() == f"{factor['number']}. {text(factor['name'], 'en')}"
        shown = " ".join(text_of(b) for b in section(article, "Outcomes that address it"))
        assert (factor["id"] in addressed) != ("No published outcome addresses this factor yet" in shown), factor["id"]


def test_resources_page_lists_tools_factors_and_donors(page, site: Records) -> None:
    article = page("resources/").article
    ids = {h.get("id"): text_of(h).rstrip("¶").strip() for h in select(article, "h3")}
    for tool in site.kinds["tools"].values():
        assert ids[tool["id"]] == f"{text(tool['name'], 'en')} ({text(tool['short_name'], 'en')})"
    assert {"idg", "arusha-declaration", "cips"} <= set(ids)
    for donor in site.kinds["donors"].values():
        assert ids[f"donor-{donor['id']}"] == f"{text(donor['name'], 'en')} ({donor['short_name']})"
    assert {"donor-norad", "donor-canada"} <= set(ids)
    assert select(article, "h2#donors"), "the donors' section has its anchor"
    factor_links = [h for h, _ in links(article) if h.startswith("../factors/")]
    assert factor_links == [f"../factors/{f['id']}/" for f in site.factors_sorted()]


# --- news ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("post_id", ["programme-launched-2019", "first-coordinators-workshop-2020"])
def test_news_post(page, site: Records, post_id: str) -> None:
    post = site.news[post_id]
    article = page(f"news/{post_id}/").article
    assert text_of(one(article, "h1")).rstrip("¶").strip() == text(post["title"], "en")
    assert text(post["summary"], "en").split(",")[0].strip() in text_of(article)
    linked = {h.split("/")[-2] for h, _ in links(article) if "/partners/" in h}
    assert linked == set(post.get("partners") or [])
    index = page("news/")
    assert f"{post_id}/" in {h for h, _ in links(index.article)}
    # "Partners mentioned", "Events" and "Sources" are paragraphs of their own, not one run-on line
    labels = {text_of(one(p, "strong")): p for p in select(article, "p") if select(p, "strong")}
    for label in ("Partners mentioned:", "Events:", "Sources:"):
        assert label in labels and text_of(labels[label]).startswith(label), (label, list(labels))


def test_not_found_page(built_site: Path) -> None:
    page = parse_file(built_site / "404.html")
    assert "404" in text_of(one(page, "h1"))
    assert (built_site / "fr" / "404.html").is_file()


def test_every_page_has_a_description(built_site: Path) -> None:
    missing = []
    for path in sorted(built_site.rglob("*.html")):
        metas = select(parse_file(path), 'meta[name="description"]')
        if len(metas) != 1 or not metas[0].get("content", "").strip():
            missing.append(path.relative_to(built_site).as_posix())
    assert not missing
    ghana = parse_file(built_site / "partners/ghana/index.html")
    assert one(ghana, 'meta[name="description"]').attrib["content"] == "Partner administration of the A-CIP Programme: Ghana"


_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


def test_nothing_is_escaped_twice(built_site: Path) -> None:
    """After one decoding (the browser's), no text or attribute still holds an entity such as &#x27; or &amp;."""
    found = []
    for path in sorted(built_site.rglob("*.html")):
        for element in elements(parse_file(path)):
            if element.tag in ("script", "style"):
                continue
            values = [v for k, v in element.items() if k not in ("href", "src")]
            values += [element.text or "", *(child.tail or "" for child in element)]  # its own text, comments' tails too
            found += [(path.relative_to(built_site).as_posix(), element.tag, v.strip()[:120]) for v in values if _ENTITY.search(v)]
    assert not found, found[:20]


# --- French -------------------------------------------------------------------------------------


def test_french_pages_are_french(page, site: Records) -> None:
    for url in ("fr/", "fr/partners/", "fr/partners/ghana/", "fr/events/coordinators-workshop-2020/"):
        assert one(page(url).dom, "html").attrib["lang"] == "fr", url
    assert one(page("partners/ghana/").dom, "html").attrib["lang"] == "en"
    rows = select(one(one(page("fr/partners/").article, "table"), "tbody"), "tr")
    assert [text_of(select(row, "td")[1]) for row in rows] == [site.name(p["id"], "fr") for p in site.partners_sorted()]
    assert site.name("ethiopia", "fr") == "Éthiopie"  # CLDR's name, not the record's English one
    assert "Éthiopie" in text_of(page("fr/partners/").article)
    ghana = text_of(page("fr/partners/ghana/").article)
    assert "février 2020" in ghana
    assert month(site.partners["ghana"]["joined"], "fr") in ghana  # joined
    assert "Région OMD" in ghana


def test_language_switcher_keeps_the_page(page) -> None:
    english = page("partners/ghana/")
    to_french = one(english.dom, 'a[data-acip-alternate="fr"]').attrib["href"]
    assert english.resolve(to_french) == "fr/partners/ghana/"
    french = page("fr/partners/ghana/")
    to_english = one(french.dom, 'a[data-acip-alternate="en"]').attrib["href"]
    assert french.resolve(to_english) == "partners/ghana/"


def test_every_page_has_a_twin_in_the_other_language(built_site: Path) -> None:
    # admin/ is the web editor: one for both languages, not a page of the site.
    every = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html") if not p.relative_to(built_site).as_posix().startswith("admin/")}
    english = {p for p in every if not p.startswith("fr/")}
    french = {p.relative_to(built_site / "fr").as_posix() for p in (built_site / "fr").rglob("*.html")}
    assert english == french
    assert len(english) > 60
    for name in sorted(every):
        lang = re.search(r'<html lang="([^"]+)"', (built_site / name).read_text(encoding="utf-8"))
        assert lang and lang[1] == ("fr" if name.startswith("fr/") else "en"), name


# --- feed, calendar, open data ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_feed_is_atom_with_one_entry_per_post(built_site: Path, site: Records, lang: str) -> None:
    root = ET.parse(built_site / ("feed.xml" if lang == "en" else "fr/feed.xml")).getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    entries = root.findall(f"{ATOM}entry")
    posts = [p for p in site.news_sorted() if day_known(p["date"])]  # a post dated only to its month has no Atom timestamp
    assert [e.findtext(f"{ATOM}id") for e in entries] == [f"urn:acip:news:{p['id']}" for p in posts]
    assert [e.findtext(f"{ATOM}title") for e in entries] == [text(p["title"], lang) for p in posts]
    for entry, post in zip(entries, posts, strict=True):
        assert entry.find(f"{ATOM}link").get("href").endswith(f"news/{post['id']}/")
        assert entry.findtext(f"{ATOM}updated") == f"{post['date'].isoformat()}T00:00:00Z"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_calendar_has_one_event_per_record(built_site: Path, site: Records, lang: str) -> None:
    calendar = icalendar.Calendar.from_ical((built_site / ("events.ics" if lang == "en" else "fr/events.ics")).read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    # An event known only to its month has no day to put in a calendar: it is left out.
    assert set(events) == {f"{e['id']}@acip-programme" for e in site.events.values() if day_known(e["start"])}
    for record in site.events.values():
        if not day_known(record["start"]):
            continue
        item = events[f"{record['id']}@acip-programme"]
        start, end = item.decoded("DTSTART"), item.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date  # all-day events
        assert start == record["start"]
        assert end == (record.get("end") or record["start"]) + dt.timedelta(days=1)  # DTEND is exclusive
        assert str(item["SUMMARY"]) == text(record["title"], lang)


def test_open_data_matches_the_records(built_site: Path, site: Records) -> None:
    data = json.loads((built_site / "data/partners.json").read_text(encoding="utf-8"))
    partners = sorted(site.partners.values(), key=lambda p: p["id"])
    assert [(r["id"], r["name"]["en"], r["country"]) for r in data] == [(p["id"], site.name(p["id"]), p["country"]) for p in partners]
    with (built_site / "data/partners.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["id"], r["name_en"], r["country"], r["cohort"]) for r in rows] == [
        (p["id"], site.name(p["id"]), p["country"], str(p["cohort"])) for p in partners]
    events = json.loads((built_site / "data/workshops.json").read_text(encoding="utf-8"))
    assert {e["id"]: e["participants"] for e in events} == {e["id"]: list(e.get("participants") or []) for e in site.events.values()}
    kinds = sorted(p.name.removesuffix(".schema.json") for p in (ROOT / "schemas").glob("*.schema.json"))
    assert kinds, "the committed JSON Schemas (schemas/) name every kind of record"
    for kind in kinds:
        schema = json.loads((built_site / f"data/schemas/{kind}.schema.json").read_text(encoding="utf-8"))
        assert schema["$schema"].startswith("https://json-schema.org/")
        assert schema["type"] == "object"
    assert (built_site / "data/index.html").is_file()


def _keys(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def test_open_data_has_no_private_fields(built_site: Path) -> None:
    for path in sorted((built_site / "data").glob("*.json")):
        keys = set(_keys(json.loads(path.read_text(encoding="utf-8"))))
        assert not keys & {"notes", "contact", "internal", "origin"}, path.name
    for path in sorted((built_site / "data").glob("*.csv")):
        header = next(csv.reader(path.open(encoding="utf-8")))
        assert not set(header) & {"notes", "contact", "internal", "origin"}, path.name
