"""Field types of the record schema: each converts one YAML node and describes itself.

One declaration serves three uses — validation, JSON Schema for editors'
tools, and the field reference in the editors' guide — so they never drift.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Protocol
from urllib.parse import urlsplit

from babel import Locale
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Diagnostic, Severity
from generator.load import position
from generator.values import LANGUAGES, Localized, PartialDate

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from CLDR: read on first use (25 ms), which a `check` served by the cache never makes."""
    codes = (code for code in Locale("en").territories if isinstance(code, str))
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO"})


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
# loop was once ~40% of `check`).
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
    translated: int = 0

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
                texts[key.value] = self._one(value, where)
            if "en" not in texts:
                raise FieldError(node, "has no English text ('en')", "English is the reference language; add 'en: …'")
            ctx.translatable += 1
            ctx.translated += "fr" in texts or self.auto_translated
            if "fr" not in texts and not self.auto_translated:
                ctx.warn(node, where, "not yet translated into French", "add 'fr: …'", code="untranslated")
            return Localized(texts["en"], texts.get("fr"))
        value = self._one(node, where)
        ctx.translatable += 1
        ctx.translated += self.auto_translated
        if not self.auto_translated:
            ctx.warn(node, where, "not yet translated into French", "write it as {en: …, fr: …}", code="untranslated")
        return Localized(value, None)

    def describe(self) -> str:
        kind = "formatted text (paragraphs, *emphasis*, **strong**, [links](https://…), '- ' lists)" if self.rich else "text"
        if self.translatable:
            kind += ", translatable: a string or {en: …, fr: …}"
        return f"{kind}; at most {self.max_length} characters"

    def json_schema(self) -> dict[str, Any]:
        one = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if not self.translatable:
            return one
        return {"anyOf": [one, {"type": "object", "properties": {lang: one for lang in LANGUAGES},
                                "required": ["en"], "additionalProperties": False}]}

    def _decap_one(self) -> dict[str, Any]:
        return {"widget": "text" if self.multiline else "string", "pattern": _length_pattern(self.max_length, self.multiline)}

    def decap(self, relations: Relations) -> dict[str, Any]:
        """Translatable text is an object with a box per language; names CLDR translates stay one string."""
        if not self.translatable or self.auto_translated:
            return self._decap_one()
        names = {"en": "English", "fr": "French"}
        # Decap validates an object's inner fields even when the object is optional, so English is
        # required only where the text is (the validator still rejects French without English).
        return {"widget": "object", "collapsed": False, "fields": [
            {"name": lang, "label": names.get(lang, lang), **self._decap_one(), "required": self.required and lang == "en"}
            for lang in LANGUAGES]}


@dataclass
class Ref(Field):
    """The id of another record, checked when references are resolved."""

    kind: str = ""

    def convert(self, node: Node, ctx: Context, where: str) -> RefId:
        value = _scalar(node, f"a {self.kind} id")
        if not ID_PATTERN.fullmatch(value):
            raise FieldError(node, f"{_shown(value)} is not a valid id", "ids are lowercase letters, digits and hyphens")
        line, col = position(node)
        return RefId(value, line, col, where)

    def describe(self) -> str:
        return f"id of a {self.kind} record (its file name without .yml)"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN.pattern}

    def decap(self, relations: Relations) -> dict[str, Any]:
        """A search box over the other kind's records that shows their names and stores the id."""
        return {"widget": "relation", **relations.relation(self.kind)}


@dataclass
class Country(Field):

    def convert(self, node: Node, ctx: Context, where: str) -> str:
        value = _scalar(node, "a country code")
        if value in country_codes():
            return value
        if value.upper() in country_codes():
            raise FieldError(node, f"{_shown(value)} must be upper case", f"write '{value.upper()}'")
        raise FieldError(node, f"{_shown(value)} is not an ISO 3166-1 alpha-2 country code", "e.g. GH for Ghana, PS for Palestine")

    def describe(self) -> str:
        return "ISO 3166-1 alpha-2 country code in capitals, e.g. GH"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": sorted(country_codes())}

    def decap(self, relations: Relations) -> dict[str, Any]:
        """ISO codes, labelled with their English CLDR names, in the order of the names."""
        names = Locale("en").territories
        options = sorted(({"label": f"{names[code]} ({code})", "value": code} for code in country_codes()),
                         key=lambda option: option["label"])
        return {"widget": "select", "options": options}


_WHEN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
PRECISIONS = ("year", "month", "day")
_FORMS = {"year": "YYYY", "month": "YYYY-MM", "day": "YYYY-MM-DD"}
_EXAMPLES = {"year": "2020", "month": "2020-04", "day": "2020-04-28"}
# Decap patterns: the same forms, with the month and day limited to real ranges.
_PATTERNS = {"year": "[0-9]{4}", "month": "-(0[1-9]|1[0-2])", "day": "-(0[1-9]|[12][0-9]|3[01])"}


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
        return {"type": ["string", "integer"] if self.coarsest == "year" else "string", "pattern": "^" + self._regex() + "$"}

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


SAFE_SCHEMES = ("https", "http", "mailto")


# White space (``\s`` is exactly str.isspace()), control characters, and what could end an attribute or tag.
_URL_UNSAFE = re.compile(r"[\s\x00-\x1f<>\"'`\\]")


def safe_url(value: str, *, relative: bool = False) -> bool:
    """The one test of a link target before it reaches a reader: no javascript:, data: or other schemes.

    Records may link only to web and mail addresses (``relative=False``); the
    generator's own links between pages are relative paths without a scheme or host.
    """
    if not value or _URL_UNSAFE.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. 'https://[x': an unbalanced IPv6 bracket
        return False
    if relative and not parts.scheme and not parts.netloc:
        return not value.startswith("//")  # '//host/…' is another site
    if parts.scheme not in SAFE_SCHEMES:
        return False
    return bool(parts.netloc) if parts.scheme != "mailto" else "@" in parts.path


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
        return {"type": "string", "format": "uri", "pattern": "^(https?://|mailto:)"}

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


# No leading zeros (YAML 1.1 would read 012 as octal), ASCII digits only.
_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


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
        value = _scalar(node, "a number")
        if len(value) > 30 or not (_INTEGER if self.integer else _DECIMAL).fullmatch(value):
            what, example = ("a whole number", "e.g. 3") if self.integer else ("a number", "e.g. 42 or 3.5")
            raise FieldError(node, f"must be {what} (got {_shown(value)})", example)
        number: float | int = int(value) if self.integer else float(value)
        if (self.minimum is not None and number < self.minimum) or (self.maximum is not None and number > self.maximum):
            raise FieldError(node, f"must be between {self.minimum} and {self.maximum} (got {value})")
        return number

    def describe(self) -> str:
        return "whole number" if self.integer else "number"

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema

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
        value = _scalar(node, "true or false")
        if value not in ("true", "false"):
            raise FieldError(node, f"must be true or false (got {_shown(value)})", "write true or false")
        return value == "true"

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
            if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
                items: list[Node] = []
            else:
                raise FieldError(node, "expected a list", "write one '- item' per line")
        else:
            items = node.value
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
