"""Field types of the record schema: each converts one YAML node and describes itself.

One declaration serves three uses — validation, JSON Schema for editors'
tools, and the field reference in the editors' guide — so they never drift.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Protocol

from babel import Locale
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Diagnostic, Severity
from generator.escape import safe_url
from generator.load import position
from generator.values import LANGUAGES, SOURCE_LANGUAGE, Localized, PartialDate, language_name

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_MAX_LENGTH = 80  # a file name, and a path segment of the site


USER_ASSIGNED = frozenset("X" + letter for letter in "ABCDEFGHIJLMNOPQRSTUVWXYZ")
"""ISO 3166 codes left to users (XA–XZ; XK is CLDR's Kosovo, a real place): no real country's name or flag.
Fictitious test projects use them, and only a project that says so (``fictitious_countries``) accepts them."""
USER_ASSIGNED_CODE = "user-assigned-country"


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from CLDR: read on first use (25 ms), which a `check` served by the cache never makes."""
    codes = (code for code in Locale(SOURCE_LANGUAGE).territories if isinstance(code, str))
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha()
                     and code not in {"ZZ", "EU", "EZ", "UN", "QO"} and code not in USER_ASSIGNED)


class RefId(str):
    """A record id that remembers where it was written, for errors found when resolving."""

    line: int
    col: int
    where: str

    def __new__(cls, value: str, line: int = 1, col: int = 1, where: str = "") -> RefId:
        self = super().__new__(cls, value)
        self.line, self.col, self.where = line, col, where
        return self

    def __reduce__(self) -> tuple[type[RefId], tuple[str, int, int, str]]:
        """One constructor call when unpickled (the record cache holds ~30,000 at 100x), not a call and then a dict."""
        return RefId, (str(self), self.line, self.col, self.where)


# Characters below U+0020 other than tab and newline (in a single-line text, newline too). In UTF-8
# they are single bytes that no other character uses, so encode + translate finds them: texts are
# most of the content, and this scans them 4-7x faster than a regular expression (a per-character
# loop costs ~40% of `check`).
_CONTROL_BYTES = {True: bytes(range(0x20)).translate(None, b"\t\n"), False: bytes(range(0x20)).translate(None, b"\t")}


def _has_control(value: str, multiline: bool) -> bool:
    data = value.encode("utf-8", "surrogatepass")
    return len(data.translate(None, _CONTROL_BYTES[multiline])) != len(data)


