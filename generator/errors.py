"""Diagnostics as values: every stage collects them, the edges print them."""

from __future__ import annotations

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
        text = f"{self.path}:{self.line}:{self.col}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def github(self) -> str:
        """A GitHub Actions workflow command, so the message lands on the PR diff."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        body = self.message + (f" (hint: {self.hint})" if self.hint else "")
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(",", "%2C").replace(":", "%3A")
        return f"::{kind} file={path},line={self.line},col={self.col}::{body}"


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
