"""The web editor's config is derived from the schema: every kind, every field, the right widget."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel import Locale

from generator import cms, model
from generator.declare import attr, declared, shape
from generator.fields import (
    Boolean,
    Choice,
    Country,
    Field,
    ListOf,
    Number,
    Obj,
    Ref,
    Text,
    Url,
    When,
    country_codes,
)
from generator.schema import KINDS, KINDS_BY_NAME, RecordKind
from generator.settings import Settings, load_settings
from generator.values import Localized, PartialDate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return cms.config(load_settings(ROOT))


def _collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [c for c in config["collections"] if c["name"] == name]
    return found


def _fields(collection: dict[str, Any]) -> list[dict[str, Any]]:
    return collection["files"][0]["fields"] if "files" in collection else collection["fields"]


def _js_pattern(pattern: str) -> re.Pattern[str]:
    """Decap's patterns are JavaScript regular expressions; these use only syntax Python reads the same way."""
    return re.compile(pattern)


def _check_widget(spec: Field, widget: dict[str, Any], where: str) -> None:
    """One field's widget against its declaration, recursively."""
    if isinstance(spec, Text):
        if spec.translatable and not spec.auto_translated:
            assert widget["widget"] == "object", where
            boxes = {box["name"]: box for box in widget["fields"]}
            assert list(boxes) == ["en", "fr"], where
            assert boxes["en"]["required"] is spec.required and boxes["fr"]["required"] is False, where
            inner = boxes["en"]
        else:
            inner = widget
        assert inner["widget"] == ("text" if spec.multiline else "string"), where
        length = _js_pattern(inner["pattern"][0])
        assert length.fullmatch("x" * spec.max_length) and not length.fullmatch("x" * (spec.max_length + 1)), where
    elif isinstance(spec, Ref):
        target = KINDS_BY_NAME[spec.kind]
        assert widget["widget"] == "relation" and widget["collection"] == target.name, where
        assert widget["value_field"] == "{{slug}}", where
        shown = widget["display_fields"][0].split(".")[0]
        assert shown in target.shape.fields, where
    elif isinstance(spec, Choice):
        assert widget == {**widget, "widget": "select", "options": list(spec.choices)}, where
        assert not set(spec.synonyms) & set(widget["options"]), where
    elif isinstance(spec, Country):
        assert widget["widget"] == "select", where
        assert {o["value"] for o in widget["options"]} == country_codes(), where
        ghana = next(o for o in widget["options"] if o["value"] == "GH")
        assert ghana["label"].startswith(Locale("en").territories["GH"]), where
    elif isinstance(spec, When):  # text with a pattern: a picker would make up a day or month the source does not give
        pattern = _js_pattern(widget["pattern"][0])
        assert widget["widget"] == "string" and "YYYY" in widget["hint"], where
        for precision, example in (("year", "2021"), ("month", "2021-10"), ("day", "2021-10-04")):
            assert bool(pattern.fullmatch(example)) == (precision in spec.precisions), where
        assert not pattern.fullmatch("2021-13") and not pattern.fullmatch("2021-02-32"), where
    elif isinstance(spec, Url):
        pattern = _js_pattern(widget["pattern"][0])
        assert widget["widget"] == "string", where
        assert pattern.fullmatch("https://www.wcoomd.org/a?b=c") and not pattern.fullmatch("javascript:alert(1)"), where
    elif isinstance(spec, Number):
        assert widget["widget"] == "number" and widget["value_type"] == ("int" if spec.integer else "float"), where
    elif isinstance(spec, Boolean):
        assert widget["widget"] == "boolean", where
    elif isinstance(spec, ListOf) and isinstance(spec.item, Ref):
        assert widget["multiple"] is True, where
        _check_widget(spec.item, {**widget, "multiple": False}, where)
    elif isinstance(spec, ListOf) and isinstance(spec.item, Obj):
        assert widget["widget"] == "list", where
        _check_fields(spec.item, widget["fields"], where)
    elif isinstance(spec, ListOf):
        assert widget["widget"] == "list", where
        _check_widget(spec.item, widget["field"], where + "[]")
    elif isinstance(spec, Obj):
        assert widget["widget"] == "object", where
        if spec.required:
            _check_fields(spec, widget["fields"], where)
        else:  # Decap would require the fields of an optional object left empty; `check` requires them once it is written
            assert not [entry["name"] for entry in widget["fields"] if entry["required"]], where
            _check_fields(spec, [{**entry, "required": spec.fields[entry["name"]].required} for entry in widget["fields"]], where)
    else:
        raise AssertionError(f"{where}: no check for {type(spec).__name__}")


def _check_fields(shape: Obj, fields: list[dict[str, Any]], where: str) -> None:
    assert [f["name"] for f in fields] == list(shape.fields), where
    for entry in fields:
        spec = shape.fields[entry["name"]]
        here = f"{where}.{entry['name']}"
        if spec.private:
            assert "never published" in entry["label"] and "never published" in entry["hint"].lower(), here
        if spec.doc:
            assert spec.doc in entry["hint"], here
        if not (isinstance(spec, ListOf) and not spec.min_items):
            assert entry["required"] is spec.required, here
        _check_widget(spec, entry, here)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_kind_and_field_has_its_widget(config: dict[str, Any], kind: RecordKind) -> None:
    collection = _collection(config, kind.name)
    if kind.folder:
        assert collection["folder"] == f"content/{kind.folder}" and collection["extension"] == "yml" and collection["create"]
        assert collection["slug"] == "{{slug}}"
    else:
        assert collection["files"][0]["file"] == f"content/{kind.name}.yml"
    _check_fields(kind.shape, _fields(collection), kind.name)


