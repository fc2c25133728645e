"""Rendering the languages in forked processes gives exactly the pages of rendering them one by one."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import ROOT

from generator import parallel, render
from generator.resolve import Site, resolve
from generator.validate import validate


@pytest.fixture(scope="module")
def site() -> Site:
    content, _ = validate(ROOT, remember=False)
    resolved, problems = resolve(content, dt.date(2025, 11, 24))
    assert resolved is not None, problems
    return resolved


def _sequential(site: Site, templates: Path) -> dict[str, list[tuple[str, str]]]:
    return {lang: list(render.render_all(site, templates, lang)) for lang in ("en", "fr")}


def test_parallel_rendering_matches_sequential(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    expected = _sequential(site, ROOT / "templates")
    here: list[str] = []  # languages rendered in this process; the child's calls count in its own memory
    real = render.render_all
    monkeypatch.setattr(render, "render_all", lambda site, templates, lang: here.append(lang) or real(site, templates, lang))
    rendered = render.render_languages(site, ROOT / "templates", ("en", "fr"))
    assert here == ["en"], "French was not rendered by a forked child"
    assert rendered == expected
    assert len(rendered["fr"]) == len(render.plan(site)) > 50


def test_a_template_error_in_a_child_is_raised_with_its_location(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child only says it failed; the parent renders that language again and raises the real error."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    # Break only the French rendering, so the error can only come from the forked child's language.
    strings = templates / "strings.fr.yml"
    strings.write_text(strings.read_text(encoding="utf-8").replace('"Partner page":', '"Partner page (gone)":'), encoding="utf-8")
    monkeypatch.setattr(render, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    with pytest.raises((KeyError, ValueError, jinja2.TemplateError)) as raised:
        render.render_languages(site, templates, ("en", "fr"))
    assert "Partner page" in str(raised.value)
