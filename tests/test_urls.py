"""Page paths and served URLs come from generator/urls.py alone: templates, open data and MkDocs' nav ask it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pathspec.gitignore import GitIgnoreSpec

from generator import model, urls
from generator.schema import KINDS

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("path", "served"), [
    ("index.md", ""),
    ("partners/index.md", "partners/"),
    ("partners/ghana.md", "partners/ghana/"),
    ("map.md", "map/"),
    ("editors/fields.md", "editors/fields/"),
    ("news/index.md", "news/"),
    ("news/posts/malawi-joins-2020.md", "news/malawi-joins-2020/"),  # the blog plugin's post_url_format: "{slug}"
])
def test_served_urls_follow_mkdocs_and_the_blog_plugin(path: str, served: str) -> None:
    assert urls.served(path) == served


def test_data_and_schema_files_are_named_by_their_kind() -> None:
    event = next(kind for kind in KINDS if kind.name == "event")
    assert urls.data_file(event, ".csv") == "data/workshops.csv"  # a published name, kept when the folder moved
    assert urls.schema_file(event) == "data/schemas/event.schema.json"


def test_a_kind_without_pages_has_no_page_path() -> None:
    with pytest.raises(ValueError, match="has no page of its own"):
        urls.path_for("donor", "norad")


def test_a_record_and_its_id_give_the_same_page() -> None:
    event = model.Event(id="isc-2020", title=model.Localized("ISC"), start=model.PartialDate(2020, 2), end=model.PartialDate(2020, 2),
                        venue=model.Localized("Brussels"), participants=())
    assert urls.path_of(event) == urls.path_for("event", "isc-2020") == "events/isc-2020.md"
    assert urls.url_for("news", "x") == "news/x/" and urls.url_for("partner", "ghana") == "partners/ghana/"


def test_not_in_nav_matches_every_record_page() -> None:
    """(It only says which pages MkDocs need not find in the nav: the index pages are listed there all the same.)"""
    spec = GitIgnoreSpec.from_lines(urls.not_in_nav())
    with_pages = [kind.name for kind in KINDS if kind.pages]
    assert with_pages == ["factor", "partner", "pid", "event", "news"]
    for kind in with_pages:
        assert spec.match_file(urls.path_for(kind, "some-id")), kind
    assert spec.match_file(urls.PAGES["fields"]) and not spec.match_file(urls.PAGES["home"])


def test_the_blog_folder_is_the_one_mkdocs_yml_configures() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"blog_dir: news\b", config) and 'post_url_format: "{slug}"' in config
    assert "not_in_nav:" not in config.replace("# not_in_nav:", ""), "not_in_nav is set from urls.py by the hook"


def test_no_template_builds_a_page_path() -> None:
    """A path written out in a template ("events/" ~ id ~ ".md") would escape urls.py: ask path_of/path_for."""
    built = re.compile(r"""["'](partners|pids|factors|events|news/posts|data|data/schemas)/["']\s*~|~\s*["']\.(md|json|csv)["']"""
                       r"""|\b(link|url)\(\s*["'][^"']*\.(md|json|csv|ics|xml)["']""")
    offenders = [f"{template.name}:{n}" for template in sorted((ROOT / "templates").glob("*.j2"))
                 for n, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1) if built.search(line)]
    assert offenders == []
