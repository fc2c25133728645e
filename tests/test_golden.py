"""Golden (snapshot) tests: every file the generator writes for a small, fixed, fictitious project.

tests/golden/project/content/ holds a programme, one region, two factors, one donor, one tool,
two fictitious partners with user-assigned country codes (XA, XB: no real country's name or flag;
one not translated, so its French page shows the record's name), a published PID with outcomes,
indicators and measures, a not-published PID, two related events (one past, one upcoming at
the fixed build date) and one news post. It is generated with the real templates/, docs/,
overrides/ and MkDocs configuration at a fixed build date. One page of every generated kind,
in both languages, is compared with tests/golden/expected/<lang>/, and so are the Atom feed,
the calendar and one open-data file of each format (the same in both languages, so kept once
in tests/golden/expected/data/).

A template change that alters these files fails here with a diff. When the change is
intended, regenerate the expected files, review their diff, and run the tests again:

    .venv/bin/pytest tests/test_golden.py --update-golden

A run with ``--update-golden`` compares nothing, so it always fails (tests/conftest.py). The
world map's land and country outlines are replaced by "…" in the snapshots:
tests/test_worldmap.py covers the geometry, and the snapshots keep the map's structure,
links and labels.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, allow_fictitious_countries, run_generator

from generator.values import LANGUAGES

GOLDEN = Path(__file__).resolve().parent / "golden"
EXPECTED = GOLDEN / "expected"
BUILD_EPOCH = "1718000000"  # 2024-06-10: the kick-off is past, the review meeting upcoming
LANGS = ("en", "fr")
# Every kind of generated page, and the feed and calendar, in each language.
PAGES = (
    "index.md",
    "partners/index.md",
    "partners/amberland.md",
    "partners/coralia.md",
    "pids/index.md",
    "pids/amberland.md",
    "pids/coralia.md",
    "factors/index.md",
    "factors/automation.md",
    "events/index.md",
    "events/kickoff-2020.md",
    "events/review-2024.md",
    "news/index.md",
    "news/posts/kickoff-2020.md",
    "resources/index.md",
    "map.md",
    "data/index.md",
    "editors/fields.md",
    "accessibility.md",
    "feed.xml",
    "events.ics",
)
# Open data: one file of each format; the same bytes in both languages' folders.
DATA = ("data/partners.json", "data/partners.csv")
_PATH_DATA = re.compile(r'(<path\b[^>]*?\sd=")[^"]*(")')


def _updating(config: pytest.Config) -> bool:
    """``--update-golden`` (tests/conftest.py): rewrite instead of comparing, and fail the run."""
    return bool(config.getoption("--update-golden"))


def normalise(text: str) -> str:
    """What a snapshot keeps: everything but the map's outline data."""
    return _PATH_DATA.sub(r"\1…\2", text)