class FieldError(Exception):
    """A value that cannot be converted; caught by the enclosing mapping or list."""

    def __init__(self, node: Node, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.node, self.message, self.hint = node, message, hint


@dataclass
class Context:
    """Where diagnostics go while one file is converted."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    translatable: int = 0  # texts seen, for the translation coverage figure
    translated: dict[str, int] = field(default_factory=dict)  # of those, how many each language has

    def error(self, node: Node, where: str, message: str, hint: str = "") -> None:
        line, col = position(node)
        prefix = f"{where}: " if where else ""
        self.diagnostics.append(Diagnostic(self.path, line, col, prefix + message, hint))

    def warn(self, node: Node, where: str, message: str, hint: str = "", code: str = "warning") -> None:
        line, col = position(node)
        self.diagnostics.append(Diagnostic(self.path, line, col, f"{where}: {message}", hint, Severity.WARNING, code))


def did_you_mean(value: str, choices: list[str] | frozenset[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _shown(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")


_NULL = "tag:yaml.org,2002:null"


# A plain number as YAML 1.2's core schema reads it (the spec's 10.3.2): what editors' tools, and so the
# JSON Schemas, see. A quoted value is always text.
_CORE_NUMBER = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_CORE_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def plain(node: ScalarNode) -> bool:
    """Written without quotes or a block marker (libyaml gives a plain scalar the style '', PyYAML None)."""
    return not node.style


def core_number(node: ScalarNode) -> int | float | None:
    """The finite number a plain scalar spells under YAML 1.2 (``012`` is 12, ``0x1F`` 31), else None."""
    value = node.value
    if not plain(node) or len(value) > 400 or not _CORE_NUMBER.fullmatch(value):
        return None
    if value.startswith(("0o", "0x")):
        return int(value[2:], 8 if value[1] == "o" else 16)
    if any(mark in value for mark in ".eE"):
        number = float(value)
        return number if math.isfinite(number) else None
    return int(value)


def core_boolean(node: ScalarNode) -> bool | None:
    """true or false as YAML 1.2 reads a plain scalar (``True``, ``FALSE``), else None (``yes`` is text)."""
    return _CORE_BOOLEANS.get(node.value) if plain(node) else None


def _scalar(node: Node, what: str) -> str:
    if node.__class__ is ScalarNode and node.tag != _NULL:  # the usual case, first: this runs for every value
        return str(node.value)
    if not isinstance(node, ScalarNode):
        kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
        raise FieldError(node, f"expected {what}, got {kind}")
    if node.tag == _NULL and node.value in ("", "~", "null", "Null", "NULL"):
        raise FieldError(node, f"expected {what}, got nothing", "fill in the value or remove the line")
    return str(node.value)


class Relations(Protocol):
    """What a field needs to know about other record kinds to describe its editor widget."""

    def relation(self, kind: str) -> dict[str, Any]:
        """Decap relation-widget options for a reference to ``kind`` (collection, value and display fields)."""
        ...


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _length_pattern(max_length: int, multiline: bool) -> list[str]:
    """A Decap ``pattern`` (JavaScript regular expression, message) for the validator's length limit."""
    char = r"[\s\S]" if multiline else "."
    return [f"^{char}{{1,{max_length}}}$", f"at most {max_length} characters"]


def _shown_default(value: Any) -> str:
    """A default as YAML writes it; empty for none, and for an empty list (which goes without saying)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None or value == () else str(value)


def json_default(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


@dataclass(kw_only=True)
class Field:
    """Base of all field types.

    ``required`` and ``default`` come from the record class that declares the field
    (``generator.declare``): a field without a default is required.
    """

    doc: str = ""
    required: bool = False
    private: bool = False  # read, checked, never published: the record class holds None
    default: Any = None  # what a record without the field holds, where that is worth saying (not None)
    example: Any = None  # what `new` writes, as YAML data ("{id}" is the new record's id); else the type's own

    def sample(self) -> Any:
        """A valid value for a skeleton record, or None where the type cannot make one up."""
        return self.example

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def decap(self, relations: Relations) -> dict[str, Any]:
        """The Decap CMS widget and its options (without name, label, hint), for the web editor."""
        raise NotImplementedError

    def reference(self) -> str:
        """The field reference's description of a value: its form, and what a record without it holds."""
        shown = _shown_default(self.default)
        return self.describe() + (f"; `{shown}` when left out" if shown else "")

    def decap_field(self, name: str, relations: Relations) -> dict[str, Any]:
        """One entry of a Decap ``fields`` list: the widget, labelled, with the doc as its hint."""
        label, hint = _label(name), self.doc
        if self.private:
            label += " (never published)"
            hint = hint if "never published" in hint.lower() else ("Never published. " + hint).strip()
        entry: dict[str, Any] = {"name": name, "label": label, **self.decap(relations), "required": self.required}
        if hint:
            entry["hint"] = hint
        return entry


@dataclass
class Text(Field):
    """Plain text; with ``translatable`` either a string (English) or ``{en: …, fr: …}``."""

    max_length: int = 200
    multiline: bool = False
    translatable: bool = True
    rich: bool = False
    auto_translated: bool = False  # e.g. a partner named after its country: CLDR gives the French

    def _one(self, node: Node, where: str) -> str:
        value = _scalar(node, "text").strip()
        if not value:
            raise FieldError(node, "must not be empty")
        if len(value) > self.max_length:
            raise FieldError(node, f"is {len(value)} characters long; the limit is {self.max_length}", "shorten it")
        if _has_control(value, self.multiline):  # one scan for the two checks below, in their order
            if not self.multiline and ("\n" in value or "\r" in value):
                raise FieldError(node, "must be a single line", "join the lines")
            raise FieldError(node, "contains control characters", "remove them")
        return value

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        if not self.translatable:
            return self._one(node, where)
        if isinstance(node, MappingNode):
            texts: dict[str, str] = {}
            for key, value in node.value:
                if key.value not in LANGUAGES:
                    hint = did_you_mean(key.value, LANGUAGES) or "languages are " + ", ".join(LANGUAGES)
                    raise FieldError(key, f"unknown language '{key.value}'", hint)
                if blank(value):
                    hint = f"write it in {language_name(key.value)}" + (", or remove the line" if key.value != SOURCE_LANGUAGE else "")
                    raise FieldError(key, f"'{key.value}' is not filled in", hint)
                texts[key.value] = self._one(value, where)
            if SOURCE_LANGUAGE not in texts:
                raise FieldError(node, f"has no {language_name(SOURCE_LANGUAGE)} text ('{SOURCE_LANGUAGE}')",
                                 f"{language_name(SOURCE_LANGUAGE)} is the reference language; add '{SOURCE_LANGUAGE}: …'")
            self._count(node, ctx, where, [lang for lang in LANGUAGES[1:] if lang not in texts],
                        lambda missing: f"add '{missing[0]}: …'")
            return Localized.of(texts)
        value = self._one(node, where)
        self._count(node, ctx, where, list(LANGUAGES[1:]),
                    lambda missing: "write it as {" + ", ".join(f"{lang}: …" for lang in LANGUAGES) + "}")
        return Localized(value)

    def _count(self, node: Node, ctx: Context, where: str, missing: list[str], hint: Callable[[list[str]], str]) -> None:
        """One translatable text, translated unless a language is ``missing`` (names CLDR translates never are)."""
        ctx.translatable += 1
        for lang in LANGUAGES[1:]:
            if self.auto_translated or lang not in missing:
                ctx.translated[lang] = ctx.translated.get(lang, 0) + 1
        if missing and not self.auto_translated:
            names = ", ".join(language_name(lang) for lang in missing)
            ctx.warn(node, where, f"not yet translated into {names}", hint(missing), code="untranslated")

    def describe(self) -> str:
        kind = "formatted text (paragraphs, *emphasis*, **strong**, [links](https://…), '- ' lists)" if self.rich else "text"
        if self.translatable:
            kind += ", translatable: a string or {" + ", ".join(f"{lang}: …" for lang in LANGUAGES) + "}"
        return f"{kind}; at most {self.max_length} characters"

    def json_schema(self) -> dict[str, Any]:
        """A plain ``2019`` or ``true`` is the text it spells (as `check` reads it), though YAML 1.2 types it."""
        controls = "[\\u0000-\\u0008\\u000b-\\u001f]" if self.multiline else "[\\u0000-\\u0008\\u000a-\\u001f]"
        one = {"type": ["string", "number", "boolean"], "minLength": 1, "maxLength": self.max_length, "pattern": "\\S",
               "not": {"type": "string", "pattern": controls}}
        if not self.translatable:
            return one
        return {"anyOf": [one, {"type": "object", "properties": {lang: one for lang in LANGUAGES},
                                "required": [SOURCE_LANGUAGE], "additionalProperties": False}]}

    def _decap_one(self) -> dict[str, Any]:
        return {"widget": "text" if self.multiline else "string", "pattern": _length_pattern(self.max_length, self.multiline)}

    def decap(self, relations: Relations) -> dict[str, Any]:
        """Translatable text is an object with a box per language; names CLDR translates stay one string."""
        if not self.translatable or self.auto_translated:
            return self._decap_one()
        # Decap validates an object's inner fields even when the object is optional, so English is
        # required only where the text is (the validator still rejects French without English).
        return {"widget": "object", "collapsed": False, "fields": [
            {"name": lang, "label": language_name(lang), **self._decap_one(),
             "required": self.required and lang == SOURCE_LANGUAGE}
            for lang in LANGUAGES]}


@dataclass
class Ref(Field):
    """The id of another record, checked when references are resolved."""

    kind: str = ""
    exclusive: bool = False
    """At most one record of the declaring kind may name each target (a partner has one PID)."""

    def convert(self, node: Node, ctx: Context, where: str) -> RefId:
        value = _scalar(node, f"a {self.kind} id")
        assert isinstance(node, ScalarNode)
        if core_number(node) is not None or core_boolean(node) is not None:
            what = "a number" if core_boolean(node) is None else "true or false"
            raise FieldError(node, f"YAML reads {value} as {what}, not an id", f'put it in quotes: "{value}"')
        if not ID_PATTERN.fullmatch(value):
            raise FieldError(node, f"{_shown(value)} is not a valid id", "ids are lowercase letters, digits and hyphens")
        if len(value) > ID_MAX_LENGTH:
            raise FieldError(node, f"is {len(value)} characters long; ids are at most {ID_MAX_LENGTH}", "use the record's file name")
        line, col = position(node)
        return RefId(value, line, col, where)

    def describe(self) -> str:
        return f"id of a {self.kind} record (its file name without .yml)"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN.pattern, "maxLength": ID_MAX_LENGTH}

    def decap(self, relations: Relations) -> dict[str, Any]:
        """A search box over the other kind's records that shows their names and stores the id."""
        return {"widget": "relation", **relations.relation(self.kind)}


