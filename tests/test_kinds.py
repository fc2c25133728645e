"""A kind is declared once: a new kind, or a new reference field, needs no other Python change.

The first test declares a kind of its own (a study visit, with references at the top level and
inside a list of objects), gives it two templates and its catalogue strings, and builds a project
with it through MkDocs --strict: it is validated, resolved, linked back, rendered, published as open
data and served. The second adds reference fields to the declaration of an existing kind (as a
maintainer edits model.py) and expects a dangling reference to be an error with its file, line and column.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_golden_project
from test_load_validate import edit, located, run_check, write

from generator import build, model, publish, urls
from generator.declare import attr, declared, shape
from generator.fields import ListOf, Ref, Text, When
from generator.model import Localized, PartialDate
from generator.schema import RecordKind, register, unregister
from generator.settings import load_settings


@declared
class Stop:
    """One administration on a visit's way."""

    partner: str = attr(Ref(kind="partner", doc="The administration visited."))
    topic: Localized = attr(Text(max_length=200, doc="What was looked at there."))


@declared
class Visit(model.Record):
    """A study visit by one partner's officers to others."""

    title: Localized = attr(Text(doc="Name of the visit."))
    start: PartialDate = attr(When(doc="When it began."))
    host: str = attr(Ref(kind="partner", doc="The partner whose officers travel."))
    stops: tuple[Stop, ...] = attr(ListOf(item=shape(Stop), doc="Where they went."), default=())


VISIT = RecordKind("visit", "visits", "study visit", Visit, "A study visit: content/visits/<id>.yml.",
                   pages="visits", template="visit.md.j2", index="visits/index.md", index_template="visits.md.j2",
                   order=lambda v: (v.start.earliest(), v.id))

TEMPLATES = {
    "templates/visit.md.j2": """{% from "_macros.md.j2" import front, partner_a with context %}
{{ front(visit.title | plain, _("study visit") ~ colon_text ~ " " ~ (visit.title | plain), page.source) }}

# {{ visit.title | t }}

{{ _("Host") }}{{ colon }} {{ partner_a(site.partners[visit.host]) }}

{% for stop in visit.stops %}
- {{ partner_a(site.partners[stop.partner]) }}{{ colon }} {{ stop.topic | t }}
{% endfor %}

[{{ _("All study visits") }}]({{ link(urls.index_of("visit")) }})
""",
    "templates/visits.md.j2": """{% from "_macros.md.j2" import front with context %}
{{ front(_("All study visits"), _("All study visits")) }}

# {{ _("All study visits") }}

{% for visit in site.records_of("visit") %}
- [{{ visit.title | t }}]({{ link(path_of(visit)) }})
{% endfor %}
""",
}
STRINGS = {"study visit": "visite d’étude", "Host": "Hôte", "All study visits": "Toutes les visites d’étude"}
RECORD = """title:
  en: "Visit to Coralia"
  fr: "Visite en Coralie"
start: 2021-03
host: amberland
stops:
  - partner: coralia
    topic: {en: "Risk management", fr: "Gestion des risques"}
"""


@pytest.fixture
def visits() -> Iterator[RecordKind]:
    """The kind, registered for one test: declaring it is the only step."""
    register(VISIT)
    try:
        yield VISIT
    finally:
        unregister(VISIT)


def _with_strings(root: Path, strings: dict[str, str]) -> None:
    catalogue = root / "templates" / "strings.fr.yml"
    lines = "".join(f"{json.dumps(en, ensure_ascii=False)}: {json.dumps(fr, ensure_ascii=False)}\n" for en, fr in strings.items())
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + lines, encoding="utf-8")