def golden_project(root: Path) -> Path:
    """The golden content with the real templates, hand-written pages, overrides and configuration."""
    root.mkdir(parents=True)
    shutil.copytree(GOLDEN / "project" / "content", root / "content")
    for part in ("templates", "docs", "overrides"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    allow_fictitious_countries(root)
    return root


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden project generated (Markdown only, no MkDocs) with --strict at the fixed date: build/docs/."""
    root = golden_project(tmp_path_factory.mktemp("golden") / "project")
    result = run_generator(root, "build", "--strict", env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, f"the golden project must generate with --strict:\n{result.stderr}"
    return root / "build" / "docs"


def compare(actual: str, name: str, config: pytest.Config) -> None:
    """``actual`` against tests/golden/expected/``name``, or written there with --update-golden."""
    expected_path = EXPECTED / name
    if _updating(config):
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_bytes(actual.encode("utf-8"))
        return
    assert expected_path.is_file(), f"no snapshot {expected_path.relative_to(ROOT)}; run with --update-golden (see this module's docstring)"
    expected = expected_path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                            f"expected/{name}", f"generated/{name}"))
        pytest.fail(f"{name} differs from its snapshot (if intended, run with --update-golden):\n{diff}")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_matches_snapshot(generated: Path, request: pytest.FixtureRequest, lang: str, page: str) -> None:
    compare(normalise((generated / lang / page).read_bytes().decode("utf-8")), f"{lang}/{page}", request.config)


@pytest.mark.parametrize("name", DATA)
def test_open_data_matches_snapshot(generated: Path, request: pytest.FixtureRequest, name: str) -> None:
    english = (generated / "en" / name).read_bytes()
    assert all((generated / lang / name).read_bytes() == english for lang in LANGS), f"{name} differs between languages"
    compare(english.decode("utf-8"), name, request.config)


def test_no_stale_snapshots(request: pytest.FixtureRequest) -> None:
    wanted = {f"{lang}/{page}" for lang in (*LANGS, THIRD) for page in PAGES} | set(DATA)
    present = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file()} if EXPECTED.is_dir() else set()
    stale = present - wanted
    if _updating(request.config):
        for name in stale:
            (EXPECTED / name).unlink()
        return
    assert not stale, f"snapshots no test compares: {sorted(stale)}; delete them or run with --update-golden"


def test_golden_project_covers_what_it_claims(generated: Path) -> None:
    """The fixture keeps exercising the parts of the templates the snapshots are meant to pin."""
    pid = (generated / "en/pids/amberland.md").read_text(encoding="utf-8")
    assert "## Specific outcomes" in pid and "<th>Indicator</th>" in pid and "<th>Measure</th>" in pid
    assert "acip-status--cancelled" in pid and "#outcome-2" not in pid.split("## Specific outcomes")[0]
    assert "has not been published" in (generated / "en/pids/coralia.md").read_text(encoding="utf-8")
    home = (generated / "en/index.md").read_text(encoding="utf-8")
    assert "**Next:**" in home and "**Most recent:**" in home
    coralia = (generated / "fr/partners/coralia.md").read_text(encoding="utf-8")
    assert "# Coralia" in coralia and "Côte d’Ivoire" not in coralia  # a user-assigned code: the record's name, no CLDR name
    amberland = (generated / "fr/partners/amberland.md").read_text(encoding="utf-8")
    assert "Ambrelande" in amberland and "<dd>Ambrelande</dd>" in amberland  # the record's names name its country too
    assert "Related events" in (generated / "en/events/review-2024.md").read_text(encoding="utf-8")  # derived backlink
    assert "BEGIN:VEVENT" in (generated / "en/events.ics").read_text(encoding="utf-8")
    assert "<entry>" in (generated / "en/feed.xml").read_text(encoding="utf-8")
    assert "amberland" in (generated / "en/data/partners.csv").read_text(encoding="utf-8")
    # The programme over time: a total, an addition, a lower bound, a derived figure; a round with a disputed partner.
    assert 'role="img"' in home and "acip-chart__item--bound" in home and "acip-chart__item--derived" in home
    resources = (generated / "en/resources/index.md").read_text(encoding="utf-8")
    assert "more than 5,678" in resources and "Sources differ on" in resources
    assert "(sources differ)" in (generated / "en/partners/coralia.md").read_text(encoding="utf-8")


# --- a third language ---------------------------------------------------------------------------------
# Added as the README's recipe adds one: its code in values.LANGUAGES (here patched into the generator's
# process, so the site itself never gets it) and its catalogue (tests/golden/languages/strings.es.yml).

THIRD = "es"
_WITH_THIRD = (f"import sys, generator.values as v; v.LANGUAGES = (*v.LANGUAGES, {THIRD!r}); "
               "from generator.cli import main; sys.exit(main())")


def run_with_third_language(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_EPOCH}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-c", _WITH_THIRD, "--root", str(root), *args], cwd=ROOT,
                          capture_output=True, text=True, env=environment, timeout=600)


@pytest.fixture(scope="module")
def third(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The golden project generated with a third language; the project and what ``check --untranslated`` says."""
    root = golden_project(tmp_path_factory.mktemp("golden-third") / "project")
    shutil.copy2(GOLDEN / "languages" / f"strings.{THIRD}.yml", root / "templates" / f"strings.{THIRD}.yml")
    result = run_with_third_language(root, "build")  # not --strict: every record text is untranslated in it
    assert result.returncode == 0, f"the golden project must generate with a third language:\n{result.stderr}"
    checked = run_with_third_language(root, "check", "--untranslated")
    assert checked.returncode == 0, checked.stderr
    return root, checked.stderr


@pytest.mark.parametrize("page", PAGES)
def test_third_language_page_matches_snapshot(third: tuple[Path, str], request: pytest.FixtureRequest, page: str) -> None:
    root, _ = third
    compare(normalise((root / "build/docs" / THIRD / page).read_bytes().decode("utf-8")), f"{THIRD}/{page}", request.config)


def test_third_language_falls_back_to_english_and_is_reported(third: tuple[Path, str]) -> None:
    root, report = third
    event = (root / "build/docs" / THIRD / "events/kickoff-2020.md").read_text(encoding="utf-8")
    assert 'class="acip-untranslated"' in event and "Eventos relacionados" not in event.split("\n---\n", 1)[0]
    assert "Lugar" in event, "interface strings come from its catalogue"
    assert "not yet translated into Spanish" in report, report
    coverage = re.search(r"translation coverage: (.*)", report)
    assert coverage and "en 100%" in coverage.group(1) and f"{THIRD} " in coverage.group(1), report
    assert float(re.search(rf"{THIRD} (\d+)%", coverage.group(1)).group(1)) < 50  # type: ignore[union-attr]


def test_third_language_gets_its_configuration_and_alternates(third: tuple[Path, str]) -> None:
    root, _ = third
    config = yaml.load((root / "build/config" / f"mkdocs.{THIRD}.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["theme"]["language"] == THIRD and config["site_name"] == "Programa A-CIP"
    assert [next(iter(item)) for item in config["nav"]][:2] == ["Inicio", "Socios"]
    assert [alt["lang"] for alt in config["extra"]["alternate"]] == [*LANGUAGES, THIRD]
    page = (root / "build/docs/fr/partners/amberland.md").read_text(encoding="utf-8")
    assert f'"lang": "{THIRD}", "href": "http://127.0.0.1:8000/{THIRD}/partners/amberland/"' in page


def test_the_published_site_stays_english_and_french(built_site: Path) -> None:
    assert THIRD not in LANGUAGES and not (ROOT / "templates" / f"strings.{THIRD}.yml").exists()
    assert {p.name for p in built_site.iterdir() if p.is_dir() and len(p.name) == 2} == set(LANGUAGES[1:])
