"""Each language's builder configuration, written beside the generated pages: ``build/config/mkdocs.<lang>.yml``.

``mkdocs.yml`` is written once, in English; a language's configuration is that file with its texts
(site name, description, colour-scheme toggles, permalink title, navigation labels) translated by the
language's catalogue, its theme strings (``extra.theme_strings``, read by ``overrides/partials/language.html``),
the language links (``extra.alternate``), its folders, and the pages kept out of the navigation. It is a
complete file, not an ``INHERIT`` of ``mkdocs.yml``, so MkDocs and Zensical read it alike.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator import urls
from generator.localize import Catalogue
from generator.settings import Settings
from generator.values import LANGUAGES


@dataclass(frozen=True)
class _Tagged:
    """A tagged value of ``mkdocs.yml`` (``!ENV [NAME, default]``, ``!!python/name:…``), passed on as written:
    the builder resolves it when it builds, as it would reading ``mkdocs.yml`` itself."""

    tag: str
    value: Any  # a scalar's text, a sequence's items or a mapping


class _Loader(yaml.SafeLoader):
    pass


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    if isinstance(node, yaml.MappingNode):
        return _Tagged(node.tag, loader.construct_mapping(node, deep=True))
    return _Tagged(node.tag, loader.construct_scalar(node))  # type: ignore[arg-type]


_Loader.add_multi_constructor("!", _tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


class _Dumper(yaml.SafeDumper):
    pass


def _represent(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value, flow_style=True)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Dumper.add_representer(_Tagged, _represent)


def read_base(root: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as written, its tagged values kept for the builder."""
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader) or {}


_PATH_LISTS = ("hooks", "watch")  # settings that list files or folders, relative to the configuration's folder


def folder(root: Path) -> Path:
    """Where the configurations are written: a folder of their own, which generation keeps holding exactly them."""
    return root / "build" / "config"


def config_path(root: Path, lang: str) -> Path:
    """The configuration MkDocs (or Zensical) builds ``lang`` with."""
    return folder(root) / f"mkdocs.{lang}.yml"


def alternates(settings: Settings, catalogue: Catalogue, lang: str) -> list[dict[str, str]]:
    """Material's ``extra.alternate``: each language's root as seen from ``lang``'s root, its name and locale,
    and its absolute ``url`` (for the head's language links on pages without front matter: the blog's pagination)."""
    up = "../" * urls.language_root(lang).count("/")
    result = []
    for other in LANGUAGES:
        about = catalogue.languages[other]
        link = "./" if other == lang else up + urls.language_root(other) or "./"
        result.append({"name": about.name, "link": link, "lang": other, "locale": about.locale, "url": settings.base_url(other)})
    return result


def _translate(value: Any, gettext: Callable[[str], str]) -> Any:
    """The navigation with its labels translated: ``{"Home": "index.md"}`` → ``{"Accueil": "index.md"}``."""
    if isinstance(value, list):
        return [_translate(item, gettext) for item in value]
    if isinstance(value, dict):
        return {gettext(str(key)): _translate(item, gettext) for key, item in value.items()}
    return value


def language_config(base: dict[str, Any], settings: Settings, catalogue: Catalogue, lang: str,
                    where: Path | None = None, site_dir: Path | None = None) -> dict[str, Any]:
    """``mkdocs.yml`` (``base``, already read) for ``lang``, as a file in ``where`` (default: ``folder()``) reads it;
    ``site_dir`` replaces the site folder ``mkdocs.yml`` names."""
    here = where or folder(settings.root)

    def gettext(text: str) -> str:
        return catalogue.gettext(text, lang)

    def rebased(path: str | Path) -> str:
        """A path of ``mkdocs.yml`` (relative to the root) as seen from the configuration's folder."""
        return Path(os.path.relpath(settings.root / path, here)).as_posix()

    config = dict(base)
    for key in ("site_name", "site_description", "repo_name"):
        if config.get(key):
            config[key] = gettext(str(config[key]))
    config["site_url"] = settings.base_url(lang) or config.get("site_url")
    config["docs_dir"] = rebased(settings.generated / lang)
    config["edit_uri"] = f"edit/{settings.edit_branch}/{settings.docs.relative_to(settings.root).as_posix()}/{lang}/"
    config["site_dir"] = rebased(site_dir or posixpath.join(str(base.get("site_dir", "site")), urls.language_root(lang)).rstrip("/"))
    for key in _PATH_LISTS:
        if key in config:
            config[key] = [rebased(str(path)) for path in config[key]]
    theme = dict(config.get("theme") or {})
    theme["language"] = lang
    if theme.get("custom_dir"):
        theme["custom_dir"] = rebased(str(theme["custom_dir"]))
    theme["palette"] = [{**scheme, "toggle": {**scheme["toggle"], "name": gettext(scheme["toggle"]["name"])}}
                        if "toggle" in scheme else scheme for scheme in theme.get("palette") or []]
    config["theme"] = theme
    config["markdown_extensions"] = [
        {name: {**options, "permalink_title": gettext(options["permalink_title"])} if "permalink_title" in (options or {}) else options
         for name, options in item.items()} if isinstance(item, dict) else item
        for item in config.get("markdown_extensions") or []]
    config["extra"] = {**(config.get("extra") or {}), "alternate": alternates(settings, catalogue, lang),
                       "theme_strings": {"language": lang, **catalogue.theme[lang]},
                       # Every page's footer links the accessibility statement (overrides/partials/footer.html).
                       "footer_links": [{"href": urls.served(urls.PAGES["accessibility"]), "title": gettext("Accessibility")}]}
    if "nav" in config:
        config["nav"] = _translate(config["nav"], gettext)
    # Record pages are reached from index pages, never listed in the sidebar: where they are is urls.py's to say.
    config["not_in_nav"] = "\n".join(urls.not_in_nav())
    return config


def dump(config: dict[str, Any]) -> bytes:
    header = ("# Written by `python -m generator build` from mkdocs.yml and the language's catalogue\n"
              "# (templates/strings.<lang>.yml): edit those, never this file.\n")
    return (header + yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)).encode("utf-8")


def configs(settings: Settings, catalogue: Catalogue) -> dict[str, bytes]:
    """Every language's configuration, by file name in ``folder()``."""
    base = read_base(settings.root)
    return {config_path(settings.root, lang).name: dump(language_config(base, settings, catalogue, lang)) for lang in LANGUAGES}


def zensical_config(settings: Settings, lang: str) -> Path:
    """A language's configuration for Zensical, which wants the pages and the built site inside the configuration's
    folder: written beside the languages' pages (``build/docs/``), building into ``build/docs/.zensical/<lang>/``."""
    where = settings.generated
    config = language_config(read_base(settings.root), settings, Catalogue(settings.templates), lang, where,
                             where / ".zensical" / lang)
    path = where / f"zensical.{lang}.yml"
    path.write_bytes(dump(config))
    return path
