"""The editor-facing validation contract: one mistake, one message, in the right place.

Each case writes a small YAML file into a fresh copy of the project, runs the
in-process ``check`` and asserts the exact file, line, column, message (and,
where it guides the editor, the hint) of every error. A handful of cases go
through the command line to pin down the printed format, the exit code and the
GitHub Actions annotations.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import allow_fictitious_countries, copy_project, run_generator
from samples import ATLANTIS_PATH, ATLANTIS_TEXT, PID_TEXT

from generator.build import Checked, check
from generator.errors import Diagnostic, Severity, errors_in
from generator.load import MAX_DEPTH, MAX_FILE_BYTES
from generator.settings import load_settings

GHANA = "content/partners/ghana.yml"
PID = "content/pids/atlantis.yml"  # the invented PID of a fictitious partner (samples.py)
EVENT = "content/events/test-workshop.yml"

PARTNER_TEXT = 'name: Ghana\ncountry: GH\njoined: "2019-01"\ncohort: "2019"\n'
EVENT_TEXT = (
    "title: {en: Test workshop, fr: Atelier test}\n"
    "start: 2024-02-28\n"
    "end: 2024-03-01\n"
    "venue: {en: WCO, fr: OMD}\n"
    "participants: [ghana, mali]\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the real project, plus the fictitious partner that the sample PID belongs to."""
    root = copy_project(tmp_path / "project")
    write(root, {ATLANTIS_PATH: ATLANTIS_TEXT})
    return root


def edit(text: str, old: str, new: str) -> str:
    """``text`` with exactly one ``old`` replaced: a typo in the case fails loudly."""
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def run_check(root: Path) -> Checked:
    return check(load_settings(root))


