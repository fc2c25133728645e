"""Diagnostics as values: every stage collects them, the edges print them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one place; sorts by file, then line, then column."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    code: str = "invalid"

    def format(self) -> str:
        """``path:line:col: severity: message`` on one line (a quoted key may hold a line break), then the hint."""
        text = f"{_one_line(self.path)}:{self.line}:{self.col}: {self.severity.value}: {_one_line(self.message)}"
        if self.hint:
            text += f"\n  hint: {_one_line(self.hint)}"
        return text

    def github(self) -> str:
        """A GitHub Actions workflow command, so the message lands on the PR diff."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        body = self.message + (f" (hint: {self.hint})" if self.hint else "")
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(",", "%2C").replace(":", "%3A")
        return f"::{kind} file={path},line={self.line},col={self.col}::{body}"


_BREAKING = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    """Line breaks and control characters as escapes, e.g. a key typed as "a\\nb"."""
    return _BREAKING.sub(lambda m: repr(m.group())[1:-1], text)


class ContentError(Exception):
    """Raised at a stage boundary when the content cannot be published."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__(f"{len(self.diagnostics)} problem(s) in content")


def errors_in(diagnostics: list[Diagnostic], *, strict: bool = False) -> list[Diagnostic]:
    """The diagnostics that block publishing; with ``strict``, warnings block too."""
    if strict:
        return list(diagnostics)
    return [d for d in diagnostics if d.severity is Severity.ERROR]
