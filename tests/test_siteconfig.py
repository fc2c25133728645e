"""Each language's builder configuration (generator/siteconfig.py): mkdocs.yml translated by the catalogue."""

from __future__ import annotations

from pathlib import Path

from generator import siteconfig
from generator.localize import Catalogue
from generator.settings import load_settings
from generator.values import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent


def test_tagged_values_reach_the_builder_as_written(tmp_path: Path) -> None:
    """``!ENV`` is resolved by the builder when it builds, and ``!!python/name`` (e.g. an emoji index) is kept."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: A-CIP Programme\n"
        'site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]\n'
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n"
        "  - offline:\n"
        "      enabled: !ENV [ACIP_OFFLINE, false]\n", encoding="utf-8")
    configs = siteconfig.configs(load_settings(tmp_path), Catalogue(ROOT / "templates"))
    assert set(configs) == {f"mkdocs.{lang}.yml" for lang in LANGUAGES}
    text = configs["mkdocs.fr.yml"].decode("utf-8")
    assert "enabled: !ENV [ACIP_OFFLINE, false]" in text
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji" in text
    assert "site_name: Programme A-CPI" in text


def test_each_language_gets_its_texts_folders_and_language_links() -> None:
    settings = load_settings(ROOT)
    catalogue = Catalogue(ROOT / "templates")
    base = siteconfig.read_base(ROOT)
    for lang in LANGUAGES:
        config = siteconfig.language_config(base, settings, catalogue, lang)
        folder = siteconfig.folder(ROOT)
        assert (folder / config["docs_dir"]).resolve() == (settings.generated / lang).resolve()
        assert (folder / config["theme"]["custom_dir"]).resolve() == (ROOT / "overrides").resolve()
        assert config["theme"]["language"] == lang
        assert [alt["lang"] for alt in config["extra"]["alternate"]] == list(LANGUAGES)
        own = next(alt for alt in config["extra"]["alternate"] if alt["lang"] == lang)
        assert own["link"] == "./" and own["locale"] == catalogue.languages[lang].locale
        assert all(alt["url"] == settings.base_url(alt["lang"]) for alt in config["extra"]["alternate"])
        labels = [next(iter(item)) for item in config["nav"]]
        assert labels == [catalogue.gettext(label, lang) for label in (next(iter(item)) for item in base["nav"])]
        assert config["not_in_nav"], "record pages are kept out of the sidebar"
