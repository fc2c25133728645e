"""Stage 3 — resolve: check every cross-reference and derive the backlinks.

After this stage the site is a closed, consistent graph: templates can follow
any link without checking it, and nothing is typed twice (a partner's events
come from the events' participant lists). The references are found by walking
each kind's declared ``Ref`` fields, nested objects and lists included, so a
reference field added to a declaration is checked and linked back with no other change.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from generator import model
from generator.errors import Diagnostic
from generator.fields import Field, ListOf, Obj, Ref, RefId, did_you_mean
from generator.schema import KINDS, KINDS_BY_NAME, RecordKind, kind_of
from generator.validate import Content

R = TypeVar("R", bound=model.Record)


@dataclass(frozen=True)
class FactorUse:
    """One specific outcome that addresses an Arusha factor."""

    pid: model.Pid
    partner: model.Partner
    index: int
    outcome: model.Outcome


class _Table(Generic[R]):
    """A kind's public records by id, under the name templates use: ``site.partners``."""

    def __init__(self, cls: type[R]) -> None:
        self.cls = cls

    def __get__(self, site: Site, owner: type[Site]) -> dict[str, R]:
        return site.of(self.cls)


class _Backlinks(Generic[R]):
    """For each record of ``target``'s kind, the public records of ``cls``'s kind that name it: ``site.events_by_partner``.

    Worked out on first use and kept on the site (a template asks once per page).
    """

    def __init__(self, cls: type[R], target: type[model.Record]) -> None:
        self.cls, self.target = cls, target

    def __set_name__(self, owner: type[Site], name: str) -> None:
        self.name = name

    def __get__(self, site: Site, owner: type[Site]) -> dict[str, list[R]]:
        source, kind = kind_of(self.cls).name, kind_of(self.target).name
        found = {key[1]: cast(list[R], by_kind[source]) for key, by_kind in site.backlinks.items()
                 if key[0] == kind and source in by_kind}
        site.__dict__[self.name] = found
        return found


@dataclass
class Site:
    """The resolved programme: public records only, with derived links.

    ``of``, ``sorted`` and ``referring`` give typed access to any kind; the named
    properties below are the same tables under the names templates use.
    """

    programme: model.Programme
    build_date: dt.date
    records: dict[str, dict[str, model.Record]]
    """Public records by kind name, then id (in id order)."""
    backlinks: dict[tuple[str, str], dict[str, list[model.Record]]] = field(default_factory=dict)
    """(kind, id) of a record → kind name → the public records that refer to it, in that kind's order."""
    related_events: dict[str, list[model.Event]] = field(default_factory=dict)
    factor_uses: dict[str, list[FactorUse]] = field(default_factory=dict)

    def of(self, cls: type[R]) -> dict[str, R]:
        """The public records of the kind declared for ``cls``, by id."""
        return cast(dict[str, R], self.records[kind_of(cls).name])

    def sorted(self, cls: type[R]) -> list[R]:
        """The public records of a kind in its declared order."""
        return cast(list[R], self.sorted_kind(kind_of(cls)))

    def sorted_kind(self, kind: RecordKind) -> list[model.Record]:
        return sorted(self.records[kind.name].values(), key=kind.order, reverse=kind.newest_first)

    def records_of(self, kind: str) -> list[model.Record]:
        """A kind's public records in its declared order, by the kind's name: what an index template lists."""
        return self.sorted_kind(KINDS_BY_NAME[kind])

    def referring(self, cls: type[R], target: model.Record) -> list[R]:
        """The public records of ``cls``'s kind that name ``target`` in any of their reference fields."""
        key = (kind_of(type(target)).name, target.id)
        return cast(list[R], self.backlinks.get(key, {}).get(kind_of(cls).name, []))

    partners = _Table(model.Partner)
    pids = _Table(model.Pid)
    events = _Table(model.Event)
    news = _Table(model.News)
    donors = _Table(model.Donor)
    tools = _Table(model.Tool)
    factors = _Table(model.Factor)
    regions = _Table(model.Region)
    figures = _Table(model.Figure)
    surveys = _Table(model.Survey)
    events_by_partner = _Backlinks(model.Event, model.Partner)
    news_by_partner = _Backlinks(model.News, model.Partner)
    news_by_event = _Backlinks(model.News, model.Event)
    surveys_by_partner = _Backlinks(model.Survey, model.Partner)
    """Rounds that list the partner, and rounds whose sources disagree about it, oldest first."""
    pids_by_partner = _Backlinks(model.Pid, model.Partner)

    @functools.cached_property
    def pid_by_partner(self) -> dict[str, model.Pid]:
        """A partner's PID: its one (``Ref(exclusive=True)``) public PID."""
        return {partner: pids[0] for partner, pids in self.pids_by_partner.items()}

    def events_sorted(self) -> list[model.Event]:
        return self.sorted(model.Event)

    def past_events(self) -> list[model.Event]:
        """Events over by the build date; one known only to its month is past once that month is."""
        return [e for e in self.events_sorted() if e.last_day < self.build_date]

    def upcoming_events(self) -> list[model.Event]:
        return [e for e in self.events_sorted() if e.last_day >= self.build_date]

    def news_sorted(self) -> list[model.News]:
        return self.sorted(model.News)

    def partners_sorted(self) -> list[model.Partner]:
        return self.sorted(model.Partner)

    def figures_sorted(self) -> list[model.Figure]:
        return self.sorted(model.Figure)

    def totals(self) -> list[model.Figure]:
        """The dated totals, oldest first: what the chart draws."""
        return [f for f in self.figures_sorted() if f.kind == "total"]

    def surveys_sorted(self) -> list[model.Survey]:
        return self.sorted(model.Survey)

    def factors_sorted(self) -> list[model.Factor]:
        return self.sorted(model.Factor)


