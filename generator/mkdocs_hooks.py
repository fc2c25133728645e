"""MkDocs hooks: the thin adapter between MkDocs (or a drop-in fork) and the generator.

- ``mkdocs serve`` regenerates the pages before each rebuild, so a YAML or
  template edit shows up in the browser, and so do its errors (generator/preview.py);
- a generated page's "edit this page" button opens its YAML record;
- a page with a link-preview card (generation's ``.cards.json``) gets it as its ``image``;
- templates get ``absolute_url``: a link resolved against ``site_url``, for the
  hreflang links and link previews, which must be absolute (overrides/partials/head-meta.html).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the mkdocs console script does not put the project on sys.path
    sys.path.insert(0, str(ROOT))

import pathspec  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from generator import build, cards, offline, preview, urls  # noqa: E402
from generator.errors import ContentError  # noqa: E402
from generator.model import LANGUAGES  # noqa: E402
from generator.settings import load_settings  # noqa: E402

_command = "build"


def on_startup(command: str, dirty: bool, **_: Any) -> None:
    global _command
    _command = command


def on_pre_build(config: Any, **_: Any) -> None:
    if _command != "serve" and os.environ.get("ACIP_PREGENERATED") == "1":
        return
    settings = load_settings(ROOT)
    languages: tuple[str, ...] = LANGUAGES
    if _command == "serve":  # a preview serves one language: regenerate only that one, twice as fast
        served = Path(config["docs_dir"]).resolve()
        languages = tuple(lang for lang in LANGUAGES if (settings.generated / lang).resolve() == served) or LANGUAGES
        preview.regenerate(config, lambda: build.generate(settings, languages=languages), settings.templates)
        return
    try:
        build.generate(settings, languages=languages)
    except ContentError as exc:
        raise Abort("content problems:\n" + "\n".join(d.format() for d in exc.diagnostics)) from None


def on_post_build(config: Any, **_: Any) -> None:
    preview.show_errors(config)  # a preview whose content failed shows the problems in place of its pages


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any, **_: Any) -> str:
    edit_path = page.meta.get("edit_path")
    if edit_path and config.repo_url:
        branch = (config.extra or {}).get("edit_branch", "main")
        page.edit_url = f"{config.repo_url.rstrip('/')}/edit/{branch}/{edit_path}"
    if "image" not in page.meta and page.file.src_uri in _card_pages:  # its link-preview card
        page.meta["image"] = cards.card_path(page.file.src_uri)
    return markdown


_card_pages: frozenset[str] = frozenset()


def on_files(files: Any, config: Any, **_: Any) -> Any:
    """Which pages have a card: generation's plan beside the pages. Publishing draws them into the built site;
    a preview has none, and needs none (browsers do not fetch ``og:image``)."""
    global _card_pages
    plan = cards.Plan.read(Path(config["docs_dir"]))
    _card_pages = frozenset(plan.pages) if plan else frozenset()
    return files


def on_env(env: Any, config: Any, files: Any, **_: Any) -> Any:
    site_url = config.site_url or "/"
    env.filters["absolute_url"] = lambda link: urljoin(site_url if site_url.endswith("/") else site_url + "/", str(link))
    return env


@event_priority(-100)  # after Material's offline plugin has turned directory URLs off
def on_config(config: Any, **_: Any) -> Any:
    # Record pages are reached from index pages, never listed in the sidebar: where they are is urls.py's to say.
    config.not_in_nav = pathspec.gitignore.GitIgnoreSpec.from_lines(urls.not_in_nav())
    if not config.use_directory_urls and "polyfills" in config.extra:
        config.extra["polyfills"] = offline.polyfills(config.extra["polyfills"])
    return config


def on_page_content(html: str, page: Any, config: Any, files: Any, **_: Any) -> str:
    if config.use_directory_urls:
        return html
    return offline.file_links(html, page.file.src_uri, page.file.dest_uri, {f.dest_uri for f in files})