@dataclass
class Country(Field):

    def convert(self, node: Node, ctx: Context, where: str) -> str:
        value = _scalar(node, "a country code")
        if value in country_codes():
            return value
        if value in USER_ASSIGNED:  # an error that a fictitious project's check drops (build.check)
            line, col = position(node)
            prefix = f"{where}: " if where else ""
            ctx.diagnostics.append(Diagnostic(
                ctx.path, line, col, f"{prefix}{_shown(value)} is a user-assigned code, for fictitious test projects only",
                "give the ISO 3166-1 code of the real country, e.g. GH for Ghana", code=USER_ASSIGNED_CODE))
            return value
        if value.upper() in country_codes() or value.upper() in USER_ASSIGNED:
            raise FieldError(node, f"{_shown(value)} must be upper case", f"write '{value.upper()}'")
        raise FieldError(node, f"{_shown(value)} is not an ISO 3166-1 alpha-2 country code", "e.g. GH for Ghana, PS for Palestine")

    def describe(self) -> str:
        return "ISO 3166-1 alpha-2 country code in capitals, e.g. GH"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": sorted(country_codes())}

    def decap(self, relations: Relations) -> dict[str, Any]:
        """ISO codes, labelled with their English CLDR names, in the order of the names."""
        names = Locale(SOURCE_LANGUAGE).territories
        options = sorted(({"label": f"{names[code]} ({code})", "value": code} for code in country_codes()),
                         key=lambda option: option["label"])
        return {"widget": "select", "options": options}