# --- references, found from the declarations ----------------------------------------------------------

_HOLDS_REFS: dict[int, bool] = {}


def _holds_refs(spec: Field) -> bool:
    """Whether a field can hold a reference at any depth: the walk skips every other field.

    Remembered by identity: specs are unhashable dataclasses that live as long as their kind.
    """
    known = _HOLDS_REFS.get(id(spec))
    if known is None:
        if isinstance(spec, ListOf):
            known = _holds_refs(spec.item)
        elif isinstance(spec, Obj):
            known = any(_holds_refs(inner) for inner in spec.fields.values())
        else:
            known = isinstance(spec, Ref)
        _HOLDS_REFS[id(spec)] = known
    return known


def references(value: Any, shape: Obj) -> Iterator[tuple[Ref, str]]:
    """Every reference in a record (or a nested object), with the ``Ref`` spec that declares it."""
    for name, spec in shape.fields.items():
        if _holds_refs(spec):
            yield from _references(getattr(value, name), spec)


def _references(value: Any, spec: Field) -> Iterator[tuple[Ref, str]]:
    if value is None:
        return
    if isinstance(spec, Ref):
        yield spec, value
    elif isinstance(spec, ListOf):
        for item in value:
            yield from _references(item, spec.item)
    elif isinstance(spec, Obj):
        yield from references(value, spec)


class _Checker:
    """Collects reference problems with the line and column of the reference."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.diagnostics: list[Diagnostic] = []
        self.owners: dict[tuple[str, str, str], model.Record] = {}

    def record(self, record: model.Record, kind: RecordKind) -> None:
        for spec, ref in references(record, kind.shape):
            self.ref(record, kind, spec, ref)

    def ref(self, record: model.Record, kind: RecordKind, spec: Ref, ref: str) -> None:
        known = self.content.known[spec.kind]
        records = self.content.of(spec.kind)
        line, col, where = (ref.line, ref.col, ref.where) if isinstance(ref, RefId) else (record.origin.line, 1, "")
        prefix = f"{where}: " if where else ""
        problem = hint = ""
        if ref not in known:
            problem = f"unknown {spec.kind} '{ref}'"
            hint = did_you_mean(ref, sorted(known)) or f"no content/{KINDS_BY_NAME[spec.kind].folder}/{ref}.yml exists"
        elif ref in records and records[ref].internal and not record.internal:
            problem = f"{spec.kind} '{ref}' is internal and cannot be linked from a public record"
            hint = "remove the reference or make that record public"
        elif spec.kind == kind.name and ref == record.id:
            problem, hint = "a record cannot refer to itself", "remove it"
        elif spec.exclusive:
            first = self.owners.setdefault((kind.name, spec.kind, ref), record)
            if first is not record:
                problem = f"'{ref}' already has a {kind.title} in {first.origin.path}"
                hint = f"a {spec.kind} has one {kind.title}; merge the two files"
        if problem:
            self.diagnostics.append(Diagnostic(record.origin.path, line, col, prefix + problem, hint))


def resolve(content: Content, build_date: dt.date) -> tuple[Site | None, list[Diagnostic]]:
    """Check references across records and build the site graph."""
    check = _Checker(content)
    for kind in KINDS:
        # By file, so that of two records claiming one target the later file is the one reported.
        for record in sorted(content.of(kind.name).values(), key=lambda r: r.origin.path):
            check.record(record, kind)
    programme = content.of("programme").get("programme")
    if check.diagnostics or not isinstance(programme, model.Programme):
        return None, check.diagnostics
    public = {kind.name: {key: record for key, record in sorted(content.of(kind.name).items()) if not record.internal}
              for kind in KINDS}
    site = Site(programme=programme, build_date=build_date, records=public)
    _derive(site)
    return site, []


def _derive(site: Site) -> None:
    """Backlinks: computed once here so that no template searches the graph."""
    backlinks: dict[tuple[str, str], dict[str, list[model.Record]]] = defaultdict(lambda: defaultdict(list))
    for kind in KINDS:
        for record in site.sorted_kind(kind):
            for target in dict.fromkeys((spec.kind, str(ref)) for spec, ref in references(record, kind.shape)):
                backlinks[target][kind.name].append(record)
    site.backlinks = {key: dict(found) for key, found in backlinks.items()}
    related: dict[str, set[str]] = defaultdict(set)
    for event in site.events_sorted():
        for ref in event.related:
            if ref in site.events:  # not when the other file failed to validate (check resolves all the same)
                related[event.id].add(ref)
                related[ref].add(event.id)  # symmetric: the ISC links back to the workshop
    site.related_events = {key: sorted((site.events[r] for r in refs), key=kind_of(model.Event).order)
                           for key, refs in related.items()}
    uses: dict[str, list[FactorUse]] = defaultdict(list)
    for partner in site.partners_sorted():
        pid = site.pid_by_partner.get(partner.id)
        if pid is None:
            continue
        for index, outcome in enumerate(pid.specific_outcomes):
            for factor in outcome.arusha_factors:
                uses[factor].append(FactorUse(pid, partner, index, outcome))
    site.factor_uses = dict(uses)
