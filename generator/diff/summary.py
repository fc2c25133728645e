"""``summary.md``: the changed pages as a Markdown table, for a pull request's job summary."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from generator.diff.compare import Changes

MAX_ROWS = 60  # a job summary is read, not searched: the rest is counted and listed in report.html
MAX_FILES = 30
_STATUSES = ("added", "changed", "removed")
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~])")


def cell(value: str) -> str:
    """Text safe in one Markdown table cell: one line, Markdown and HTML syntax escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(value).split())).replace("&", "&amp;")


def code(value: str) -> str:
    """A path shown as code in a cell: backticks cannot end the span, a bar cannot end the cell."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if "`" in text else f"{fence}{text}{fence}"


def render(changes: Changes, base: str) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent), undefined=jinja2.StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    environment.filters.update(cell=cell, code=code)
    pages = sorted(changes.pages, key=lambda p: p.sort_key())
    counts = {status: sum(p.status == status for p in changes.pages) for status in _STATUSES}
    files = changes.data + changes.other
    return environment.get_template("summary.md.j2").render(
        base=base, changes=changes, pages=pages[:MAX_ROWS], more_pages=len(pages) - min(len(pages), MAX_ROWS),
        counts=counts, files=files[:MAX_FILES], more_files=len(files) - min(len(files), MAX_FILES))
