"""Hostile payloads and a writer that plants them in every text field of a copied project.

Not a test module: ``tests/test_escaping.py`` and the browser tests import it.

``write_hostile_content(root)`` rewrites records of a project copy (see
``conftest.copy_project``) so that every text field of one partner (Ghana),
its PID (made ``in-implementation`` with outcomes, indicators and measures),
one event (the February 2020 coordinators' workshop), one news post (about
that workshop) — and, for the contexts they reach, the programme, the
partner's region, donor and an Arusha factor and tool — carries the payloads
below, in English and in French. Ids, dates, country codes, numbers and URLs
stay valid, so ``python -m generator site --strict`` must still build: the
payloads test escaping, not validation. ``javascript:``/``data:`` URLs are
rejected by validation and belong in a negative test, not here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

LONG_BRACKETS = "[" * 5000
"""A 5,000-character run of '[': fits only the longest fields (news body); shorter runs elsewhere."""

HOSTILE: list[str] = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    "# Heading injection",
    '{: onclick="alert(1)" }',
    '--8<-- "mkdocs.yml"',
    "{{ config }}",
    "{% raw %}",
    "</title><script>alert(1)</script>",
    "<!-- x -->",
    '![x](x" onerror="alert(1))',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    LONG_BRACKETS,
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">link</a>',
    "[ref]: javascript:alert(1)",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<https://example.org/\"onmouseover=\"alert(1)>",
    "*[HTML]: <script>alert(1)</script>",
    '<div markdown="1">**md_in_html**</div>',
    "| a | b |",
    "`code` ``double``",
    '!!! danger "admonition injection"',
    "<!-- more -->",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\<script\\>alert(1)\\</script\\>",
    "{#- comment -#}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "'; alert(1); //",
    '</textarea></style></noscript><script>alert(1)</script>',
    "<style>body{display:none}</style>",
    "<iframe src=https://example.org/></iframe>",
    "**bold** _under_ ~~strike~~ ==mark== ^^ins^^",
    "\u202etxet desrever",  # right-to-left override
]
"""Payloads, each a single line. Markers that must never be interpreted in the hostile site."""

HEADING = "# Heading injection"
ATTR_LIST = '{: onclick="alert(1)" }'
SAFE_URLS = [
    "https://example.org/a_(b)?q=%3Cscript%3E&x=1#frag",
    "https://example.org/path/with%22quote",
    "http://example.org/?onerror=alert(1)",
    "mailto:someone@example.org",
]
"""Valid URLs (they pass validation) that still need careful escaping."""

_rotation = itertools.count()


def _single(limit: int, lang: str) -> str:
    """One line of payloads within ``limit`` characters: starts with a heading marker, ends with an attr_list.

    Each call starts the rest of the payloads at a different one, so that across fields every payload is
    somewhere first (line start) or last (just before the attribute list).
    """
    start = next(_rotation)
    rotated = HOSTILE[start % len(HOSTILE):] + HOSTILE[:start % len(HOSTILE)]
    head = f"{HEADING} {lang}"
    parts = [head] if len(head) <= limit else []
    tail = f" {ATTR_LIST}"
    budget = limit - sum(len(p) + 1 for p in parts) - (len(tail) if limit >= 60 else 0)
    for payload in rotated:
        if payload in (HEADING, ATTR_LIST):
            continue
        if payload == LONG_BRACKETS:
            payload = "[" * max(0, min(len(LONG_BRACKETS), budget - 1, 60))
            if not payload:
                continue
        if len(payload) + 1 <= budget:
            parts.append(payload)
            budget -= len(payload) + 1
    text = " ".join(parts)
    if limit >= 60:
        text += tail
    return text[:limit].strip() or "<b>x</b>"[:limit]


def _multi(limit: int, lang: str) -> str:
    """Paragraphs and a bullet list of payloads within ``limit`` characters; the long '[' run as long as fits."""
    blocks = [f"{HEADING} {lang}"]
    blocks.append("\n".join(f"- {p}" for p in ("<script>alert(1)</script>", HEADING, '"><img src=x onerror=alert(1)>')))
    blocks += [p for p in HOSTILE if p not in (HEADING, LONG_BRACKETS)]
    blocks.append(f"Paragraph with a trailing attribute list\n{ATTR_LIST}")
    blocks.append(f"Term\n: definition {lang}")
    out: list[str] = []
    used = 0
    for block in blocks:
        if used + len(block) + 2 <= limit:
            out.append(block)
            used += len(block) + 2
    room = limit - used - 2
    if room > 20:
        out.insert(1, "[" * min(len(LONG_BRACKETS), room))
    return "\n\n".join(out)


def text(limit: int = 200, *, multiline: bool = False) -> dict[str, str]:
    """A translatable hostile text: ``{en: …, fr: …}``, each within ``limit`` characters."""
    make = _multi if multiline else _single
    return {"en": make(limit, "en"), "fr": make(limit, "fr")}


def _write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000), encoding="utf-8")


def _read(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def hostile_records() -> Iterator[tuple[str, dict[str, Any]]]:
    """(path under content/, record) for the partner, PID, event and news post; the same on every call."""
    global _rotation
    _rotation = itertools.count()
    # A fictitious partner: the PID below invents outcomes and figures, which no real administration's record may carry.
    yield "partners/atlantis.yml", {
        "name": text(200),
        "country": "AQ",
        "joined": "2019-01",
        "cohort": _single(20, "en"),
        "region": "west-central-africa",
        "administration": text(200),
        "donors": ["norad"],
        "summary": text(3000, multiline=True),
        "website": SAFE_URLS[0],
        "contact": _single(200, "en"),
        "notes": _multi(5000, "en"),
        "sources": SAFE_URLS,
    }
    yield "pids/atlantis.yml", {
        "partner": "atlantis",
        "status": "in-implementation",
        "general_outcome": text(1000, multiline=True),
        "specific_outcomes": [
            {
                "title": text(300),
                "arusha_factors": ["transparency", "automation"],
                "indicators": [
                    {"name": text(200), "unit": text(40),
                     "baseline": {"value": 12.5, "year": 2019}, "target": {"value": 80, "year": 2024},
                     "actual": {"value": 41, "year": 2022}},
                    {"name": text(200), "target": {"value": 3, "year": 2023}},
                ],
                "measures": [
                    {"title": text(300), "status": "completed", "due": "2021-06"},
                    {"title": text(300), "status": "in-progress", "due": "2023"},
                    {"title": text(300), "status": "delayed"},
                ],
            },
            {
                "title": text(300),
                "measures": [{"title": text(300), "status": "planned", "due": "2025-12"}],
            },
        ],
        "discussed_at": ["coordinators-workshop-2020"],
        "summary": text(3000, multiline=True),
        "notes": _multi(5000, "en"),
        "sources": SAFE_URLS,
    }
    event = "events/coordinators-workshop-2020.yml"
    yield event, {
        "title": text(200),
        "kind": "workshop",
        "start": "2020-02-17",
        "end": "2020-02-19",
        "venue": text(200),
        "city": text(200),
        "country": "BE",
        "participants": ["afghanistan", "ethiopia", "ghana", "lebanon", "liberia", "mali", "mozambique", "nepal",
                         "sierra-leone", "tanzania", "tunisia", "burkina-faso", "cote-divoire", "jordan", "niger",
                         "palestine", "atlantis"],
        "participants_note": text(300),
        "donors": ["norad"],
        "topics": [text(200), text(200), text(200)],
        "related": ["isc-2020"],
        "summary": text(3000, multiline=True),
        "notes": _multi(5000, "en"),
        "sources": SAFE_URLS,
    }
    yield "news/first-coordinators-workshop-2020.yml", {
        "title": text(200),
        "date": "2020-02-25",
        "summary": text(600, multiline=True),
        "body": text(20000, multiline=True),
        "partners": ["atlantis", "ethiopia"],
        "events": ["coordinators-workshop-2020", "isc-2020"],
        "notes": _multi(5000, "en"),
        "sources": SAFE_URLS,
    }


def _patch(path: Path, fields: dict[str, Any]) -> None:
    data = _read(path)
    data.update(fields)
    _write(path, data)


def write_hostile_content(root: Path) -> None:
    """Rewrite a copied project's records so that every text field of the chosen records carries payloads."""
    content = root / "content"
    for relative, record in hostile_records():
        _write(content / relative, record)
    # The records the partner page, PID page and event page show by name: their texts reach other contexts
    # (attributes, <option>, the map's SVG <title>, tags, the feed, the calendar).
    _patch(content / "regions/west-central-africa.yml", {"name": text(200)})
    _patch(content / "factors/transparency.yml", {"name": text(200), "summary": text(2000, multiline=True)})
    _patch(content / "donors/norad.yml", {"name": text(200), "short_name": _single(30, "en"),
                                          "summary": text(2000, multiline=True)})
    _patch(content / "tools/idg.yml", {"name": text(200), "short_name": _single(20, "en"),
                                       "summary": text(3000, multiline=True)})
    _patch(content / "programme.yml", {
        "name": text(200), "aim": text(1000, multiline=True), "summary": text(2000, multiline=True),
        "components": [{"name": text(200), "description": text(1000, multiline=True)}],
        "principles": [text(300)],
    })
