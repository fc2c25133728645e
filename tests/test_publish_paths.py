"""The edges between the generator and the world: the preview hook, the publishing swap, hand-written pages,
the writer and the open data's CSV.

Each test runs on the small fictitious golden project (tests/golden/project/), so the builds here take
seconds, not the real site's minute.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from conftest import copy_golden_project, run_generator

from generator import docs as handwritten
from generator import mkdocs_hooks
from generator.errors import Severity
from generator.localize import Catalogue
from generator.write import write_tree

EPOCH = "1718000000"  # the golden build date, 2024-06-10
CATALOGUE = Catalogue(Path(__file__).resolve().parent.parent / "templates")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    return copy_golden_project(tmp_path / "project")


def publish_before(root: Path) -> dict[str, bytes]:
    """A site already published in ``root/site``, which a failing build must leave as it is."""
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the published site</p>\n", encoding="utf-8")
    return tree(site)


def assert_nothing_published(root: Path, result: subprocess.CompletedProcess[str], published: dict[str, bytes]) -> None:
    """A failed `site`: it says so, the published site is byte for byte as it was, and nothing is left behind."""
    assert result.returncode == 1, result.stderr
    assert "FAILED: the previous site/ is unchanged" in result.stderr
    assert tree(root / "site") == published
    assert not (root / "site.previous").exists() and not list(root.glob(".site-*"))


def rename_partner(root: Path, new: str) -> None:
    record = root / "content/partners/amberland.yml"
    record.write_text(record.read_text(encoding="utf-8").replace('en: "Amberland"', f'en: "{new}"', 1), encoding="utf-8")


# --- the serve hook (generator/mkdocs_hooks.py) -----------------------------------------------------


@pytest.fixture
def hook(golden: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The MkDocs hook pointed at the golden project, at the fixed build date."""
    monkeypatch.setattr(mkdocs_hooks, "ROOT", golden)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return golden


class FakeServer:
    """What ``mkdocs serve`` hands the hook: a server whose ``builder`` runs after each change it sees."""

    def __init__(self) -> None:
        self.builds = 0

        def builder() -> None:
            self.builds += 1

        self.builder = builder


def test_serve_regenerates_the_served_language_before_each_rebuild(hook: Path) -> None:
    server = FakeServer()
    config = {"docs_dir": str(hook / "build/docs/en"), "site_dir": str(hook / "served"), "theme": {"language": "en"}}
    served = mkdocs_hooks.on_serve(server, config, server.builder)
    assert not (hook / "build/docs").exists(), "the server's first build follows `make serve`'s own generation"
    served.builder()
    page = hook / "build/docs/en/partners/amberland.md"
    assert "Amberland" in page.read_text(encoding="utf-8") and server.builds == 1
    assert not (hook / "build/docs/fr").exists(), "a preview of the English site regenerates English only"
    rename_partner(hook, "Amberland Renamed")
    served.builder()  # the rebuild after the editor saved the record
    assert "Amberland Renamed" in page.read_text(encoding="utf-8") and server.builds == 2


def test_the_hook_keeps_no_state_and_reads_no_environment() -> None:
    """A stateless adapter: no module-level variable, and nothing read from the environment."""
    source = Path(mkdocs_hooks.__file__).read_text(encoding="utf-8")
    assert "global " not in source and "os.environ" not in source and "getenv" not in source
    assert not hasattr(mkdocs_hooks, "on_pre_build"), "a build never regenerates: `make site` and `make serve` generate first"


