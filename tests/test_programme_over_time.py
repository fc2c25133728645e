"""Dated figures, survey rounds and PIDs that default to not-published: records, pages and open data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from samples import ATLANTIS_PATH, ATLANTIS_TEXT

from generator import datafiles, localize, scaffold
from generator.build import check
from generator.errors import errors_in
from generator.model import PartialDate
from generator.resolve import Site
from generator.schema import KINDS_BY_NAME
from generator.settings import load_settings


def checked_site(root: Path) -> Site:
    result = check(load_settings(root))
    assert errors_in(result.diagnostics, strict=True) == [], [d.format() for d in result.diagnostics]
    assert result.site is not None
    return result.site


@pytest.fixture(scope="module")
def real_site() -> Site:
    return checked_site(ROOT)


# --- dates at the precision a source gives --------------------------------------------------------

@pytest.mark.parametrize(("value", "lang", "shown"), [
    (PartialDate(2019), "en", "2019"),
    (PartialDate(2020, 4), "en", "April 2020"),
    (PartialDate(2020, 4), "fr", "avril 2020"),
    (PartialDate(2024, 9, 2), "en", "September 2, 2024"),
    (PartialDate(2024, 9, 2), "fr", "2 septembre 2024"),
])
def test_a_date_shows_what_is_known_and_no_more(value: PartialDate, lang: str, shown: str) -> None:
    assert localize.long_date(value, lang) == shown


@pytest.mark.parametrize(("start", "end", "lang", "shown"), [
    (PartialDate(2020, 1), PartialDate(2020, 2), "en", "January\u2009–\u2009February 2020"),  # CLDR's thin spaces
    (PartialDate(2020, 1), PartialDate(2020, 2), "fr", "janvier\u2009–\u2009février 2020"),
    (PartialDate(2023), None, "en", "2023"),
    (PartialDate(2022), PartialDate(2023, 3), "en", "2022 – March 2023"),
])
def test_a_period_shows_what_is_known(start: PartialDate, end: PartialDate | None, lang: str, shown: str) -> None:
    assert localize.when_range(start, end, lang) == shown


def test_partial_dates_span_their_period() -> None:
    assert PartialDate(2023).earliest() == (2023, 1, 1) and PartialDate(2023).latest() == (2023, 12, 31)
    assert PartialDate(2023, 2).iso() == "2023-02" and PartialDate(2023, 2, 5).iso() == "2023-02-05"


# --- the real records -----------------------------------------------------------------------------

def test_figures_are_dated_sourced_and_flag_bounds(real_site: Site) -> None:
    figures = {f.id: f for f in real_site.figures.values()}
    assert [(f.date.iso(), f.count) for f in real_site.totals()] == [
        ("2019", 11), ("2020-01", 16), ("2020-04", 17), ("2022", 20), ("2023-03", 23), ("2024-02", 22), ("2025-03", 16)]
    assert figures["countries-2022"].more_than and not figures["partners-2023-03"].more_than
    assert figures["americas-2021-05"].kind == "added" and figures["americas-2021-05"].count == 8
    assert all(f.sources or f.derived for f in figures.values())


def test_survey_rounds_say_where_sources_differ(real_site: Site) -> None:
    rounds = {s.id: s for s in real_site.surveys.values()}
    first = rounds["cips-2020"]
    assert first.countries_count == 10 and len(first.countries) == 9 and first.disputed == ("tunisia",)
    assert (first.officials.count, first.private_sector.count) == (3019, 2793)
    second = rounds["cips-2023"]
    assert second.countries == ("nepal",) and second.countries_note is not None and second.officials.more_than
    assert [s.start.year for s in real_site.surveys_by_partner["ghana"]] == [2020]
    assert [s.id for s in real_site.surveys_by_partner["mozambique"]] == ["cips-2020", "cips-2023"]


def test_open_data_carries_figures_and_rounds(real_site: Site) -> None:
    files = dict(datafiles.open_data(real_site))
    figures = {r["id"]: r for r in json.loads(files["data/figures.json"])}
    assert figures["countries-2022"]["more_than"] is True and figures["countries-2022"]["date"] == "2022"
    assert figures["partners-2020-04"]["date"] == "2020-04" and figures["partners-2020-04"]["count"] == 17
    surveys = {r["id"]: r for r in json.loads(files["data/surveys.json"])}
    assert surveys["cips-2023"]["officials"] == {"count": 11000, "more_than": True}
    assert surveys["cips-2020"]["disputed"] == ["tunisia"]
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(files["data/surveys.csv"]))}
    assert rows["cips-2020"]["countries"].startswith("afghanistan; ethiopia")
    assert json.loads(rows["cips-2021"]["officials"]) == {"count": 2094, "more_than": False}
    schema = json.loads(files["data/schemas/survey.schema.json"])
    assert schema["properties"]["officials"]["properties"]["more_than"]["type"] == "boolean"
    assert json.loads(files["data/schemas/figure.schema.json"])["properties"]["kind"]["default"] == "total"


# --- the built pages ------------------------------------------------------------------------------

def _html(site_dir: Path, url: str) -> str:
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


def test_home_figures_say_what_they_count_and_when(built_site: Path, real_site: Site) -> None:
    home = _html(built_site, "")
    assert f'{len(real_site.partners)}</span><span class="acip-figure__label">administrations since 2019' in home
    assert "counted from the partner records" in home
    assert '16</span><span class="acip-figure__label">current partner administrations, March 2025' in home
    assert 'role="img"' in home and "<title id=\"acip-chart-home-title\">" in home and "<desc id=\"acip-chart-home-desc\">" in home
    assert "administrations partenaires actuelles, mars 2025" in _html(built_site, "fr")


def test_partners_page_does_not_call_the_list_current(built_site: Path) -> None:
    page = _html(built_site, "partners")
    assert "works with these" not in page
    assert "have taken part in the programme since 2019" in page and 'id="over-time"' in page


def test_partner_pages_list_their_rounds(built_site: Path) -> None:
    ghana = _html(built_site, "partners/ghana")
    assert "<dt>CIPS rounds</dt>" in ghana and ">2020</a></dd>" in ghana
    tunisia = _html(built_site, "partners/tunisia")
    assert ">2020</a> (sources differ)" in tunisia
    assert "Vagues du SPID" in _html(built_site, "fr/partners/ghana")


def test_cips_page_shows_the_rounds(built_site: Path) -> None:
    page = _html(built_site, "resources")
    assert 'id="cips-rounds"' in page and 'id="survey-cips-ukraine-2024"' in page
    assert "more than 11,000" in page and "more than 8,500" in page and ">448<" in page and ">477<" in page
    assert "The sources name only Nepal" in page and "Sources differ on" in page
    fr = _html(built_site, "fr/resources")
    assert "plus de 11\u202f000" in fr and "(SPID)" in fr


def test_no_pid_page_promises_publication(built_site: Path) -> None:
    for path in sorted(built_site.glob("**/pids/*/index.html")):
        html = path.read_text(encoding="utf-8")
        assert "once they are" not in html and "dès qu" not in html, path


def test_2020_cohort_pids_are_not_said_to_be_discussed_in_february_2020(real_site: Site) -> None:
    for pid in real_site.pids.values():
        if real_site.partners[pid.partner].cohort == "2020":
            assert pid.discussed_at == () and "February 2020" not in (pid.summary.en if pid.summary else ""), pid.id


# --- nothing invented by default --------------------------------------------------------------------

def test_a_pid_without_status_is_not_published(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", ("content", "mkdocs.yml"))
    (root / ATLANTIS_PATH).write_text(ATLANTIS_TEXT, encoding="utf-8")
    (root / "content/pids/atlantis.yml").write_text("partner: atlantis\n", encoding="utf-8")
    pid = checked_site(root).pids["atlantis"]
    assert pid.status == "not-published" and not pid.published
    status = KINDS_BY_NAME["pid"].json_schema()["properties"]["status"]
    assert status["default"] == "not-published" and "`not-published` when left out" in KINDS_BY_NAME["pid"].shape.fields["status"].reference()


def test_new_pid_writes_no_sample_content(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", ("content", "mkdocs.yml"))
    (root / ATLANTIS_PATH).write_text(ATLANTIS_TEXT, encoding="utf-8")
    path = scaffold.create(root, "pid", "atlantis")
    text = path.read_text(encoding="utf-8")
    written = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert not any(key in line for line in written for key in ("general_outcome", "specific_outcomes", "measures", "indicators",
                                                                "baseline", "target", "summary"))
    path.write_text(text.replace("partner:\n", "partner: atlantis\n"), encoding="utf-8")  # its one required field
    pid = checked_site(root).pids["atlantis"]
    assert not pid.published and pid.specific_outcomes == () and pid.general_outcome is None