_WHEN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
PRECISIONS = ("year", "month", "day")
_FORMS = {"year": "YYYY", "month": "YYYY-MM", "day": "YYYY-MM-DD"}
_EXAMPLES = {"year": "2020", "month": "2020-04", "day": "2020-04-28"}
# Decap patterns: the same forms, with the month and day limited to real ranges.
_PATTERNS = {"year": "[0-9]{4}", "month": "-(0[1-9]|1[0-2])", "day": "-(0[1-9]|[12][0-9]|3[01])"}
# The JSON Schemas' patterns: exactly the dates `check` accepts, years 1900-2200 and real days (2019-02-29 is none).
_YEAR = "(19[0-9]{2}|2[01][0-9]{2}|2200)"
_LEAP = "((19|2[01])(0[48]|[2468][048]|[13579][26])|2000)"
_EXACT = {"year": _YEAR, "month": _YEAR + "-(0[1-9]|1[0-2])",
          "day": _YEAR + "-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))|"
                 + _LEAP + "-02-29"}


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


@dataclass
class When(Field):
    """A date at the precision a source gives it, from ``coarsest`` to ``finest``: never more than is known.

    One type for every date: a partner joins in a month (year to month), an event is
    dated to its days or, where sources give no day, to its month (month to day).
    """

    coarsest: str = "year"
    finest: str = "day"

    def sample(self) -> Any:
        return self.example or _EXAMPLES[self.finest]

    @cached_property
    def precisions(self) -> tuple[str, ...]:
        return PRECISIONS[PRECISIONS.index(self.coarsest):PRECISIONS.index(self.finest) + 1]

    def convert(self, node: Node, ctx: Context, where: str) -> PartialDate:
        value = _scalar(node, "a date")
        match = _WHEN.fullmatch(value)
        parts = [int(part) for part in match.groups() if part is not None] if match else []
        if not parts or PRECISIONS[len(parts) - 1] not in self.precisions:
            raise FieldError(node, f"must be a date like {_either([_EXAMPLES[p] for p in self.precisions])} (got {_shown(value)})",
                             self._write())
        try:
            dt.date(parts[0], *(parts[1:] + [1, 1])[:2])
        except ValueError as exc:
            raise FieldError(node, f"{_shown(value)} is not a real date ({exc})", "check the day and month") from None
        if not 1900 <= parts[0] <= 2200:
            raise FieldError(node, f"{_shown(value)} is not a year between 1900 and 2200", "check the year")
        return PartialDate(*parts)

    def _write(self) -> str:
        hint = "write " + _either([_FORMS[p] for p in self.precisions])
        return hint + (", as precise as the source" if len(self.precisions) > 1 else "")

    def describe(self) -> str:
        if len(self.precisions) == 1:
            return f"date, {_FORMS[self.finest]}"
        return "date as precise as the source: " + _either([_FORMS[p] for p in self.precisions])

    def json_schema(self) -> dict[str, Any]:
        """A year written unquoted is a number to YAML editors, so a year alone may be one."""
        schema: dict[str, Any] = {"type": "string", "pattern": "^(" + "|".join(_EXACT[p] for p in self.precisions) + ")$"}
        if self.coarsest == "year":
            schema.update(type=["string", "integer"], minimum=1900, maximum=2200)
        return schema

    def _regex(self) -> str:
        """The accepted forms: each optional part nested in the one before, from the coarsest required."""
        regex = ""
        for precision in reversed(PRECISIONS[1:PRECISIONS.index(self.finest) + 1]):
            optional = PRECISIONS.index(precision) > PRECISIONS.index(self.coarsest)
            regex = f"({_PATTERNS[precision]}{regex})" + ("?" if optional else "")
        return _PATTERNS["year"] + regex

    def decap(self, relations: Relations) -> dict[str, Any]:
        """Text with a pattern, never a date picker: a picker would make up a day or month the source does not give."""
        return {"widget": "string", "pattern": ["^" + self._regex() + "$", self._write()]}

    def decap_field(self, name: str, relations: Relations) -> dict[str, Any]:
        entry = super().decap_field(name, relations)
        examples = _either([_EXAMPLES[p] for p in self.precisions])
        write = self._write()
        entry["hint"] = (entry.get("hint", "") + f" {write[0].upper()}{write[1:]}, e.g. {examples}.").strip()
        return entry