def test_serve_shows_content_errors_in_place_of_the_pages(hook: Path, tmp_path: Path) -> None:
    """A rebuild whose content fails still builds from the last good pages, whose HTML gives way to the list of
    problems; the next rebuild that succeeds brings the pages back."""
    served = tmp_path / "served"
    page = served / "partners/amberland/index.html"
    builds: list[int] = []

    def builder() -> None:  # what MkDocs' serve builder leaves in the served folder
        builds.append(1)
        if not page.exists():
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text("<h1>Amberland</h1>", encoding="utf-8")

    config = {"docs_dir": str(hook / "build/docs/en"), "site_dir": str(served), "theme": {"language": "en"}}
    rebuild = mkdocs_hooks.regenerating(builder, config)
    rebuild()
    before = tree(hook / "build/docs")
    record = hook / "content/partners/amberland.yml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("country: XA", "country: xa"), encoding="utf-8")
    rebuild()
    assert tree(hook / "build/docs") == before, "the preview keeps the last good pages"
    shown = page.read_text(encoding="utf-8")
    assert "content/partners/amberland.yml:5:10" in shown and "country: &#39;xa&#39; must be upper case" in shown, shown
    record.write_text(good, encoding="utf-8")
    rebuild()
    assert page.read_text(encoding="utf-8") == "<h1>Amberland</h1>", "the page is written again once the record is fixed"
    assert len(builds) == 3 and not [p for p in served.rglob("*") if p.name.startswith(".")]


# --- publishing: `site` over an existing site/ ------------------------------------------------------


