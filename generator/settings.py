"""Project settings the generator needs from the MkDocs configuration."""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

CHECK_INPUTS = ("mkdocs.yml", "content", "docs", "templates/strings.fr.yml")
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
        return self.site_url.rstrip("/") + "/" + ("" if lang == "en" else f"{lang}/")


def load_settings(root: Path) -> Settings:
    config: dict[str, Any] = {}
    path = root / "mkdocs.yml"
    if path.is_file():
        import yaml

        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_config_loader()) or {}
    extra = config.get("extra") or {}
    return Settings(root, str(config.get("site_url") or ""), str(config.get("repo_url") or ""),
                    str(extra.get("edit_branch") or "main"), str(config.get("site_name") or ""))


def build_time(root: Path) -> dt.datetime:
    """The build's notion of 'now': SOURCE_DATE_EPOCH, else the last commit, else the clock.

    Builds of one commit therefore agree on past and upcoming events and on every date they print.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        import subprocess

        try:
            epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                                   text=True, check=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            epoch = ""
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