_SAFE_CHAR = r"[^\s\u0000-\u001f<>\"'`\\]"
_URL_SCHEMA = (f"^(https?://({_SAFE_CHAR.replace(']', '/?#]')})+{_SAFE_CHAR}*|"
               f"mailto:({_SAFE_CHAR.replace(']', '?#]')})*@{_SAFE_CHAR}*)$")


@dataclass
class Url(Field):

    def convert(self, node: Node, ctx: Context, where: str) -> str:
        value = _scalar(node, "a URL").strip()
        if len(value) > 2000:
            raise FieldError(node, "URL is longer than 2000 characters")
        if not safe_url(value):
            raise FieldError(node, f"{_shown(value)} is not an https, http or mailto URL", "e.g. https://www.wcoomd.org/…")
        return value

    def describe(self) -> str:
        return "URL (https, http or mailto)"

    def json_schema(self) -> dict[str, Any]:
        """What ``safe_url`` accepts: a host after http(s)://, an @ after mailto:, nothing that could end an attribute."""
        return {"type": "string", "format": "uri", "maxLength": 2000, "pattern": _URL_SCHEMA}

    def decap(self, relations: Relations) -> dict[str, Any]:
        return {"widget": "string", "pattern": [r"^(https?://[^\s<>\"'`\\]+|mailto:[^\s<>\"'`\\@]+@[^\s<>\"'`\\]+)$",
                                               "an https, http or mailto address, e.g. https://www.wcoomd.org/"]}


