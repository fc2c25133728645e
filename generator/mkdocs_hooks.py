"""MkDocs hooks: the thin, stateless adapter between MkDocs (or a drop-in fork) and the generator.

Everything a page needs is in its Markdown and front matter and in its language's configuration, both
written by the generator (``pagemeta.py``, ``siteconfig.py``), so a plain ``mkdocs build`` of generated
pages needs no hook, and other builders read the same files. What is left here:

- under ``mkdocs serve``, every rebuild regenerates the served language's pages first, so a YAML or
  template edit shows up in the browser (``on_serve`` wraps the server's builder; a build never regenerates),
  and so do its errors, in place of the pages (``preview.py``);
- the downloadable preview (``use_directory_urls: false``, ``ACIP_OFFLINE=true``) gets its ``file://``
  links and polyfills from ``offline.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the mkdocs console script does not put the project on sys.path
    sys.path.insert(0, str(ROOT))

from mkdocs.plugins import event_priority  # noqa: E402

from generator import build, offline, preview  # noqa: E402
from generator.settings import load_settings  # noqa: E402
from generator.values import LANGUAGES  # noqa: E402


def regenerate(docs_dir: Path, root: Path | None = None) -> None:
    """Generate the language whose pages MkDocs reads from ``docs_dir`` (a preview serves one: twice as fast)."""
    settings = load_settings(root or ROOT)
    served = docs_dir.resolve()
    languages = tuple(lang for lang in LANGUAGES if (settings.generated / lang).resolve() == served) or LANGUAGES
    build.generate(settings, languages=languages)


def regenerating(builder: Callable[..., Any], config: Any, root: Path | None = None) -> Callable[..., Any]:
    """``builder`` preceded by a regeneration: what the server runs after each change it sees.

    A content or template error does not stop the preview: MkDocs rebuilds from the last good pages,
    and ``preview.py`` shows the problems in their place until the next rebuild that succeeds.
    """
    docs_dir, site = Path(config["docs_dir"]), Path(config["site_dir"])
    lang, templates = preview.served_language(config), load_settings(root or ROOT).templates

    def rebuild(*args: Any, **kwargs: Any) -> Any:
        problems = preview.regenerate(site, lang, lambda: regenerate(docs_dir, root), templates)
        result = builder(*args, **kwargs)
        if problems is not None:
            preview.show(site, problems)
        return result

    return rebuild


def on_serve(server: Any, config: Any, builder: Callable[..., Any], **_: Any) -> Any:
    """The server's first build follows `make serve`'s own generation; each later one regenerates first."""
    server.builder = regenerating(builder, config)
    return server


@event_priority(-100)  # after Material's offline plugin has turned directory URLs off
def on_config(config: Any, **_: Any) -> Any:
    if not config.use_directory_urls and "polyfills" in config.extra:
        config.extra["polyfills"] = offline.polyfills(config.extra["polyfills"])
    return config


def on_page_content(html: str, page: Any, config: Any, files: Any, **_: Any) -> str:
    if config.use_directory_urls:
        return html
    return offline.file_links(html, page.file.src_uri, page.file.dest_uri, {f.dest_uri for f in files})