def located(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [(d.path, d.line, d.col, d.message) for d in diagnostics]


class Case(NamedTuple):
    files: dict[str, str | bytes]
    expected: list[tuple[str, int, int, str]]
    hint: str | None = None  # of the first expected error, when it tells the editor what to do


DEEP = "summary:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(MAX_DEPTH + 2)) + "  " * (MAX_DEPTH + 3) + "v: 1\n"
HUGE_NOTES = "notes: |\n" + ("  " + "x" * 70 + "\n") * (MAX_FILE_BYTES // 70)
HUGE_SIZE = len((PARTNER_TEXT + HUGE_NOTES).encode())

FIGURE = "content/figures/test-figure.yml"
FIGURE_TEXT = 'date: "2020-04"\ncount: 17\ncounts: {en: partners, fr: partenaires}\nsources:\n  - https://example.org/x\n'
SURVEY = "content/surveys/test-round.yml"
SURVEY_TEXT = (
    "name: {en: Round, fr: Vague}\n"
    "iteration: 1\n"
    'start: "2021-01"\n'
    'end: "2021-02"\n'
    "countries: [atlantis, ghana]\n"
    "countries_count: 2\n"
    "officials: {count: 10, more_than: true}\n"
)

CASES: dict[str, Case] = {
    # --- programme figures and survey rounds ------------------------------------------------------
    "figure-date-month-13": Case(
        {FIGURE: edit(FIGURE_TEXT, '"2020-04"', '"2020-13"')},
        [(FIGURE, 1, 7, "date: '2020-13' is not a real date (month must be in 1..12)")], "check the day and month"),
    "figure-date-not-a-day": Case(
        {FIGURE: edit(FIGURE_TEXT, '"2020-04"', "2021-02-30")},
        [(FIGURE, 1, 7, "date: '2021-02-30' is not a real date (day is out of range for month)")], "check the day and month"),
    "figure-kind-unknown": Case(
        {FIGURE: FIGURE_TEXT + "kind: increase\n"},
        [(FIGURE, 6, 7, "kind: 'increase' is not one of total, added")]),
    "figure-count-lower-bound-not-boolean": Case(
        {FIGURE: FIGURE_TEXT + "more_than: yes\n"},
        [(FIGURE, 6, 12, "more_than: must be true or false (got 'yes')")], "write true or false"),
    "survey-end-before-start": Case(
        {SURVEY: edit(SURVEY_TEXT, 'end: "2021-02"', 'end: "2020"')},
        [(SURVEY, 4, 6, "end: 2020 is before start 2021-01")], "swap the dates or fix the year"),
    "survey-fewer-countries-than-listed": Case(
        {SURVEY: edit(SURVEY_TEXT, "countries_count: 2", "countries_count: 1")},
        [(SURVEY, 6, 18, "countries_count: 1 is fewer than the 2 countries listed")]),
    "survey-no-countries-no-note": Case(
        {SURVEY: edit(SURVEY_TEXT, "countries: [atlantis, ghana]", "countries: []")},
        [(SURVEY, 5, 12, "countries: no partner listed and no 'countries_note'")],
        "list the partner ids the sources name, or say in 'countries_note' that they name none"),
    "survey-disputed-and-listed": Case(
        {SURVEY: SURVEY_TEXT + "disputed: [ghana]\n"},
        [(SURVEY, 8, 11, "disputed: 'ghana' is also listed in countries")]),
    "survey-unknown-partner": Case(
        {SURVEY: edit(SURVEY_TEXT, "[atlantis, ghana]", "[atlantys, ghana]")},
        [(SURVEY, 5, 13, "countries[0]: unknown partner 'atlantys'")], "did you mean 'atlantis'?"),
    "survey-respondents-lower-bound-negative": Case(
        {SURVEY: edit(SURVEY_TEXT, "{count: 10,", "{count: -10,")},
        [(SURVEY, 7, 20, "officials.count: must be between 0 and 10000000 (got -10)")]),
    # --- required and unknown fields --------------------------------------------------------------
    "missing-required-field": Case(
        {GHANA: edit(PARTNER_TEXT, 'cohort: "2019"\n', "")},
        [(GHANA, 1, 1, "missing required field 'cohort'")], "add 'cohort: …' (text; at most 20 characters)"),
    "unknown-field-did-you-mean": Case(
        {GHANA: PARTNER_TEXT + "regoin: west-central-africa\n"},
        [(GHANA, 5, 1, "unknown field 'regoin'")], "did you mean 'region'?"),
    "unknown-nested-field-did-you-mean": Case(
        {PID: edit(PID_TEXT, "      - title: {en: Publish", "      - titel: {en: Publish")},
        [(PID, 13, 9, "specific_outcomes[0].measures[0].titel: unknown field 'titel'"),
         (PID, 13, 9, "specific_outcomes[0].measures[0]: missing required field 'title'")], "did you mean 'title'?"),
    "empty-value": Case(
        {GHANA: edit(PARTNER_TEXT, "name: Ghana", "name:")},
        [(GHANA, 1, 1, "name: not filled in")],
        "fill it in: Display name, usually the country; a country's name is translated from CLDR "
        "(text, translatable: a string or {en: …, fr: …}; at most 200 characters)"),
    "empty-optional-value": Case(
        {GHANA: PARTNER_TEXT + "website: \"\"\n"},
        [(GHANA, 5, 1, "website: not filled in")], "fill it in: The administration's website (URL (https, http or mailto)); or remove the line"),
    "empty-list": Case(
        {GHANA: PARTNER_TEXT + "donors:\n"},
        [(GHANA, 5, 1, "donors: not filled in")],
        "fill it in: Donors funding its participation (list of: id of a donor record (its file name without .yml)); or remove the line"),
    "empty-french": Case(
        {GHANA: PARTNER_TEXT + "administration:\n  en: Ghana Revenue Authority\n  fr:\n"},
        [(GHANA, 7, 3, "administration: 'fr' is not filled in")], "write it in French, or remove the line"),
    "list-for-a-value": Case(
        {GHANA: edit(PARTNER_TEXT, "country: GH", "country: [GH]")},
        [(GHANA, 2, 10, "country: expected a country code, got a list")]),
    # --- countries and dates ----------------------------------------------------------------------
    "country-lower-case-no": Case(
        {GHANA: edit(PARTNER_TEXT, "country: GH", "country: no")},
        [(GHANA, 2, 10, "country: 'no' must be upper case")], "write 'NO'"),
    "country-unknown-JX": Case(
        {GHANA: edit(PARTNER_TEXT, "country: GH", "country: JX")},
        [(GHANA, 2, 10, "country: 'JX' is not an ISO 3166-1 alpha-2 country code")], "e.g. GH for Ghana, PS for Palestine"),
    # XA–XZ (but XK, Kosovo) are left to users by ISO 3166: only a fictitious test project accepts them.
    "country-user-assigned-XA": Case(
        {GHANA: edit(PARTNER_TEXT, "country: GH", "country: XA")},
        [(GHANA, 2, 10, "country: 'XA' is a user-assigned code, for fictitious test projects only")],
        "give the ISO 3166-1 code of the real country, e.g. GH for Ghana"),
    "event-country-user-assigned-XX": Case(
        {"content/events/test-event.yml": EVENT_TEXT + "country: XX\n"},
        [("content/events/test-event.yml", EVENT_TEXT.count("\n") + 1, 10, "country: 'XX' is a user-assigned code, for fictitious test projects only")]),
    "joined-month-name": Case(
        {GHANA: edit(PARTNER_TEXT, 'joined: "2019-01"', "joined: January")},
        [(GHANA, 3, 9, "joined: must be a date like 2020 or 2020-04 (got 'January')")],
        "write YYYY or YYYY-MM, as precise as the source"),
    "joined-month-13": Case(
        {GHANA: edit(PARTNER_TEXT, 'joined: "2019-01"', "joined: 2019-13")},
        [(GHANA, 3, 9, "joined: '2019-13' is not a real date (month must be in 1..12)")]),
    "date-not-a-real-day": Case(
        {EVENT: edit(EVENT_TEXT, "start: 2024-02-28", "start: 2024-02-30")},
        [(EVENT, 2, 8, "start: '2024-02-30' is not a real date (day is out of range for month)")], "check the day and month"),
    "date-wrong-format": Case(
        {EVENT: edit(EVENT_TEXT, "start: 2024-02-28", "start: 28/02/2024")},
        [(EVENT, 2, 8, "start: must be a date like 2020-04 or 2020-04-28 (got '28/02/2024')")],
        "write YYYY-MM or YYYY-MM-DD, as precise as the source"),
    "end-before-start": Case(
        {EVENT: edit(EVENT_TEXT, "end: 2024-03-01", "end: 2024-02-27")},
        [(EVENT, 3, 6, "end: 2024-02-27 is before start 2024-02-28")], "swap the dates or fix the year"),
    # --- choices, numbers, booleans, texts, URLs --------------------------------------------------
    "measure-status-done": Case(
        {PID: edit(PID_TEXT, "status: completed", "status: done")},
        [(PID, 14, 17, "specific_outcomes[0].measures[0].status: 'done' is not one of planned, in-progress, completed, delayed, cancelled")],
        "did you mean 'completed'?"),
    "indicator-year-out-of-range": Case(
        {PID: edit(PID_TEXT, "baseline: {value: 40, year: 2020}", "baseline: {value: 40, year: 1800}")},
        [(PID, 10, 37, "specific_outcomes[0].indicators[0].baseline.year: must be between 1990 and 2100 (got 1800)")]),
    "number-with-5000-digits": Case(
        {PID: edit(PID_TEXT, "value: 70", "value: " + "9" * 5000)},
        [(PID, 11, 25, "specific_outcomes[0].indicators[0].target.value: must be a number (got '" + "9" * 57 + "...')")]),
    "boolean-yes": Case(
        {GHANA: PARTNER_TEXT + "internal: yes\n"},
        [(GHANA, 5, 11, "internal: must be true or false (got 'yes')")], "write true or false"),
    "text-over-max-length": Case(
        {GHANA: PARTNER_TEXT + "administration: " + "a" * 201 + "\n"},
        [(GHANA, 5, 17, "administration: is 201 characters long; the limit is 200")], "shorten it"),
    "unknown-language": Case(
        {GHANA: PARTNER_TEXT + "summary: {en: Text, de: Text}\n"},
        [(GHANA, 5, 21, "summary: unknown language 'de'")], "languages are en, fr"),
    "no-english-text": Case(
        {GHANA: PARTNER_TEXT + "summary: {fr: Texte}\n"},
        [(GHANA, 5, 10, "summary: has no English text ('en')")]),
    "javascript-url": Case(
        {GHANA: PARTNER_TEXT + "sources:\n  - javascript:alert(1)\n"},
        [(GHANA, 6, 5, "sources[0]: 'javascript:alert(1)' is not an https, http or mailto URL")]),
    "url-with-broken-ipv6-host": Case(
        {GHANA: PARTNER_TEXT + "website: https://[wcoomd.org/\n"},
        [(GHANA, 5, 10, "website: 'https://[wcoomd.org/' is not an https, http or mailto URL")]),
    # --- references -------------------------------------------------------------------------------
    "unknown-participant-did-you-mean": Case(
        {EVENT: edit(EVENT_TEXT, "[ghana, mali]", "[gahna, mali]")},
        [(EVENT, 5, 16, "participants[0]: unknown partner 'gahna'")], "did you mean 'ghana'?"),
    "partner-listed-twice": Case(
        {EVENT: edit(EVENT_TEXT, "[ghana, mali]", "[ghana, mali, ghana]")},
        [(EVENT, 5, 29, "participants[2]: 'ghana' is listed twice (first as item 0)")], "remove the repeat"),
    "unknown-arusha-factor": Case(
        {PID: edit(PID_TEXT, "automation]", "automaton]")},
        [(PID, 6, 36, "specific_outcomes[0].arusha_factors[1]: unknown factor 'automaton'")], "did you mean 'automation'?"),
    "unknown-donor": Case(
        {GHANA: PARTNER_TEXT + "donors: [nrad]\n"},
        [(GHANA, 5, 10, "donors[0]: unknown donor 'nrad'")], "did you mean 'norad'?"),
    "unknown-region": Case(
        {GHANA: PARTNER_TEXT + "region: west-africa\n"},
        [(GHANA, 5, 9, "region: unknown region 'west-africa'")]),
    "two-pids-for-one-partner": Case(
        {"content/pids/atlantis-bis.yml": "partner: atlantis\nstatus: not-published\n", PID: PID_TEXT},
        [(PID, 1, 10, "partner: 'atlantis' already has a PID in content/pids/atlantis-bis.yml")],
        "a partner has one PID; merge the two files"),
    "event-related-to-itself": Case(
        {EVENT: EVENT_TEXT + "related: [test-workshop]\n"},
        [(EVENT, 6, 11, "related[0]: a record cannot refer to itself")]),
    # --- YAML the records must not use ------------------------------------------------------------
    "duplicate-key": Case(
        {GHANA: PARTNER_TEXT + "country: GH\n"},
        [(GHANA, 5, 1, "duplicate key 'country' (first at line 2)")], "keep one of them"),
    "alias": Case(
        {GHANA: edit(edit(PARTNER_TEXT, "name: Ghana", "name: &n Ghana"), 'cohort: "2019"', "cohort: *n")},
        [(GHANA, 4, 9, "aliases (*name) are not allowed")], "write the value out in full"),
    "python-object-tag": Case(
        {GHANA: edit(PARTNER_TEXT, "name: Ghana", "name: !!python/object:os.system Ghana")},
        [(GHANA, 1, 7, "tag 'tag:yaml.org,2002:python/object:os.system' is not allowed")]),
    "custom-tag": Case(
        {GHANA: edit(PARTNER_TEXT, "name: Ghana", "name: !foo Ghana")},
        [(GHANA, 1, 7, "tag '!foo' is not allowed")], "remove the '!' tag; plain YAML values only"),
    "merge-key": Case(
        {GHANA: PARTNER_TEXT + "<<: {region: west-central-africa}\n"},
        [(GHANA, 5, 1, "tag 'tag:yaml.org,2002:merge' is not allowed")]),
    "non-scalar-key": Case(
        {GHANA: PARTNER_TEXT + "? [a, b]\n: c\n"},
        [(GHANA, 5, 3, "a key must be a plain name")]),
    "nesting-deeper-than-the-cap": Case(
        {GHANA: PARTNER_TEXT + DEEP},
        [(GHANA, 18, 27, f"nesting deeper than {MAX_DEPTH} levels")]),
    # --- files YAML cannot read -------------------------------------------------------------------
    "tab-indentation": Case(
        {GHANA: PARTNER_TEXT + "summary:\n\ten: Text\n"},
        [(GHANA, 6, 1, "YAML syntax error: found character that cannot start any token")], "indent with spaces, not tabs"),
    "yaml-syntax-error": Case(
        {GHANA: edit(PARTNER_TEXT, "country: GH", "country: GH: Ghana")},
        [(GHANA, 2, 12, "YAML syntax error: mapping values are not allowed in this context")], "YAML syntax"),
    "syntax-error-at-end-of-file": Case(  # libyaml points past the last line; the editor sees the end of the last one
        {GHANA: PARTNER_TEXT + "sources: [https://www.wcoomd.org/\n"},
        [(GHANA, 5, 34, "YAML syntax error: did not find expected ',' or ']'")], "YAML syntax"),
    "two-documents": Case(
        {GHANA: PARTNER_TEXT + "---\nname: Mali\n"},
        [(GHANA, 5, 1, "YAML syntax error: more than one YAML document in the file")], "remove the '---' separator"),
    "empty-file": Case({GHANA: ""}, [(GHANA, 1, 1, "file is empty")]),
    "comment-only-file": Case({GHANA: "# Ghana\n\n   # to do\n"}, [(GHANA, 1, 1, "file is empty")]),
    "document-marker-only": Case({GHANA: "---\n"}, [(GHANA, 1, 1, "file is empty")]),
    "top-level-list": Case(
        {GHANA: "- name: Ghana\n- country: GH\n"},
        [(GHANA, 1, 1, "the top level is a list; a record must be a mapping of fields")]),
    "top-level-scalar": Case(
        {GHANA: "# Ghana\nGhana\n"},
        [(GHANA, 2, 1, "the top level is a single value; a record must be a mapping of fields")]),
    "invalid-utf8-byte": Case(
        {GHANA: edit(PARTNER_TEXT, '"2019"\n', '"20').encode() + b"\xff" + b'19"\n'},
        [(GHANA, 4, 12, "invalid UTF-8 byte 0xff at byte 53")], "save the file as UTF-8"),
    "invalid-utf8-after-bom-and-accents": Case(
        {GHANA: b"\xef\xbb\xbf" + (PARTNER_TEXT + 'administration: "Côte é ').encode() + b'\xe9"\n'},
        [(GHANA, 5, 25, "invalid UTF-8 byte 0xe9 at byte 86")]),
    "control-character": Case(
        {GHANA: PARTNER_TEXT + 'administration: "Ghana\x07 Revenue"\n'},
        [(GHANA, 5, 23, "control character U+0007 is not allowed")], "remove control characters"),
    "invisible-line-separator": Case(
        {GHANA: edit(PARTNER_TEXT, "name: Ghana", "name: Gha\u2028na")},
        [(GHANA, 1, 10, "invisible line separator U+2028")]),
    "file-over-the-size-cap": Case(
        {GHANA: PARTNER_TEXT + HUGE_NOTES},
        [(GHANA, 1, 1, f"file is {HUGE_SIZE} bytes; the limit is {MAX_FILE_BYTES}")], "split the record or shorten its texts"),
    "crlf-line-numbers": Case(
        {GHANA: (PARTNER_TEXT + "regoin: x\n").replace("\n", "\r\n")},
        [(GHANA, 5, 1, "unknown field 'regoin'")]),
    # --- file and folder names --------------------------------------------------------------------
    "capitalised-file-name": Case(
        {"content/partners/Togo.yml": PARTNER_TEXT},
        [("content/partners/Togo.yml", 1, 1, "'Togo' is not a valid record id")],
        "file names are lowercase letters, digits and hyphens, e.g. cote-divoire.yml"),
    "underscore-in-file-name": Case(
        {"content/partners/my_partner.yml": PARTNER_TEXT},
        [("content/partners/my_partner.yml", 1, 1, "'my_partner' is not a valid record id")]),
    "reserved-file-name-index": Case(
        {"content/partners/index.yml": PARTNER_TEXT},
        [("content/partners/index.yml", 1, 1, "'index' is reserved for a generated page")], "choose another file name"),
    "yaml-extension": Case(
        {"content/partners/togo.yaml": PARTNER_TEXT},
        [("content/partners/togo.yaml", 1, 1, "record files end in .yml")], "rename it to togo.yml"),
    "upper-case-extension": Case(
        {"content/partners/togo.YML": PARTNER_TEXT},
        [("content/partners/togo.YML", 1, 1, "record files end in .yml")], "rename it to togo.yml"),
    "unknown-folder": Case(
        {"content/partner/togo.yml": PARTNER_TEXT},
        [("content/partner", 1, 1, "unknown record folder 'partner'")],
        "record folders are regions, factors, donors, tools, partners, pids, events, news, figures, surveys"),
    "record-outside-a-folder": Case(
        {"content/togo.yml": PARTNER_TEXT},
        [("content/togo.yml", 1, 1, "record file outside a record folder")]),
    "event-left-in-the-former-workshops-folder": Case(
        {"content/workshops/test-workshop.yml": EVENT_TEXT},
        [("content/workshops/test-workshop.yml", 1, 1, "content/workshops/ is no longer read: event records live in content/events/")],
        "move it: git mv content/workshops/test-workshop.yml content/events/test-workshop.yml"),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_one_mistake_one_message(project: Path, case: Case) -> None:
    write(project, case.files)
    checked = run_check(project)
    errors = errors_in(checked.diagnostics)
    assert located(errors) == case.expected
    if case.hint is not None:
        assert errors[0].hint == case.hint
    assert checked.site is None


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 35


def test_missing_programme_record(project: Path) -> None:
    (project / "content" / "programme.yml").unlink()
    errors = errors_in(run_check(project).diagnostics)
    assert located(errors) == [("content/programme.yml", 1, 1, "the programme record is missing")]


# --- values YAML 1.1 would have guessed wrong: the schema decides ----------------------------------


def test_a_fictitious_project_accepts_user_assigned_codes(project: Path) -> None:
    """``extra: fictitious_countries: true`` (a test project's setting) accepts XA–XZ; Kosovo's XK stays a real country."""
    allow_fictitious_countries(project)
    write(project, {"content/partners/utopia.yml": "name: Utopia\ncountry: XU\njoined: 2020\ncohort: 2020\n",
                    "content/partners/kosovo.yml": "name: Kosovo\ncountry: XK\njoined: 2020\ncohort: 2020\n"})
    checked = run_check(project)
    assert errors_in(checked.diagnostics) == []
    assert checked.site is not None and checked.site.partners["utopia"].country == "XU"


def test_country_NO_is_norway_not_false(project: Path) -> None:
    write(project, {"content/partners/norway.yml": "name: Norway\ncountry: NO\njoined: 2020\ncohort: 2020\n"})
    checked = run_check(project)
    assert errors_in(checked.diagnostics) == []
    assert checked.site is not None
    norway = checked.site.partners["norway"]
    assert norway.country == "NO"
    assert norway.joined.iso() == "2020"
    assert norway.cohort == "2020"


@pytest.mark.parametrize(("written", "kept"), [("012", "012"), ("yes", "yes"), ("off", "off"), ("1e3", "1e3"), ("0x1F", "0x1F"),
                                               ("~", "~"), ("2019-01-01", "2019-01-01"), ("'007'", "007")])
def test_texts_stay_as_written(project: Path, written: str, kept: str) -> None:
    write(project, {GHANA: edit(PARTNER_TEXT, 'cohort: "2019"', f"cohort: {written}")})
    checked = run_check(project)
    if written == "~":  # null is "nothing", not the text "~"
        assert located(errors_in(checked.diagnostics)) == [(GHANA, 4, 1, "cohort: not filled in")]
        return
    assert errors_in(checked.diagnostics) == []
    assert checked.site is not None
    assert checked.site.partners["ghana"].cohort == kept


def test_bom_and_crlf_are_accepted(project: Path) -> None:
    text = PARTNER_TEXT + "administration: {en: Ghana Revenue Authority, fr: Autorité fiscale du Ghana}\n"
    write(project, {GHANA: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()})
    checked = run_check(project)
    assert checked.diagnostics == []
    assert checked.site is not None
    ghana = checked.site.partners["ghana"]
    assert (ghana.name.en, ghana.cohort, ghana.administration.get("fr")) == ("Ghana", "2019", "Autorité fiscale du Ghana")


def test_files_that_are_not_read_are_named(project: Path) -> None:
    """Nothing under content/ is skipped unsaid: hidden files, other extensions and sub-folders each get a line."""
    write(project, {
        "content/partners/..yml": "not: [a record",  # editor lock and backup files, .DS_Store
        "content/partners/.#ghana.yml": "\xff",
        "content/.DS_Store": b"\x00",
        "content/pids/.drafts/togo.yml": PARTNER_TEXT,
        "content/partners/notes.txt": "to do",
        "content/README.md": "# Content",
        "content/partners/west/togo.yml": PARTNER_TEXT,
        "content/partners/west/map.png": b"\x89PNG",
    })
    (project / "content" / "partners" / "empty").mkdir()
    checked = run_check(project)
    assert [(d.path, d.severity.value, d.message) for d in checked.diagnostics] == [
        ("content/.DS_Store", "warning", "hidden file: it is ignored"),
        ("content/README.md", "warning", "not a record file: it is ignored"),
        ("content/partners/.#ghana.yml", "warning", "hidden file: it is ignored"),
        ("content/partners/..yml", "warning", "hidden file: it is ignored"),
        ("content/partners/empty/", "warning", "empty folder inside a record folder"),
        ("content/partners/notes.txt", "warning", "not a record file: it is ignored"),
        ("content/partners/west/map.png", "warning", "file in a sub-folder of a record folder: it is ignored"),
        ("content/partners/west/togo.yml", "error", "record file in a sub-folder: it is not read"),
        ("content/pids/.drafts/togo.yml", "warning", "hidden file: it is ignored"),
    ]
    [error] = errors_in(checked.diagnostics)
    assert error.hint == "record folders are flat: move it to content/partners/togo.yml"
    assert checked.site is None


def test_every_file_left_in_the_former_events_folder_is_named(project: Path) -> None:
    """content/workshops/ (an old branch, a web-editor change opened before the move) is never skipped unsaid."""
    write(project, {
        "content/workshops/isc-2020.yml": EVENT_TEXT,  # also in content/events/: moving it would overwrite
        "content/workshops/new-meeting.yaml": EVENT_TEXT,
        "content/workshops/2021/old-visit.yml": EVENT_TEXT,
        "content/workshops/notes.txt": "to do",
    })
    (project / "content" / "workshops" / "drafts").mkdir()
    checked = run_check(project)
    assert [(d.path, d.line, d.col, d.severity.value, d.message, d.hint) for d in checked.diagnostics] == [
        ("content/workshops/2021/old-visit.yml", 1, 1, "error", "content/workshops/ is no longer read: event records live in content/events/",
         "move it: git mv content/workshops/2021/old-visit.yml content/events/old-visit.yml"),
        ("content/workshops/drafts/", 1, 1, "warning", "empty folder: event records live in content/events/", "delete it"),
        ("content/workshops/isc-2020.yml", 1, 1, "error", "content/workshops/ is no longer read: event records live in content/events/",
         "content/events/isc-2020.yml already exists: keep one of the two and delete this file"),
        ("content/workshops/new-meeting.yaml", 1, 1, "error", "content/workshops/ is no longer read: event records live in content/events/",
         "move it: git mv content/workshops/new-meeting.yaml content/events/new-meeting.yml"),
        ("content/workshops/notes.txt", 1, 1, "warning", "not a record file: it is ignored (event records live in content/events/)",
         "delete it, or keep other files outside content/"),
    ]
    assert checked.site is None


def test_cli_names_an_event_left_in_the_former_folder(project: Path) -> None:
    write(project, {"content/workshops/test-workshop.yml": EVENT_TEXT})
    result = run_generator(project, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "content/workshops/test-workshop.yml:1:1: error: content/workshops/ is no longer read: event records live in content/events/",
        "  hint: move it: git mv content/workshops/test-workshop.yml content/events/test-workshop.yml",
    ]
    (project / "content" / "workshops" / "test-workshop.yml").rename(project / EVENT)
    (project / "content" / "workshops").rmdir()
    moved = run_generator(project, "check")
    assert moved.returncode == 0, moved.stderr


def test_ignored_files_are_warnings_only(project: Path) -> None:
    """A stray file does not stop publishing (unless --strict): the records are all there."""
    write(project, {"content/partners/.DS_Store": b"\x00", "content/partners/ghana.txt": "notes"})
    checked = run_check(project)
    assert [d.code for d in checked.diagnostics] == ["ignored-file", "ignored-file"]
    assert errors_in(checked.diagnostics) == [] and checked.site is not None
    assert len(errors_in(checked.diagnostics, strict=True)) == 2


# --- warnings, and many mistakes at once -----------------------------------------------------------


def test_untranslated_text_is_a_warning_and_an_error_only_when_strict(project: Path) -> None:
    write(project, {GHANA: PARTNER_TEXT + "administration: Ghana Revenue Authority\n"})
    checked = run_check(project)
    assert checked.site is not None
    [warning] = checked.diagnostics
    assert (warning.path, warning.line, warning.col, warning.message) == (GHANA, 5, 17, "administration: not yet translated into French")
    assert (warning.severity, warning.code, warning.hint) == (Severity.WARNING, "untranslated", "write it as {en: …, fr: …}")
    assert errors_in(checked.diagnostics) == []
    assert errors_in(checked.diagnostics, strict=True) == [warning]
    assert checked.coverage("fr") < 100.0


def test_every_mistake_in_every_file_is_reported_at_once_sorted(project: Path) -> None:
    write(project, {
        EVENT: edit(edit(EVENT_TEXT, "start: 2024-02-28", "start: 2024-02-30"), "venue:", "venu:"),
        GHANA: edit(PARTNER_TEXT, "country: GH", "country: gh"),
        "content/donors/norad.yml": "name: [Norad\n",
        "content/news/annual-meeting-2024.yml": "",
        "content/partners/Togo.yml": PARTNER_TEXT,
        PID: edit(PID_TEXT, "automation]", "automaton]"),  # a reference problem, found in the same run
    })
    errors = errors_in(run_check(project).diagnostics)
    assert located(errors) == [
        ("content/donors/norad.yml", 1, 13, "YAML syntax error: did not find expected ',' or ']'"),
        (EVENT, 1, 1, "missing required field 'venue'"),
        (EVENT, 2, 8, "start: '2024-02-30' is not a real date (day is out of range for month)"),
        (EVENT, 4, 1, "unknown field 'venu'"),
        ("content/news/annual-meeting-2024.yml", 1, 1, "file is empty"),
        ("content/partners/Togo.yml", 1, 1, "'Togo' is not a valid record id"),
        (GHANA, 2, 10, "country: 'gh' must be upper case"),
        (PID, 6, 36, "specific_outcomes[0].arusha_factors[1]: unknown factor 'automaton'"),
    ]


def test_reference_to_a_broken_record_is_not_also_unknown(project: Path) -> None:
    """Ghana's own file is broken: the events, news and PID naming ghana must not pile up 'unknown partner'."""
    write(project, {GHANA: "name: Ghana\ncountry: [GH\n", "content/donors/norad.yml": "name: Norad\n"})
    errors = errors_in(run_check(project).diagnostics)
    assert [(d.path, d.message) for d in errors] == [
        ("content/donors/norad.yml", "missing required field 'short_name'"),
        (GHANA, "YAML syntax error: did not find expected ',' or ']'"),
    ]
    assert not [d for d in errors if "unknown" in d.message]


def test_a_broken_record_does_not_hide_reference_mistakes_elsewhere(project: Path) -> None:
    write(project, {GHANA: "name: [\n", EVENT: edit(EVENT_TEXT, "mali]", "maly]")})
    errors = errors_in(run_check(project).diagnostics)
    assert located(errors) == [
        (EVENT, 5, 23, "participants[1]: unknown partner 'maly'"),
        (GHANA, 1, 8, "YAML syntax error: did not find expected node content"),
    ]
    assert errors[0].hint == "did you mean 'mali'?"


# --- the command line: what the editor and GitHub see ---------------------------------------------


def test_cli_prints_location_message_and_hint(project: Path) -> None:
    write(project, {GHANA: PARTNER_TEXT + "regoin: west-central-africa\n", EVENT: edit(EVENT_TEXT, "end: 2024-03-01", "end: 2024-02-27")})
    result = run_generator(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        "content/events/test-workshop.yml:3:6: error: end: 2024-02-27 is before start 2024-02-28",
        "  hint: swap the dates or fix the year",
        "content/partners/ghana.yml:5:1: error: unknown field 'regoin'",
        "  hint: did you mean 'region'?",
    ]
    assert lines[-1].startswith("FAILED: 2 error(s), 0 warning(s); translation coverage: en 100%, fr ")
    assert result.stdout == ""


def test_cli_github_annotations(project: Path) -> None:
    write(project, {GHANA: PARTNER_TEXT + "regoin: x\n", "content/partners/mali.yml": edit(PARTNER_TEXT, "name: Ghana", "name: Mali") +
                    "administration: Direction générale des douanes\n"})
    result = run_generator(project, "check", "--untranslated", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert result.stdout.splitlines() == [  # errors first, then warnings, each sorted by file
        "::error file=content/partners/ghana.yml,line=5,col=1::unknown field 'regoin' (hint: did you mean 'region'?)",
        "::warning file=content/partners/mali.yml,line=5,col=17::administration: not yet translated into French"
        " (hint: write it as {en: …, fr: …})",
    ]
    assert "content/partners/ghana.yml:5:1: error: unknown field 'regoin'" in result.stderr
    assert "FAILED: 1 error(s), 1 warning(s)" in result.stderr
    summarised = run_generator(project, "check", env={"GITHUB_ACTIONS": "true"})
    assert summarised.stdout.splitlines() == [
        "::error file=content/partners/ghana.yml,line=5,col=1::unknown field 'regoin' (hint: did you mean 'region'?)",
        "::warning title=Translation::1 text(s) not yet translated (partners 1)",
    ]


def test_cli_counts_untranslated_texts_per_kind_and_lists_them_on_request(project: Path) -> None:
    """Errors first and in full, other warnings in full, untranslated texts counted per kind."""
    write(project, {
        "content/partners/mali.yml": edit(PARTNER_TEXT, "name: Ghana", "name: Mali") + "administration: Douanes maliennes\n",
        GHANA: PARTNER_TEXT + "administration: Ghana Revenue Authority\n",
        EVENT: edit(EVENT_TEXT, "venue:", "venu:") + "summary: A workshop\n",
        "content/partners/notes.txt": "to do",
    })
    result = run_generator(project, "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"{EVENT}:1:1: error: missing required field 'venue'"
    assert [line for line in lines if "warning:" in line] == [
        "content/partners/notes.txt:1:1: warning: not a record file: it is ignored",
        "warning: 3 text(s) not yet translated (events 1, partners 2)",
    ]
    assert lines[-2] == "  hint: 'make check UNTRANSLATED=1' (python -m generator check --untranslated) lists each one"
    assert "not yet translated into French" not in result.stderr
    assert re.match(r"FAILED: \d+ error\(s\), 4 warning\(s\); translation coverage: en 100%, fr \d+%$", lines[-1]), lines[-1]
    listed = run_generator(project, "check", "--untranslated").stderr.splitlines()
    assert [line.split(":")[0] for line in listed if "not yet translated into French" in line] == [
        EVENT, GHANA, "content/partners/mali.yml"]
    assert not [line for line in listed if line.startswith("warning: ")], "no count when each one is listed"


def test_cli_warnings_pass_unless_strict(project: Path) -> None:
    write(project, {GHANA: PARTNER_TEXT + "administration: Ghana Revenue Authority\n"})
    relaxed = run_generator(project, "check")
    assert relaxed.returncode == 0, relaxed.stderr
    assert "warning: 1 text(s) not yet translated (partners 1)" in relaxed.stderr
    assert "ok: 0 error(s), 1 warning(s)" in relaxed.stderr
    strict = run_generator(project, "check", "--strict")
    assert strict.returncode == 1
    assert "content/partners/ghana.yml:5:17: warning: administration: not yet translated into French" in strict.stderr
    assert "FAILED: 1 error(s), 0 warning(s)" in strict.stderr


def test_cli_unreadable_file_has_no_traceback(project: Path) -> None:
    write(project, {GHANA: b"name: \xc3\x28\n"})
    result = run_generator(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/partners/ghana.yml:1:7: error: invalid UTF-8 byte 0xc3 at byte 6" in result.stderr
    assert "nothing was generated or published" in result.stderr