@dataclass
class Choice(Field):
    choices: tuple[str, ...] = ()
    synonyms: Mapping[str, str] = field(default_factory=dict)  # words editors use instead, for the hint

    def sample(self) -> Any:
        return self.example or self.default or self.choices[0]

    def convert(self, node: Node, ctx: Context, where: str) -> str:
        value = _scalar(node, "one of " + ", ".join(self.choices))
        if value not in self.choices:
            synonym = self.synonyms.get(value.strip().lower())
            hint = f"did you mean '{synonym}'?" if synonym else did_you_mean(value, self.choices)
            raise FieldError(node, f"{_shown(value)} is not one of {', '.join(self.choices)}", hint)
        return value

    def describe(self) -> str:
        return "one of " + ", ".join(f"`{c}`" for c in self.choices)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.choices)}

    def decap(self, relations: Relations) -> dict[str, Any]:
        """The accepted values only: synonyms are for hints about hand-written files."""
        widget: dict[str, Any] = {"widget": "select", "options": list(self.choices)}
        if self.default is not None:
            widget["default"] = self.default
        return widget


@dataclass
class Number(Field):
    integer: bool = False
    minimum: float | None = None
    maximum: float | None = None

    def sample(self) -> Any:
        if self.example is not None:
            return self.example
        low = self.minimum if self.minimum is not None else 0
        return int(low) if self.integer else low

    def convert(self, node: Node, ctx: Context, where: str) -> float | int:
        """A plain number as YAML 1.2 reads it (so as editors' tools do); quotes make it text."""
        value = _scalar(node, "a number")
        what, example = ("a whole number", "e.g. 3") if self.integer else ("a number", "e.g. 42 or 3.5")
        assert isinstance(node, ScalarNode)
        if not plain(node) and core_number(ScalarNode(node.tag, value)) is not None:
            raise FieldError(node, f"must be {what}, not text (got {_shown(value)})", "remove the quotes")
        number = core_number(node)
        if number is None or (self.integer and not (isinstance(number, int) or number.is_integer())):
            raise FieldError(node, f"must be {what} (got {_shown(value)})", example)
        low, high = self._range
        if not low <= number <= high:
            if self.minimum is None and self.maximum is None:
                raise FieldError(node, f"is too large (got {_shown(value)})")
            raise FieldError(node, f"must be between {self.minimum} and {self.maximum} (got {value})")
        return int(number) if self.integer else number

    @property
    def _range(self) -> tuple[float, float]:
        """The declared bounds; where none is declared, the largest number JSON (and the open data) can hold."""
        return (-sys.float_info.max if self.minimum is None else self.minimum,
                sys.float_info.max if self.maximum is None else self.maximum)

    def describe(self) -> str:
        return "whole number" if self.integer else "number"

    def json_schema(self) -> dict[str, Any]:
        low, high = self._range
        return {"type": "integer" if self.integer else "number", "minimum": low, "maximum": high}

    def decap(self, relations: Relations) -> dict[str, Any]:
        widget: dict[str, Any] = {"widget": "number", "value_type": "int" if self.integer else "float"}
        if self.minimum is not None:
            widget["min"] = self.minimum
        if self.maximum is not None:
            widget["max"] = self.maximum
        return widget


