"""Project settings the generator needs from the MkDocs configuration."""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.values import LANGUAGES

if TYPE_CHECKING:
    import yaml

CHECK_INPUTS = ("mkdocs.yml", "content", "docs", *(f"templates/strings.{lang}.yml" for lang in LANGUAGES))
"""Every file and folder ``check`` reads, relative to the root: its report stays valid while their bytes do."""


@functools.cache
def _config_loader() -> type[yaml.SafeLoader]:
    """A loader for mkdocs.yml that ignores its MkDocs-specific tags (!ENV, !!python/name).

    Made on first use: a `check` answered from build/cache/ reads no YAML, and importing PyYAML was 8 % of it.
    """
    import yaml

    def ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
        return None

    def env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        """MkDocs' ``!ENV [NAME, default]``: the variable if set, else the default."""
        if isinstance(node, yaml.SequenceNode):
            items = loader.construct_sequence(node)
        else:
            items = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else []
        for name in items[:-1] if len(items) > 1 else items:
            if str(name) in os.environ:
                return os.environ[str(name)]
        return items[-1] if len(items) > 1 else None

    class ConfigLoader(yaml.SafeLoader):
        pass

    ConfigLoader.add_constructor("!ENV", env)
    ConfigLoader.add_multi_constructor("!", ignore)
    ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", ignore)
    return ConfigLoader


@dataclass(frozen=True)
class Settings:
    root: Path
    site_url: str
    repo_url: str
    edit_branch: str
    fictitious_countries: bool = False
    """``extra: fictitious_countries: true``: a test project whose fictitious partners have user-assigned codes (XA–XZ)."""
    site_name: str = ""  # the name the site's header shows beside its logo (the web editor's too)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def generated(self) -> Path:
        return self.root / "build" / "docs"

    def base_url(self, lang: str) -> str:
        if not self.site_url:
            return ""
        from generator.urls import language_root  # here: the command line reads settings before the pipeline

        return self.site_url.rstrip("/") + "/" + language_root(lang)


def read_config(root: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as a dictionary, its ``!ENV`` values read from the environment; empty when there is none."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    import yaml

    return yaml.load(path.read_text(encoding="utf-8"), Loader=_config_loader()) or {}


def load_settings(root: Path) -> Settings:
    config = read_config(root)
    extra = config.get("extra") or {}
    return Settings(root, str(config.get("site_url") or ""), str(config.get("repo_url") or ""),
                    str(extra.get("edit_branch") or "main"), extra.get("fictitious_countries") is True,
                    str(config.get("site_name") or ""))


def build_time(root: Path) -> dt.datetime:
    """The build's notion of 'now': SOURCE_DATE_EPOCH if set, else the start of today (UTC).

    The day it is built, not the last commit's: a daily publish moves an event that has ended from
    "Upcoming" to its year with no commit. The start of the day, not the clock: every build of the
    same sources on the same day is byte-identical. ``root`` is kept for callers that pass it.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    today = dt.datetime.now(tz=dt.UTC).date()
    return dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)
