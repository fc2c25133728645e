"""Compare two built sites file by file, ignoring what differs only because a build ran.

Two builds of the same content differ only in the sitemap's dates (and the gzip header of
``sitemap.xml.gz``) and in the order of the search index's entries; everything else is
byte-identical (SOURCE_DATE_EPOCH fixes the dates the pages print). Those files are read
through :func:`normalise` before they are compared; pages are compared byte for byte.
"""

from __future__ import annotations

import gzip
import html
import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from generator import frontmatter, urls
from generator.fields import ID_PATTERN
from generator.values import LANGUAGES, SOURCE_LANGUAGE

_MIN_TEXT = 4
DATA_SUFFIXES = (".json", ".csv", ".ics", ".xml", ".xml.gz", ".geojson")
_LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")
_STATUS_ORDER = {"changed": 0, "added": 1, "removed": 2}
_LANGUAGE_PREFIXES = tuple(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)


@dataclass(frozen=True)
class PageChange:
    """A page (one language) that was added, changed or removed."""

    status: str  # "added", "changed" or "removed"
    url: str  # site path, e.g. "fr/events/isc-2020/"
    file: str  # the HTML file under the site folder
    title: str
    records: tuple[str, ...]  # the record, template or page behind it, then the changed records it shows
    direct: bool = False  # the file behind the page itself changed (not only a record it shows)

    def sort_key(self) -> tuple[int, bool, str, str]:
        """Pages whose own record changed first; each page's languages side by side."""
        lang, _, rest = self.url.partition("/")
        lang, path = (lang, rest) if lang in _LANGUAGE_PREFIXES else ("", self.url)
        return (_STATUS_ORDER[self.status], not self.direct, path, lang)


@dataclass(frozen=True)
class FileChange:
    """A data file or other non-page file that was added, changed or removed."""

    status: str
    path: str


@dataclass
class Changes:
    """Everything that differs between the two sites."""

    pages: list[PageChange] = field(default_factory=list)
    data: list[FileChange] = field(default_factory=list)
    other: list[FileChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.pages or self.data or self.other)


def normalise(path: str, data: bytes) -> bytes:
    """The bytes of a built file with what differs between builds of the same content taken out."""
    name = path.rsplit("/", 1)[-1]
    if name == "sitemap.xml.gz":
        data, name = gzip.decompress(data), "sitemap.xml"
    if name == "sitemap.xml":
        return _LASTMOD.sub(b"", data)
    if name in ("search_index.json", "search_index.js"):
        text = data.decode("utf-8")
        prefix = text[: text.index("{")] if "{" in text else ""
        index = json.loads(text[len(prefix):])
        docs = sorted(index.get("docs", []), key=lambda d: (d.get("location", ""), d.get("title", ""), d.get("text", "")))
        return (prefix + json.dumps({**index, "docs": docs}, sort_keys=True, ensure_ascii=False)).encode("utf-8")
    return data


def site_url(file: str) -> str:
    """Where a built HTML file is served: ``events/x/index.html`` → ``events/x/``; ``404.html`` stays."""
    if file == "index.html":
        return ""
    if file.endswith("/index.html"):
        return file[: -len("index.html")]
    return file