@dataclass
class Boolean(Field):

    def sample(self) -> Any:
        return bool(self.example)

    def convert(self, node: Node, ctx: Context, where: str) -> bool:
        """``true`` or ``false`` as YAML 1.2 reads them (``True`` too; ``yes`` is text); quotes make text."""
        value = _scalar(node, "true or false")
        assert isinstance(node, ScalarNode)
        boolean = core_boolean(node)
        if boolean is None and value in _CORE_BOOLEANS:
            raise FieldError(node, f"must be true or false, not text (got {_shown(value)})", "remove the quotes")
        if boolean is None:
            raise FieldError(node, f"must be true or false (got {_shown(value)})", "write true or false")
        return boolean

    def describe(self) -> str:
        return "`true` or `false`"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def decap(self, relations: Relations) -> dict[str, Any]:
        return {"widget": "boolean"}


@dataclass
class ListOf(Field):
    item: Field = field(default_factory=Field)
    min_items: int = 0
    max_items: int = 200
    unique: bool = False

    def sample(self) -> Any:
        return self.example if self.example is not None else []

    def convert(self, node: Node, ctx: Context, where: str) -> tuple[Any, ...]:
        if not isinstance(node, SequenceNode):
            if isinstance(node, ScalarNode) and node.tag == _NULL:  # a list left blank, e.g. in a new record
                raise FieldError(node, "expected a list, got nothing",
                                 "write one '- item' per line, or [] for none" + ("" if self.required else ", or remove the line"))
            raise FieldError(node, "expected a list", "write one '- item' per line")
        items: list[Node] = node.value
        if len(items) < self.min_items:
            raise FieldError(node, f"needs at least {self.min_items} item(s)")
        if len(items) > self.max_items:
            raise FieldError(node, f"has {len(items)} items; the limit is {self.max_items}")
        values: list[Any] = []
        seen: dict[Any, int] = {}
        for index, child in enumerate(items):
            here = f"{where}[{index}]"
            try:
                value = self.item.convert(child, ctx, here)
            except FieldError as exc:
                report(ctx, exc, here)
                continue
            if self.unique and isinstance(value, str):
                if value in seen:
                    ctx.error(child, here, f"'{value}' is listed twice (first as item {seen[value]})", "remove the repeat")
                    continue
                seen[value] = index
            values.append(value)
        return tuple(values)

    def describe(self) -> str:
        return f"list of: {self.item.describe()}"

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema(), "maxItems": self.max_items}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema

    def decap(self, relations: Relations) -> dict[str, Any]:
        """References become one multiple relation widget; other items a list of their own widget."""
        if isinstance(self.item, Ref):
            return {**self.item.decap(relations), "multiple": True, "max": self.max_items}
        widget: dict[str, Any] = {"widget": "list", "max": self.max_items}
        if self.min_items:
            widget["min"] = self.min_items
        if isinstance(self.item, Obj):
            widget["fields"] = self.item.decap_fields(relations)
            first = next(iter(self.item.fields), "")
            if first:
                shown = first + (".en" if _translatable(self.item.fields[first]) else "")
                widget["summary"] = "{{fields." + shown + "}}"
            widget["collapsed"] = True
        else:
            widget["field"] = {"name": "item", "label": _label(self.item.__class__.__name__), **self.item.decap(relations)}
        return widget

    def decap_field(self, name: str, relations: Relations) -> dict[str, Any]:
        """A list that may be empty is not 'required' to Decap (which wants an item), but starts as []."""
        entry = super().decap_field(name, relations)
        if self.required and not self.min_items:
            entry["required"] = False
            entry["default"] = []
        return entry