def test_a_new_kind_is_validated_rendered_and_built(tmp_path: Path, visits: RecordKind) -> None:
    root = copy_golden_project(tmp_path / "project")
    write(root, {**TEMPLATES, "content/visits/coralia-2021.yml": RECORD})
    _with_strings(root, STRINGS)
    settings = load_settings(root)

    checked, _ = build.generate(settings)
    site = checked.site
    assert site is not None
    visit = site.of(Visit)["coralia-2021"]
    assert [stop.partner for stop in visit.stops] == ["coralia"]
    assert site.referring(Visit, site.partners["coralia"]) == [visit]  # a reference inside a list of objects
    assert site.referring(Visit, site.partners["amberland"]) == [visit]

    page = (settings.generated / "fr" / "visits" / "coralia-2021.md").read_text(encoding="utf-8")
    assert "# Visite en Coralie" in page and "edit_path: \"content/visits/coralia-2021.yml\"" in page
    assert '<a href="../../partners/amberland/">' in page and "Gestion des risques" in page
    index = (settings.generated / "en" / "visits" / "index.md").read_text(encoding="utf-8")
    assert "[Visit to Coralia](coralia-2021.md)" in index
    data = json.loads((settings.generated / "en" / "data" / "visits.json").read_text(encoding="utf-8"))
    assert data == [{"id": "coralia-2021", "title": {"en": "Visit to Coralia", "fr": "Visite en Coralie"}, "start": "2021-03",
                     "host": "amberland", "stops": [{"partner": "coralia", "topic": {"en": "Risk management",
                                                                                     "fr": "Gestion des risques"}}]}]
    assert (settings.generated / "en" / "data" / "schemas" / "visit.schema.json").is_file()
    fields = (settings.generated / "en" / "editors" / "fields.md").read_text(encoding="utf-8")
    assert "{ #visit }" in fields and "| The administration visited. |" in fields  # the nested field is documented

    publish.build_site(root, root / "site")  # MkDocs --strict, both languages
    built = root / "site" / "visits" / "coralia-2021" / "index.html"
    html = built.read_text(encoding="utf-8")
    assert 'href="../../partners/coralia/"' in html and (root / "site" / "partners" / "coralia" / "index.html").is_file()
    assert (root / "site" / "fr" / "visits" / "coralia-2021" / "index.html").is_file()
    assert 'href="coralia-2021/"' in (root / "site" / "visits" / "index.html").read_text(encoding="utf-8")
    assert urls.url_for("visit", "coralia-2021") == "visits/coralia-2021/"

    write(root, {"content/visits/coralia-2021.yml": edit(RECORD, "  - partner: coralia", "  - partner: coralla")})
    assert located(run_check(root).diagnostics) == [
        ("content/visits/coralia-2021.yml", 7, 14, "stops[0].partner: unknown partner 'coralla'")]


# What a maintainer adds to model.py: a reference on a kind's top level, and one inside nested lists.
MODEL_EDITS = (
    ('    summary: Localized | None = attr(Text(multiline=True, rich=True, max_length=3000, doc="What happened."), default=None)',
     '    zz_host: str | None = attr(Ref(kind="partner", doc="The partner that hosted it."), default=None)\n'),
    ('    due: PartialDate | None = attr(When(finest="month", doc="When it is due."), default=None)',
     '    owner: str | None = attr(Ref(kind="partner", doc="Who carries it out."), default=None)\n'),
)


def test_a_reference_field_added_to_a_declaration_is_checked(tmp_path: Path) -> None:
    root = copy_golden_project(tmp_path / "project")
    model_py = root / "generator" / "model.py"
    text = model_py.read_text(encoding="utf-8")
    for anchor, added in MODEL_EDITS:
        text = edit(text, anchor, added + anchor) if "zz_host" in added else edit(text, anchor, anchor + "\n" + added.rstrip("\n"))
    model_py.write_text(text, encoding="utf-8")
    event, pid = root / "content/events/kickoff-2020.yml", root / "content/pids/amberland.yml"
    event.write_text(event.read_text(encoding="utf-8") + "zz_host: amberlnd\n", encoding="utf-8")
    pid.write_text(edit(pid.read_text(encoding="utf-8"), '        due: "2021-06"\n', '        due: "2021-06"\n        owner: no-such-partner\n'),
                   encoding="utf-8")

    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check"], cwd=root,  # the edited copy
                            capture_output=True, text=True, env=environment, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    shown = result.stdout + result.stderr
    event_line = len(event.read_text(encoding="utf-8").splitlines())
    assert f"content/events/kickoff-2020.yml:{event_line}:10: error: zz_host: unknown partner 'amberlnd'" in shown
    assert "did you mean 'amberland'?" in shown
    assert re.search(r"content/pids/amberland\.yml:\d+:16: error: specific_outcomes\[0\]\.measures\[0\]\.owner: "
                     r"unknown partner 'no-such-partner'", shown), shown
    assert "Traceback" not in shown
