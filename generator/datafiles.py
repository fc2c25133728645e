"""Stage 4b — non-page outputs: open data (JSON, CSV, JSON Schema), iCalendar and Atom.

Each format has its own serialiser (json, csv, icalendar, ElementTree), so
every value is escaped by the library that knows the format.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree as ET

from generator import localize, model, urls
from generator.resolve import Site
from generator.schema import KINDS, RecordKind

_HIDDEN = {"origin", "internal"}


def _private(item: dataclasses.Field[Any]) -> bool:
    """A field read from the records but never published (its value is always None)."""
    spec = item.metadata.get("spec")
    return spec is not None and spec.private


def plain(value: Any) -> Any:
    """A record as JSON-ready data: dates as ISO strings, texts as {en, fr}."""
    if isinstance(value, model.Localized):
        return value.texts()
    if isinstance(value, model.PartialDate):
        return value.iso()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in _HIDDEN and not _private(f)}
    if isinstance(value, (tuple, list)):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


def _records(site: Site, kind: RecordKind) -> list[model.Record]:
    return list(site.records[kind.name].values())


def _csv(rows: list[dict[str, Any]]) -> str:
    """Flat rows: texts split into a column per language (_en, _fr), lists joined by '; ', nested objects as JSON."""
    flat: list[dict[str, str]] = []
    for row in rows:
        out: dict[str, str] = {}
        for key, value in row.items():
            if isinstance(value, dict) and set(value) <= set(model.LANGUAGES):
                out.update((f"{key}_{lang}", value.get(lang, "")) for lang in model.LANGUAGES)
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                out[key] = "; ".join(value)
            elif isinstance(value, (list, dict)):
                out[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
            else:
                out[key] = "" if value is None else str(value)
        flat.append(out)
    columns: list[str] = []
    for row in flat:
        columns += [c for c in row if c not in columns]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in flat:
        # A leading = + - @ makes spreadsheets run a formula: neutralise it.
        writer.writerow({k: ("'" + v if v[:1] in ("=", "+", "-", "@") else v) for k, v in row.items()})
    return buffer.getvalue()


def open_data(site: Site) -> Iterator[tuple[str, str]]:
    for kind in KINDS:
        rows = [{"id": r.id, **plain(r)} for r in _records(site, kind)]
        # Compact: json's C encoder only runs without indent= (seconds at a hundred times the content).
        yield urls.data_file(kind, ".json"), json.dumps(rows if kind.folder else rows[0], ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        if kind.folder:
            yield urls.data_file(kind, ".csv"), _csv(rows)
        yield urls.schema_file(kind), json.dumps(kind.json_schema(), ensure_ascii=False, indent=2) + "\n"


def calendar(site: Site, lang: str, base_url: str, stamp: dt.datetime, name: str) -> bytes:
    """All events as iCalendar all-day events; stable UIDs so calendar apps update, not duplicate.

    An event known only to its month is left out: a calendar entry needs days, and a month-long
    entry would read as an event that lasted the whole month.
    """
    import icalendar  # here, not at the top: `check` never needs it and it takes ~80 ms to import

    cal = icalendar.Calendar()
    cal.add("prodid", "-//A-CIP Programme//Programme site//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    countries = localize.country_names(site.partners.values())
    for event in site.events_sorted():
        if not event.day_known:
            continue
        item = icalendar.Event()
        item.add("uid", f"{event.id}@acip-programme")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.first_day)
        item.add("dtend", event.last_day + dt.timedelta(days=1))  # DTEND is exclusive for all-day events
        item.add("summary", event.title.get(lang))
        place = [event.venue.get(lang)] + ([event.city.get(lang)] if event.city else [])
        if event.country:
            place.append(localize.place_name(event.country, lang, countries))
        item.add("location", ", ".join(place))
        if event.summary:
            item.add("description", event.summary.get(lang))
        if base_url:
            item.add("url", base_url + urls.url_for("event", event.id))
        cal.add_component(item)
    ical: bytes = cal.to_ical()
    return ical


def feed(site: Site, lang: str, base_url: str, title: str) -> bytes:
    """An Atom feed of the news posts in ``lang``.

    A post dated only to its month is left out: Atom's ``updated`` is a full date and time.
    """
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    posts = [post for post in site.news_sorted() if post.day_known]
    ET.SubElement(root, f"{{{ns}}}title").text = title
    ET.SubElement(root, f"{{{ns}}}id").text = f"{base_url or 'urn:acip:'}{urls.FEED if base_url else lang}"
    updated = max((p.first_day for p in posts), default=site.build_date)
    ET.SubElement(root, f"{{{ns}}}updated").text = f"{updated.isoformat()}T00:00:00Z"
    ET.SubElement(root, f"{{{ns}}}link", {"rel": "self", "href": base_url + urls.FEED})
    ET.SubElement(root, f"{{{ns}}}link", {"rel": "alternate", "href": base_url + urls.served(urls.index_of("news"))})
    author = ET.SubElement(root, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = site.programme.name.get(lang)
    for post in posts:
        entry = ET.SubElement(root, f"{{{ns}}}entry")
        ET.SubElement(entry, f"{{{ns}}}title").text = post.title.get(lang)
        ET.SubElement(entry, f"{{{ns}}}id").text = f"urn:acip:news:{post.id}"
        ET.SubElement(entry, f"{{{ns}}}updated").text = f"{post.first_day.isoformat()}T00:00:00Z"
        ET.SubElement(entry, f"{{{ns}}}link", {"rel": "alternate", "href": base_url + urls.url_for("news", post.id)})
        ET.SubElement(entry, f"{{{ns}}}summary").text = post.summary.get(lang)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"