@dataclass
class Obj(Field):
    """A mapping of named fields, turned into an instance of ``cls``."""

    cls: Callable[..., Any] = dict
    fields: Mapping[str, Field] = field(default_factory=dict)
    check: Callable[[Any, MappingNode, Context, str], None] | None = None

    def convert(self, node: Node, ctx: Context, where: str) -> Any:
        if not isinstance(node, MappingNode):
            raise FieldError(node, "expected a mapping of fields", "write 'field: value' lines, indented")
        values: dict[str, Any] = {}
        nodes: dict[str, Node] = {}
        failed = False
        prefix = f"{where}." if where else ""
        for key, value in node.value:
            name = key.value
            spec = self.fields.get(name)
            if spec is None:
                hint = did_you_mean(name, tuple(self.fields)) or "known fields: " + ", ".join(self.fields)
                ctx.error(key, f"{prefix}{name}" if where else "", f"unknown field '{name}'", hint)
                failed = True
                continue
            nodes[name] = value
            if blank(value):  # left empty, as `new` writes a record: named with what it wants
                what = f"{spec.doc.rstrip('.')} ({spec.describe()})" if spec.doc else spec.describe()
                hint = f"fill it in: {what}" + ("" if spec.required else "; or remove the line")
                ctx.error(key, prefix + name, "not filled in", hint)
                failed = True
                continue
            try:
                converted = spec.convert(value, ctx, prefix + name)
            except FieldError as exc:
                report(ctx, exc, prefix + name)
                failed = True
                continue
            if not spec.private:
                values[name] = converted
        for name in self._required:
            if name not in nodes:
                ctx.error(node, where, f"missing required field '{name}'", f"add '{name}: …' ({self.fields[name].describe()})")
                failed = True
        if failed:
            raise _Reported()
        instance = self.cls(**values)
        if self.check is not None:
            self.check(instance, node, ctx, where)
        return instance

    @cached_property
    def _required(self) -> tuple[str, ...]:
        """The required fields, in declaration order (the order they are reported in)."""
        return tuple(name for name, spec in self.fields.items() if spec.required)

    def describe(self) -> str:
        return "mapping with fields " + ", ".join(f"`{name}`" for name in self.fields)

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {name: {**spec.json_schema(), "description": spec.doc,
                                  **({} if spec.default is None else {"default": json_default(spec.default)})}
                           for name, spec in self.fields.items()},
            "required": [name for name, spec in self.fields.items() if spec.required],
            "additionalProperties": False,
        }

    def decap_fields(self, relations: Relations) -> list[dict[str, Any]]:
        return [spec.decap_field(name, relations) for name, spec in self.fields.items()]

    def decap(self, relations: Relations) -> dict[str, Any]:
        """Decap checks the required fields of an optional object left empty too (an indicator's missing
        baseline): there they are optional to Decap, and `check` still requires them once the object is written."""
        fields = self.decap_fields(relations)
        if not self.required:
            fields = [{**entry, "required": False} for entry in fields]
        return {"widget": "object", "collapsed": False, "fields": fields}


def blank(node: Node) -> bool:
    """A value not filled in: nothing, ``""``, or a text whose every language is so (``{en: , fr: }``)."""
    if isinstance(node, ScalarNode):
        return (node.tag == _NULL and node.value in ("", "~", "null", "Null", "NULL")) or (not plain(node) and not node.value)
    return isinstance(node, MappingNode) and bool(node.value) and all(blank(value) for _, value in node.value)


class _Reported(FieldError):
    """A nested mapping already reported its own problems; the parent only skips it."""

    def __init__(self) -> None:
        Exception.__init__(self, "reported")


def _translatable(spec: Field) -> bool:
    """Whether a field holds an ``{en, fr}`` text (the editor's form then shows its English box)."""
    return isinstance(spec, Text) and spec.translatable


def report(ctx: Context, exc: FieldError, where: str) -> None:
    """Record a conversion failure, unless a nested mapping already reported its own."""
    if not isinstance(exc, _Reported):
        ctx.error(exc.node, where, exc.message, exc.hint)
