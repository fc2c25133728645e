"""Diagnostics as values: every stage collects them, the edges print them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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


UNTRANSLATED = "untranslated"
"""The code of a 'not yet translated' warning: counted per kind by ``check``, listed only on request."""

Untranslated = tuple[int, int, str, str]
"""An untranslated-text warning as plain values: line, column, message, hint."""


@dataclass(frozen=True)
class Report:
    """What checking found, as plain values: the command line prints it, ``generator.cache`` keeps it between runs.

    Untranslated-text warnings are kept per file as plain values, made into diagnostics only
    when they are listed: at 100x without French there are 100,000, and building them took
    longer than the rest of a remembered ``check``.
    """

    diagnostics: tuple[Diagnostic, ...]  # every other diagnostic
    untranslated: tuple[tuple[str, tuple[Untranslated, ...]], ...]  # per file
    coverage: tuple[tuple[str, float], ...] = ()  # per language, in percent

    @classmethod
    def of(cls, diagnostics: Iterable[Diagnostic], coverage: Sequence[tuple[str, float]] = ()) -> Report:
        """Split ``diagnostics``, in their order; repeated texts are shared, which keeps a kept report a few MB at 100x."""
        others: list[Diagnostic] = []
        files: dict[str, list[Untranslated]] = {}
        shared: dict[str, str] = {}
        for diagnostic in diagnostics:
            if diagnostic.code == UNTRANSLATED and diagnostic.severity is Severity.WARNING:
                message, hint = shared.setdefault(diagnostic.message, diagnostic.message), shared.setdefault(diagnostic.hint, diagnostic.hint)
                files.setdefault(diagnostic.path, []).append((diagnostic.line, diagnostic.col, message, hint))
            else:
                others.append(diagnostic)
        return cls(tuple(others), tuple((path, tuple(texts)) for path, texts in files.items()), tuple(coverage))

    @property
    def count(self) -> int:
        """How many diagnostics there are in all."""
        return len(self.diagnostics) + sum(len(texts) for _, texts in self.untranslated)

    def untranslated_diagnostics(self) -> list[Diagnostic]:
        """The untranslated-text warnings as diagnostics, file by file."""
        return [Diagnostic(path, line, col, message, hint, Severity.WARNING, UNTRANSLATED)
                for path, texts in self.untranslated for line, col, message, hint in texts]


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
