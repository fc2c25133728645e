"""Events and news posts whose day is not known: a month is accepted, shown as the month and never given a day."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import icalendar
import pytest
from test_load_validate import edit, located, run_check, write

from generator import datafiles, localize
from generator.errors import errors_in
from generator.model import PartialDate
from generator.pages import plan
from generator.render import render_all
from generator.resolve import Site

EVENT = "content/events/test-month.yml"
EVENT_TEXT = (
    "title: {en: Learning event, fr: Événement d'apprentissage}\n"
    "kind: training\n"
    "start: 2021-10\n"
    "end: 2021-10\n"
    "venue: {en: Online, fr: En ligne}\n"
    "participants: [ghana]\n"
    "sources:\n  - https://www.wcoomd.org/en/media/newsroom.aspx\n"
)


def _site(project: Path, text: str = EVENT_TEXT) -> Site:
    write(project, {EVENT: text})
    checked = run_check(project)
    assert errors_in(checked.diagnostics) == [], [d.format() for d in checked.diagnostics]
    assert checked.site is not None
    return checked.site


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2021-10", "2021-10", (PartialDate(2021, 10), PartialDate(2021, 10))),
    ("2022-03", "2022-10", (PartialDate(2022, 3), PartialDate(2022, 10))),
    ("2021-10-25", "2021-12", (PartialDate(2021, 10, 25), PartialDate(2021, 12))),
    ("2021-10", "2021-10-05", (PartialDate(2021, 10), PartialDate(2021, 10, 5))),  # the month may hold days before the 5th
    ("2021-10-31", "2021-10", (PartialDate(2021, 10, 31), PartialDate(2021, 10))),
])
def test_a_month_is_accepted_for_start_and_end(project: Path, start: str, end: str, expected: tuple[object, object]) -> None:
    site = _site(project, edit(edit(EVENT_TEXT, "start: 2021-10", f"start: {start}"), "end: 2021-10", f"end: {end}"))
    event = site.events["test-month"]
    assert (event.start, event.end) == expected


@pytest.mark.parametrize(("start", "end", "col", "message"), [
    ("2021-10", "2021-09", 6, "end: 2021-09 is before start 2021-10"),
    ("2021-10-05", "2021-09", 6, "end: 2021-09 is before start 2021-10-05"),
    ("2021-10", "2021-09-30", 6, "end: 2021-09-30 is before start 2021-10"),
    ("2022-01", "2021-12-31", 6, "end: 2021-12-31 is before start 2022-01"),
])
def test_end_before_start_across_precisions(project: Path, start: str, end: str, col: int, message: str) -> None:
    write(project, {EVENT: edit(edit(EVENT_TEXT, "start: 2021-10", f"start: {start}"), "end: 2021-10", f"end: {end}")})
    errors = errors_in(run_check(project).diagnostics)
    assert located(errors) == [(EVENT, 4, col, message)]
    assert errors[0].hint == "swap the dates or fix the year"


@pytest.mark.parametrize(("written", "message", "hint"), [
    ("2021-13", "start: '2021-13' is not a real date (month must be in 1..12)", "check the day and month"),
    ("2021", "start: must be a date like 2020-04 or 2020-04-28 (got '2021')",
     "write YYYY-MM or YYYY-MM-DD, as precise as the source"),
    ("October 2021", "start: must be a date like 2020-04 or 2020-04-28 (got 'October 2021')",
     "write YYYY-MM or YYYY-MM-DD, as precise as the source"),
])
def test_a_wrong_month_is_reported(project: Path, written: str, message: str, hint: str) -> None:
    write(project, {EVENT: edit(EVENT_TEXT, "start: 2021-10", f"start: {written}")})
    errors = errors_in(run_check(project).diagnostics)
    assert located(errors) == [(EVENT, 3, 8, message)]
    assert errors[0].hint == hint


@pytest.mark.parametrize(("start", "end", "en", "fr"), [
    (PartialDate(2021, 10), PartialDate(2021, 10), "October 2021", "octobre 2021"),
    (PartialDate(2022, 3), PartialDate(2022, 10), "March – October 2022", "mars – octobre 2022"),
    (PartialDate(2021, 11), PartialDate(2022, 2), "November 2021 – February 2022", "novembre 2021 – février 2022"),
    (PartialDate(2021, 10, 25), PartialDate(2021, 12), "Oct 25, 2021 – December 2021", "25 oct. 2021 – décembre 2021"),
])
def test_dates_show_the_month_and_no_day(start: object, end: object, en: str, fr: str) -> None:
    assert localize.date_range(start, end, "en").replace("\u2009", " ") == en
    assert localize.date_range(start, end, "fr").replace("\u2009", " ") == fr


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_event_page_and_timeline_show_the_month(project: Path, lang: str) -> None:
    site = _site(project)
    pages = dict(render_all(site, project / "templates", lang))
    month = "October 2021" if lang == "en" else "octobre 2021"
    event_page = pages["events/test-month.md"]
    assert f'<time datetime="2021-10">{month}</time>' in event_page
    assert f'<time datetime="2021-10">{month}</time>' in pages["events/index.md"]
    note = "events known only to the month are not in the calendar file" if lang == "en" else "ne figurent pas dans le fichier d’agenda"
    assert note in pages["events/index.md"]
    assert f"— {month}" in pages["partners/ghana.md"]
    assert "2021-10-01" not in event_page and " 1, 2021" not in event_page and "1er octobre" not in event_page


def test_month_event_sorts_before_the_days_of_its_month_and_is_past_once_the_month_is(project: Path) -> None:
    site = _site(project, EVENT_TEXT.replace("2021-10", "2020-02"))
    ordered = [e.id for e in site.events_sorted()]
    assert ordered.index("test-month") < ordered.index("coordinators-workshop-2020")  # 17 February 2020
    event = site.events["test-month"]
    assert (event.first_day, event.last_day) == (dt.date(2020, 2, 1), dt.date(2020, 2, 29))
    during = dataclasses.replace(site, build_date=dt.date(2020, 2, 15))
    assert event in during.upcoming_events() and event not in during.past_events()
    after = dataclasses.replace(site, build_date=dt.date(2020, 3, 1))
    assert event in after.past_events()


def test_calendar_leaves_out_events_without_a_day_and_data_keeps_the_month(project: Path) -> None:
    site = _site(project)
    calendar = icalendar.Calendar.from_ical(datafiles.calendar(site, "en", "", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "Events"))
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert "test-month@acip-programme" not in uids
    assert uids == {f"{e.id}@acip-programme" for e in site.events.values() if e.day_known}
    assert uids  # the dated events are still there
    files = dict(datafiles.open_data(site))
    record = next(r for r in json.loads(files["data/workshops.json"]) if r["id"] == "test-month")
    assert (record["start"], record["end"]) == ("2021-10", "2021-10")
    row = next(r for r in csv.DictReader(io.StringIO(files["data/workshops.csv"])) if r["id"] == "test-month")
    assert (row["start"], row["end"]) == ("2021-10", "2021-10")
    schema = json.loads(files["data/schemas/event.schema.json"])
    pattern = re.compile(schema["properties"]["start"]["pattern"])
    assert pattern.fullmatch("2021-10") and pattern.fullmatch("2021-10-25") and not pattern.fullmatch("2021")


NEWS = "content/news/test-month-post.yml"
NEWS_TEXT = (
    "title: {en: A post of June, fr: Une actualité de juin}\n"
    "date: 2023-06\n"
    "summary: {en: Summary., fr: Résumé.}\n"
    "body: {en: Body., fr: Corps.}\n"
    "partners: [ghana]\n"
)


def _news_site(project: Path) -> Site:
    write(project, {NEWS: NEWS_TEXT})
    checked = run_check(project)
    assert errors_in(checked.diagnostics) == [], [d.format() for d in checked.diagnostics]
    assert checked.site is not None
    return checked.site


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_month_only_post_shows_the_month_and_gives_the_blog_plugin_a_sort_key_only(project: Path, lang: str) -> None:
    site = _news_site(project)
    post = site.news["test-month-post"]
    assert post.date == PartialDate(2023, 6) and not post.day_known
    pages = dict(render_all(site, project / "templates", lang))
    front = pages["news/posts/test-month-post.md"].split("---")[1]
    month = "June 2023" if lang == "en" else "juin 2023"
    assert "date: 2023-06-01\n" in front  # the plugin's sort key; the theme shows date_label instead
    assert "date_month: 2023-06\n" in front and f'date_label: "{month}"' in front
    assert f"— {month}" in pages["partners/ghana.md"]
    dated = [p.path for p in plan(site) if p.path.startswith("news/posts/")]
    assert "news/posts/test-month-post.md" in dated


def test_a_month_only_post_sorts_as_its_month_and_stays_out_of_the_feed(project: Path) -> None:
    site = _news_site(project)
    ordered = [n.id for n in site.news_sorted()]
    assert ordered.index("programme-report-2022") > ordered.index("test-month-post") > ordered.index("cips-results-2024")
    root = ET.fromstring(datafiles.feed(site, "en", "", "News"))
    ids = [e.findtext("{http://www.w3.org/2005/Atom}id") for e in root.findall("{http://www.w3.org/2005/Atom}entry")]
    assert "urn:acip:news:test-month-post" not in ids
    assert ids == [f"urn:acip:news:{n.id}" for n in site.news_sorted() if n.day_known]


def test_built_site_shows_month_only_dates_without_a_day(built_site: Path) -> None:
    """The real content has a post dated June 2023 and events dated to the month: no page invents their day."""
    html = (built_site / "news/mid-term-evaluation-2023/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2023-06" class="md-ellipsis">June 2023</time>' in html
    assert '<time datetime="2023-06">June 2023</time>' in (built_site / "news/index.html").read_text(encoding="utf-8")
    french = (built_site / "fr/news/mid-term-evaluation-2023/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2023-06" class="md-ellipsis">juin 2023</time>' in french
    event = (built_site / "events/internal-control-workshops-2021/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2021-11">November\u2009–\u2009December 2021</time>' in event  # CLDR's thin spaces around the dash
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "2023-06-01" not in text and "June 1, 2023" not in text and "1 juin 2023" not in text, path
        assert "2021-11-01" not in text and "Nov 1, 2021" not in text and "1 nov. 2021" not in text, path
