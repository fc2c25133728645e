"""Every address a record cites is one that the programme's sources give.

The sources are the folder ``../shared/sources/`` beside the repository (facts.md,
notes-2019-2026.md and the 2020-02-25 news item). It is not part of the repository, so CI
cannot read it: ``tests/data/source-urls.txt`` holds a copy of every address it gives, and
records are checked against that copy. Where the folder is reachable (a checkout beside it),
the copy must match it, so it cannot drift.

The notes say that a wcoomd.org news item under ``/zh-cn/``, ``/es-es/`` or ``/ru-ru/`` is the
same article as at ``/en/`` (and ``/fr/``), and that ``/en/`` is the address to cite; the
language segment, the ``?p=1`` the stored copies carry and http/https therefore do not make
two addresses different. Anything else does: a slug differing by one character is another page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

SOURCES = ROOT.parent / "shared" / "sources"
ALLOWED = ROOT / "tests" / "data" / "source-urls.txt"
_URL = re.compile(r"https?://[^\s<>\"'()\[\]]+")
_IN_SOURCES = re.compile(r"https?://[^\s<>\"]+")
_WCO_ARTICLE = re.compile(r"^https?://(?:www\.)?wcoomd\.org/(?:en|fr|es-es|zh-cn|ru-ru)/(.+?)(?:\?p=1)?$")


def same_page(url: str) -> str:
    """The form two addresses of one page share (see the module's docstring)."""
    article = _WCO_ARTICLE.match(url)
    if article:
        return "wcoomd.org/" + article.group(1)
    return re.sub(r"^http://", "https://", url)


def addresses_in_sources(folder: Path) -> list[str]:
    """Every complete address in the sources' files; one cut short with '...' is not an address."""
    found = set()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        for match in _IN_SOURCES.finditer(path.read_text(encoding="utf-8")):
            if not match.group(0).endswith("..."):
                found.add(match.group(0).rstrip(".,;:)»"))
    return sorted(found)


def allowed() -> list[str]:
    lines = ALLOWED.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def cited(root: Path) -> Iterator[tuple[str, str]]:
    """(record file, address) for every address in every record: its sources, links in its texts, its website."""
    for path in sorted((root / "content").rglob("*.yml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in _strings(record):
            for match in _URL.finditer(text):
                yield path.relative_to(root).as_posix(), match.group(0).rstrip(".,;:")


def test_the_list_is_the_sources_addresses() -> None:
    urls = allowed()
    assert urls == sorted(set(urls)), f"{ALLOWED.name}: keep it sorted, one address a line"
    assert all(_URL.fullmatch(url) for url in urls), [url for url in urls if not _URL.fullmatch(url)]
    if SOURCES.is_dir():  # a checkout beside the sources: the copy must say what they say
        assert urls == addresses_in_sources(SOURCES), f"{ALLOWED.relative_to(ROOT)} differs from {SOURCES}: copy it again"


def test_every_cited_address_is_in_the_sources() -> None:
    known = {same_page(url) for url in allowed()}
    records = list(cited(ROOT))
    assert len({path for path, _ in records}) > 100  # the real content, read
    unknown = [f"{path}: {url}" for path, url in records if same_page(url) not in known]
    assert not unknown, "addresses no source gives:\n" + "\n".join(unknown)


@pytest.mark.parametrize(("cited_url", "listed", "same"), [
    ("https://www.wcoomd.org/en/media/newsroom/2021/june/x.aspx",
     "https://www.wcoomd.org/es-es/media/newsroom/2021/june/x.aspx?p=1", True),
    ("https://www.wcoomd.org/fr/media/newsroom/2020/february/x.aspx",
     "http://www.wcoomd.org/fr/media/newsroom/2020/february/x.aspx", True),
    ("https://www.wcoomd.org/en/media/newsroom/2024/september/with-the-wco-acip-programme.aspx",
     "https://www.wcoomd.org/en/media/newsroom/2024/september/with-the-wco-a-cip-programme.aspx", False),
    ("https://mag.wcoomd.org/fr/magazine/x", "https://mag.wcoomd.org/magazine/x", False),
    ("https://example.org/a", "https://example.org/a?p=1", False),
])
def test_same_page(cited_url: str, listed: str, same: bool) -> None:
    assert (same_page(cited_url) == same_page(listed)) is same
