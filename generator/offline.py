"""The site as a folder of files: what the downloadable preview needs to browse from ``file://``.

Material's ``offline`` plugin (enabled by ``ACIP_OFFLINE=true``, see mkdocs.yml) turns off
directory URLs and inlines the search index. Two things remain for the MkDocs hook:

* links the templates write in raw HTML (tables, timelines) point at directories
  (``../events/isc-2020/``), which a browser opens as a folder listing from disk: they are
  pointed at the page's own file (``../events/isc-2020.html``, ``../events/index.html``);
* the plugin loads its ``file://`` Web Worker shim from a CDN; the same shim ships in
  ``docs/assets/javascripts/`` so that the preview contacts no other site.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection

from generator import urls

SHIM = "assets/javascripts/iframe-worker.js"
# A relative link to a directory, optionally with a fragment: href="../events/" or href="isc-2020/#venue".
_DIRECTORY_LINK = re.compile(r'(\bhref=")((?![a-z][a-z0-9+.-]*:|/|#)[^"#?]*/)(#[^"]*)?"', re.IGNORECASE)


def polyfills(current: list[str]) -> list[str]:
    """The plugin's polyfills with the CDN copy of the Worker shim replaced by the local one."""
    kept = [script for script in current if "iframe-worker" not in script]
    return [*kept, SHIM]


def served_at(source: str) -> str:
    """The folder a page is served as on the published site, which its links were written against.

    ``events/isc-2020.md`` → ``events/isc-2020``; ``events/index.md`` → ``events``; ``index.md`` → ``""``.
    """
    return urls.served(source).rstrip("/")


def file_links(html: str, source: str, output: str, files: Collection[str]) -> str:
    """``html`` of the page from ``source`` (built as ``output``) with directory links pointed at files.

    ``files`` are the site's output paths (``events/isc-2020.html``); a link whose target is
    neither ``<dir>.html`` nor ``<dir>/index.html`` is left as it was.
    """
    base, here = served_at(source), posixpath.dirname(output)

    def replace(match: re.Match[str]) -> str:
        href = match.group(2)
        target = posixpath.normpath(posixpath.join(base, href))
        target = "" if target == "." else target
        for candidate in (f"{target}.html" if target else None, posixpath.join(target, "index.html")):
            if candidate and candidate in files and not candidate.startswith("../"):
                relative = posixpath.relpath(candidate, here or ".")
                return f'{match.group(1)}{relative}{match.group(3) or ""}"'
        return match.group(0)

    return _DIRECTORY_LINK.sub(replace, html)