def test_site_replaces_the_published_site_and_clears_site_previous(golden: Path) -> None:
    (golden / "site/old").mkdir(parents=True)
    (golden / "site/old/index.html").write_text("<p>the previous publication</p>\n", encoding="utf-8")
    (golden / "site.previous").mkdir()  # left over by an interrupted swap
    (golden / "site.previous/stale.html").write_text("stale\n", encoding="utf-8")
    result = run_generator(golden, "site", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    site = golden / "site"
    assert not (site / "old").exists(), "the new site replaces the old one, it is not merged into it"
    assert "Amberland" in (site / "partners/amberland/index.html").read_text(encoding="utf-8")
    assert "Ambrelande" in (site / "fr/partners/amberland/index.html").read_text(encoding="utf-8")
    assert not (golden / "site.previous").exists()
    assert not list(golden.glob(".site-*")), "no staging folder is left behind"
    rename_partner(golden, "Amberland Renamed")
    again = run_generator(golden, "site", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert again.returncode == 0, again.stderr
    assert "Amberland Renamed" in (site / "partners/amberland/index.html").read_text(encoding="utf-8")
    assert not (golden / "site.previous").exists() and not list(golden.glob(".site-*"))


def test_one_language_failing_publishes_nothing(golden: Path) -> None:
    published = publish_before(golden)
    # MkDocs refuses a French page only (a link to nowhere, under --strict): the English site builds, the French one does not.
    (golden / "docs/fr/broken.md").write_text("# Cassée\n\n[Nulle part](no-such-page-anywhere.md)\n", encoding="utf-8")
    result = run_generator(golden, "site", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 1, result.stderr
    assert "build of the fr site failed" in result.stderr and "build of the en site failed" not in result.stderr, result.stderr
    assert "no-such-page-anywhere" in result.stderr
    assert_nothing_published(golden, result, published)


def test_cards_are_drawn_into_the_site_not_the_generated_pages(golden: Path) -> None:
    result = run_generator(golden, "site", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    assert not list((golden / "build/docs").rglob("assets/cards")), "generation only plans the cards"
    texts = set()
    for lang, prefix in (("en", ""), ("fr", "fr/")):
        planned = json.loads((golden / "build/docs" / lang / ".cards.json").read_text(encoding="utf-8"))["pages"]
        markdown = {p.relative_to(golden / "build/docs" / lang).as_posix() for p in (golden / "build/docs" / lang).rglob("*.md")}
        assert set(planned) == markdown, "every page of the golden project has a title, so a card"
        drawn = {p.relative_to(golden / "site" / prefix / "assets/cards").as_posix() for p in (golden / "site" / prefix / "assets/cards").rglob("*.png")}
        assert drawn == {page.removesuffix(".md") + ".png" for page in markdown}
        texts |= {(lang, *card) for card in planned.values()}
    assert len(list((golden / "build/cache/cards").rglob("*.png"))) == len(texts), "each card drawn is kept for the next build"


def test_a_failing_card_step_publishes_nothing(golden: Path) -> None:
    published = publish_before(golden)
    (golden / "build/cache").mkdir(parents=True)
    (golden / "build/cache/cards").write_text("a file where the card cache's folder goes\n", encoding="utf-8")
    result = run_generator(golden, "site", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert "drawing the link-preview cards failed" in result.stderr, result.stderr
    assert_nothing_published(golden, result, published)


def test_a_broken_link_in_one_language_fails_the_strict_build(golden: Path) -> None:
    """MkDocs' --strict counts warnings; nothing may silence them (--quiet did), or a broken link is published."""
    published = publish_before(golden)
    page = golden / "docs/fr/editors/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Une page](nulle-part.md)\n", encoding="utf-8")
    result = run_generator(golden, "site", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert "build of the fr site failed" in result.stderr and "nulle-part.md" in result.stderr, result.stderr
    assert "INFO" not in result.stderr, "MkDocs' progress lines are not shown to editors"
    assert_nothing_published(golden, result, published)

# --- hand-written pages (generator/docs.py) ---------------------------------------------------------


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_untranslated_page_falls_back_to_english_with_a_note(tmp_path: Path) -> None:
    docs = write(tmp_path / "docs", {
        "en/guide/index.md": "---\ntitle: Guide\n---\n\n# Guide\n\nEnglish text.\n",
        "en/plain.md": "# Plain\n",
        "en/guide/diagram.svg": "<svg/>",
        "fr/translated.md": "# Traduit\n",
        "en/translated.md": "# Translated\n",
    })
    trees, diagnostics = handwritten.collect(docs, generated=set(), catalogue=CATALOGUE)
    french = trees["fr"]["guide/index.md"].decode("utf-8")
    assert french.startswith("---\ntitle: Guide\nedit_path: docs/en/guide/index.md\n---\n\n")
    assert "Page non traduite" in french and french.endswith("# Guide\n\nEnglish text.\n")
    assert trees["fr"]["plain.md"].decode("utf-8").startswith("---\nedit_path: docs/en/plain.md\n---\n\n!!! note")
    assert trees["fr"]["guide/diagram.svg"] == b"<svg/>"  # not a page: copied as it is, no note
    assert trees["fr"]["translated.md"] == b"# Traduit\n" and trees["en"]["translated.md"] == b"# Translated\n"
    assert trees["en"]["guide/index.md"].decode("utf-8") == "---\ntitle: Guide\n---\n\n# Guide\n\nEnglish text.\n"
    warnings = sorted((d.path, d.severity, d.message) for d in diagnostics)
    assert warnings == [
        ("docs/en/guide/index.md", Severity.WARNING, "page has no fr version (docs/fr/guide/index.md)"),
        ("docs/en/plain.md", Severity.WARNING, "page has no fr version (docs/fr/plain.md)"),
    ]


def test_hand_written_page_cannot_replace_a_generated_one(tmp_path: Path) -> None:
    docs = write(tmp_path / "docs", {"en/partners/index.md": "# Mine\n", "fr/partners/index.md": "# À moi\n", "en/other.md": "# Other\n"})
    trees, diagnostics = handwritten.collect(docs, generated={"partners/index.md"}, catalogue=CATALOGUE)
    errors = sorted((d.path, d.line, d.col, d.severity, d.message, d.hint) for d in diagnostics if d.severity is Severity.ERROR)
    message = "'partners/index.md' is a generated page; a hand-written page cannot replace it"
    hint = "rename the file or move it to another folder"
    assert errors == [("docs/en/partners/index.md", 1, 1, Severity.ERROR, message, hint),
                      ("docs/fr/partners/index.md", 1, 1, Severity.ERROR, message, hint)]
    assert "partners/index.md" not in trees["en"] and "partners/index.md" not in trees["fr"]


def test_collision_fails_the_build_with_its_location(golden: Path) -> None:
    write(golden / "docs", {"en/partners/index.md": "# Mine\n"})
    result = run_generator(golden, "build", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 1
    assert ("docs/en/partners/index.md:1:1: error: 'partners/index.md' is a generated page; "
            "a hand-written page cannot replace it") in result.stderr, result.stderr


# --- write_tree (generator/write.py) ----------------------------------------------------------------


def test_write_tree_removes_the_page_of_a_removed_record(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"partners/a.md": b"A", "partners/b.md": b"B", "events/x.md": b"X", "index.md": b"I"})
    changed = write_tree(out, {"partners/a.md": b"A", "index.md": b"I"})
    assert tree(out) == {"partners/a.md": b"A", "index.md": b"I"}
    assert sorted(changed) == ["events/x.md", "partners/b.md"]
    assert not (out / "events").exists(), "a folder left empty goes too"


def test_removing_a_record_removes_its_generated_page(golden: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    assert run_generator(golden, "build", env=env).returncode == 0
    assert (golden / "build/docs/en/events/review-2024.md").is_file()
    (golden / "content/events/review-2024.yml").unlink()
    record = golden / "content/events/kickoff-2020.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("related:\n  - review-2024\n", ""), encoding="utf-8")
    result = run_generator(golden, "build", env=env)
    assert result.returncode == 0, result.stderr
    for lang in ("en", "fr"):
        assert not (golden / f"build/docs/{lang}/events/review-2024.md").exists()
        assert (golden / f"build/docs/{lang}/events/kickoff-2020.md").is_file()


@pytest.mark.parametrize("path", ["../escaped.md", "a/../../escaped.md", "/tmp/escaped.md", "", "."])
def test_write_tree_refuses_paths_outside_the_output_folder(tmp_path: Path, path: str) -> None:
    out = tmp_path / "deep" / "out"
    with pytest.raises(ValueError, match="refusing to write outside the output folder"):
        write_tree(out, {path: b"escaped"})
    assert not (tmp_path / "deep" / "escaped.md").exists() and not (tmp_path / "escaped.md").exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()], "nothing was written anywhere"


# --- open data: spreadsheet formulas ----------------------------------------------------------------


FORMULAS = {"=HYPERLINK(\"http://x.test\",\"y\")": "'=HYPERLINK(\"http://x.test\",\"y\")",
            "+1+2": "'+1+2", "-3+4": "'-3+4", "@SUM(A1)": "'@SUM(A1)"}


def test_csv_neutralises_spreadsheet_formulas(golden: Path) -> None:
    texts = list(FORMULAS)
    record = golden / "content/partners/amberland.yml"
    text = record.read_text(encoding="utf-8")
    text = text.replace('en: "Amberland Revenue Authority, Customs Division"', f"en: {json.dumps(texts[0])}")
    text = text.replace('fr: "Autorité fiscale de l’Ambrelande, division des douanes"', f"fr: {json.dumps(texts[1])}")
    text = text.replace('en: "Amberland"', f"en: {json.dumps(texts[2])}")
    record.write_text(text, encoding="utf-8")
    tool = golden / "content/tools/idg.yml"
    tool.write_text(tool.read_text(encoding="utf-8").replace("short_name: IDG", f"short_name: {json.dumps(texts[3])}"), encoding="utf-8")
    result = run_generator(golden, "build", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    data = golden / "build/docs/en/data"
    partners = {row["id"]: row for row in csv.DictReader(io.StringIO((data / "partners.csv").read_text(encoding="utf-8")))}
    amberland = partners["amberland"]
    assert amberland["administration_en"] == FORMULAS[texts[0]]
    assert amberland["administration_fr"] == FORMULAS[texts[1]]
    assert amberland["name_en"] == FORMULAS[texts[2]]
    tools = {row["id"]: row for row in csv.DictReader(io.StringIO((data / "tools.csv").read_text(encoding="utf-8")))}
    assert tools["idg"]["short_name_en"] == FORMULAS[texts[3]]
    every_cell = [cell for name in ("partners.csv", "tools.csv")
                  for row in csv.reader(io.StringIO((data / name).read_text(encoding="utf-8"))) for cell in row]
    assert not [cell for cell in every_cell if cell[:1] in ("=", "+", "-", "@")], "no cell may start a formula"
    # JSON is not read by spreadsheets: it keeps the editor's text as it is.
    as_json = {r["id"]: r for r in json.loads((data / "partners.json").read_text(encoding="utf-8"))}
    assert as_json["amberland"]["administration"]["en"] == texts[0]
