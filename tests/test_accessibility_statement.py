"""The accessibility statement: generated in both languages from content/programme.yml, linked from every page's footer."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

import pytest
import yaml
from babel.dates import format_date
from conftest import ROOT, copy_golden_project, run_generator
from html_dom import one, parse_file, select, text_of

PROGRAMME = yaml.safe_load((ROOT / "content" / "programme.yml").read_text(encoding="utf-8"))
LANGS = {"en": "", "fr": "fr/"}


@pytest.mark.parametrize("lang", list(LANGS))
def test_the_statement_names_the_standard_the_checks_the_limits_the_contact_and_the_review(built_site: Path, lang: str) -> None:
    article = one(parse_file(built_site / LANGS[lang] / "accessibility" / "index.html"), "article")
    text = " ".join(text_of(article).split())
    assert "WCAG" in text and "2.2" in text and "AA" in text
    for tool in ("axe-core", "W3C", "Lighthouse"):
        assert tool in text, tool
    headings = select(article, "h2")
    assert len(headings) == 5, [text_of(h) for h in headings]  # status, checks, limits, feedback, preparation: the EU model's
    limitations = headings[2].getnext()
    assert limitations is not None and limitations.tag == "ul" and len(select(limitations, "li")) >= 2
    reviewed = PROGRAMME["accessibility_reviewed"]
    assert isinstance(reviewed, dt.date), "accessibility_reviewed is a day"
    assert format_date(reviewed, "long", locale=lang) in text.replace("\u202f", " ").replace("\u00a0", " ")
    contact = PROGRAMME.get("accessibility_contact")
    links = [a.get("href") for a in select(article, "a")]
    if contact:
        assert contact in links
    else:
        assert not [href for href in links if href and href.startswith("mailto:")], "no contact is published"
        assert ("No contact address" if lang == "en" else "Aucune adresse de contact") in text


def test_every_page_links_to_the_statement_in_its_language(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("*.html") if "admin" not in p.relative_to(built_site).parts]
    assert len(pages) > 100
    for path in pages:
        rel = path.relative_to(built_site).as_posix()
        if rel in ("404.html", "fr/404.html"):
            continue  # served at any depth: MkDocs writes its links from the root
        lang = "fr" if rel.startswith("fr/") else "en"
        (link,) = select(parse_file(path), "footer .acip-footer-links a")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), link.get("href") or ""))
        assert target == LANGS[lang] + "accessibility", (rel, link.get("href"))
        assert text_of(link) == {"en": "Accessibility", "fr": "Accessibilité"}[lang], rel


def test_the_contact_comes_from_the_programme_record(tmp_path: Path) -> None:
    root = copy_golden_project(tmp_path / "project")
    programme = root / "content" / "programme.yml"
    record = yaml.safe_load(programme.read_text(encoding="utf-8"))
    record.update(accessibility_contact="mailto:access@example.org", accessibility_reviewed="2026-11-30")
    programme.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_generator(root, "build")
    assert result.returncode == 0, result.stderr
    for lang in LANGS:
        day = format_date(dt.date(2026, 11, 30), "long", locale=lang)
        page = (root / "build" / "docs" / lang / "accessibility.md").read_text(encoding="utf-8")
        assert '<a href="mailto:access@example.org">access@example.org</a>' in page, lang
        assert day in page.replace("\u202f", " ").replace("\u00a0", " "), lang
        assert 'edit_path: "content/programme.yml"' in page, "editing the statement opens the record it reads"