def test_every_content_folder_has_a_collection(config: dict[str, Any]) -> None:
    folders = {p.name for p in (ROOT / "content").iterdir() if p.is_dir()}
    assert folders <= {c["folder"].removeprefix("content/") for c in config["collections"] if "folder" in c}
    assert len(config["collections"]) == len(KINDS)


def test_events_are_edited_in_content_events(config: dict[str, Any]) -> None:
    """The collection keeps its name (open editorial-workflow entries stay attached); its files are in content/events/."""
    collection = _collection(config, "event")
    assert collection["folder"] == "content/events" and collection["label"] == "Workshops or meetings"
    assert not [c for c in config["collections"] if c.get("folder") == "content/workshops"]


def test_a_new_kind_gets_a_collection_without_editing_the_editor() -> None:
    """Kinds are being added (figures, survey rounds): any kind declared with the field classes works."""
    @declared
    class Answer:
        question: Localized = attr(Text())
        share: float | None = attr(Number(), default=None)

    @declared
    class Round(model.Record):
        name: Localized = attr(Text(doc="Name."))
        round: int = attr(Number(integer=True, minimum=1, doc="Which round."))
        held: PartialDate | None = attr(When(coarsest="day", doc="When."), default=None)
        partners: tuple[str, ...] = attr(ListOf(item=Ref(kind="partner"), doc="Who answered."), default=())
        answers: tuple[Answer, ...] = attr(ListOf(item=shape(Answer), doc="Results."), default=())

    shape_ = shape(Round)
    assert list(shape_.fields) == ["name", "round", "held", "partners", "answers", "internal", "notes"]
    assert [name for name, spec in shape_.fields.items() if spec.required] == ["name", "round"]
    kind = RecordKind("survey", "surveys", "survey round", Round, "A survey round.")
    collection = cms.collection(kind)
    assert collection["folder"] == "content/surveys" and collection["label"] == "Survey rounds"
    _check_fields(shape_, collection["fields"], "survey")


def test_backend_opens_pull_requests() -> None:
    settings = Settings(ROOT, "https://acip.example.org/", "https://github.com/wco/acip-site", "main")
    data = cms.config(settings, auth_url="https://cms-auth.example.org/")
    assert data["publish_mode"] == "editorial_workflow"
    assert data["backend"] == {**data["backend"], "name": "github", "repo": "wco/acip-site", "branch": "main",
                               "base_url": "https://cms-auth.example.org"}
    assert yaml.safe_load(cms.config_yaml(data)) == data
    assert "base_url" not in cms.config(settings)["backend"]


def test_admin_page_without_a_proxy_says_what_to_configure() -> None:
    settings = load_settings(ROOT)
    page = cms.admin_files(settings, auth_url="")["index.html"].decode()
    assert "not configured" in page and cms.AUTH_URL_VARIABLE in page
    assert '<script src="decap-cms.js">' not in page  # loaded only for a local decap-server
    configured = cms.admin_files(settings, auth_url="https://cms-auth.example.org")
    assert '<script src="decap-cms.js"></script>' in configured["index.html"].decode()
    assert "decap-cms.js" in configured and "config.yml" in configured
    assert cms.check_auth_url("http://cms-auth.example.org") and not cms.check_auth_url("https://cms-auth.example.org")


def test_the_built_site_serves_the_editor_from_itself(built_site: Path) -> None:
    admin = built_site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000
    assert yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))["publish_mode"] == "editorial_workflow"
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and not [s for s in sources if re.match(r"^[a-z]+:|^//", s)], sources
    assert not (built_site / "fr" / "admin").exists()


def test_the_editor_shows_the_programme_and_speaks_each_site_language(config: dict[str, Any]) -> None:
    """Decap's login page and header show the site's logo and name; each other language is a CMS_ENV of the config."""
    assert config["logo"] == {"src": cms.LOGO, "show_in_header": True} and config["locale"] == model.LANGUAGES[0]
    assert {lang: config[lang] for lang in model.LANGUAGES[1:]} == {lang: {"locale": lang} for lang in model.LANGUAGES[1:]}
    settings = load_settings(ROOT)
    files = cms.admin_files(settings, auth_url="https://cms-auth.example.org")
    logo = files[cms.LOGO].decode()
    assert settings.site_name and f"<title>{settings.site_name}</title>" in logo and 'color="#3f51b5"' in logo
    hostile = cms.logo_svg(Settings(ROOT, "", "", "main", site_name="<b>A & B</b>"))
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in hostile and "<b>" not in hostile
    page = files["index.html"].decode()
    assert "window.CMS_ENV = locale" in page and f"const languages = {list(model.LANGUAGES)!r}".replace("'", '"') in page