class _PageReader(HTMLParser):
    """The title and the link targets of a built page (the standard library's HTML parser)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.links: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self.title:  # the document's, not an inline SVG's
            self._in_title = True
        elif tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def read_page(data: bytes) -> _PageReader:
    reader = _PageReader()
    reader.feed(data.decode("utf-8", errors="replace"))
    reader.close()
    return reader


def _linked(url: str, links: Iterable[str]) -> set[str]:
    """Site paths of the pages that a page at ``url`` links to (relative links only)."""
    found: set[str] = set()
    base = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
    for href in links:
        href = href.split("#", 1)[0].split("?", 1)[0]
        if not href or "://" in href or href.startswith(("mailto:", "data:", "/")):
            continue
        target = posixpath.normpath(posixpath.join(base or ".", href))
        if target == ".":
            target = ""
        elif target.endswith("/index.html"):
            target = target[: -len("index.html")]
        elif not target.endswith(".html") and "." not in target.rsplit("/", 1)[-1]:
            target += "/"
        found.add(target)
    return found


def page_sources(generated: Path, languages: Iterable[str]) -> dict[str, str]:
    """Site path → the file an editor changes to change it, from the generated Markdown's ``edit_path``.

    Pages without one were copied from ``docs/<lang>/`` by hand; their source is that file.
    """
    sources: dict[str, str] = {}
    for lang in languages:
        folder = generated / lang
        if not folder.is_dir():
            continue
        prefix = urls.language_root(lang)
        for markdown in folder.rglob("*.md"):
            relative = markdown.relative_to(folder).as_posix()
            sources[prefix + urls.served(relative)] = _edit_path(markdown) or f"docs/{lang}/{relative}"
    return sources


def _edit_path(markdown: Path) -> str | None:
    value = frontmatter.read(markdown.read_text(encoding="utf-8")).get("edit_path")
    return str(value) if value else None


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


Texts = Mapping[str, tuple[frozenset[str], frozenset[str]]]
"""A changed record file → the texts it no longer holds and the texts it holds now."""


def compare(before: Path, after: Path, sources: dict[str, str], changed_records: Iterable[str], texts: Texts | None = None) -> Changes:
    """Every page and file that differs between the built sites ``before`` and ``after``.

    ``sources`` maps a site path to its record (both builds merged); ``changed_records`` are the
    files that differ between the two commits. A changed page also names those among them whose
    own page it links to, which is how a listing shows a record, and those whose changed text
    (``texts``) it shows, which is how a record without a page of its own (a donor, a region) shows.
    """
    old, new = _files(before), _files(after)
    record_pages: dict[str, set[str]] = {}
    changed = set(changed_records)
    for url, source in sources.items():
        if source in changed:
            record_pages.setdefault(source, set()).add(url)
    result = Changes()
    homes = [urls.language_root(lang) + "404.html" for lang in LANGUAGES]
    names = {_title(read_page(files[home].read_bytes()).title, ()) for files in (old, new) for home in homes if home in files}
    for path in sorted(old.keys() | new.keys()):
        a = old[path].read_bytes() if path in old else None
        b = new[path].read_bytes() if path in new else None
        if a is not None and b is not None and (a == b or normalise(path, a) == normalise(path, b)):
            continue
        status = "added" if a is None else "removed" if b is None else "changed"
        if path.endswith(".html"):
            reader = read_page(b if b is not None else a or b"")
            url = site_url(path)
            own = sources.get(url)
            links = _linked(url, reader.links)
            shown = sorted({r for r, urls in record_pages.items() if r != own and urls & links}
                           | {r for r in _showing(texts or {}, a, b) if r != own})
            records = tuple([own] if own else []) + tuple(shown)
            result.pages.append(PageChange(status, url, path, _title(reader.title, names), records, own in changed))
        elif path.endswith(DATA_SUFFIXES):
            result.data.append(FileChange(status, path))
        else:
            result.other.append(FileChange(status, path))
    result.pages.sort(key=PageChange.sort_key)
    return result


def _showing(texts: Texts, before: bytes | None, after: bytes | None) -> set[str]:
    """The records whose removed text the old page shows, or whose added text the new page shows."""
    old = before.decode("utf-8", errors="replace") if before else ""
    new = after.decode("utf-8", errors="replace") if after else ""
    return {record for record, (removed, added) in texts.items()
            if any(_shows(old, text) for text in removed) or any(_shows(new, text) for text in added)}


def _shows(page: str, text: str) -> bool:
    return text in page or html.escape(text) in page


def record_texts(old: str | None, new: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The texts of a record file's two versions (YAML; None where absent) that only one of them holds.

    Short values (ids, codes, numbers) are left out: they would be found on pages that do not show the record.
    """
    before, after = _leaves(old), _leaves(new)
    return frozenset(before - after), frozenset(after - before)


def _leaves(text: str | None) -> set[str]:
    try:
        data = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return set()
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and len(value.strip()) >= _MIN_TEXT and not ID_PATTERN.fullmatch(value.strip()):
            found.add(value.strip())  # ids and choices ("workshop") read as words on many pages

    walk(data)
    return found


def _title(title: str, site_names: Iterable[str]) -> str:
    """The page's own title, without the " - Site name" the theme appends (the home page's title)."""
    title = " ".join(title.split())
    for name in site_names:
        if name and title.endswith(" - " + name):
            return title[: -len(" - " + name)]
    return title
