"""Stage 3 — resolve: check every cross-reference and derive the backlinks.

After this stage the site is a closed, consistent graph: templates can follow
any link without checking it, and nothing is typed twice (a partner's events
come from the events' participant lists).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from generator import model
from generator.errors import Diagnostic
from generator.fields import RefId, did_you_mean
from generator.schema import KINDS_BY_NAME
from generator.validate import Content

R = TypeVar("R", bound=model.Record)


@dataclass(frozen=True)
class FactorUse:
    """One specific outcome that addresses an Arusha factor."""

    pid: model.Pid
    partner: model.Partner
    index: int
    outcome: model.Outcome


@dataclass
class Site:
    """The resolved programme: public records only, with derived links."""

    programme: model.Programme
    build_date: dt.date
    partners: dict[str, model.Partner]
    pids: dict[str, model.Pid]
    events: dict[str, model.Event]
    news: dict[str, model.News]
    donors: dict[str, model.Donor]
    tools: dict[str, model.Tool]
    factors: dict[str, model.Factor]
    regions: dict[str, model.Region]
    pid_by_partner: dict[str, model.Pid] = field(default_factory=dict)
    events_by_partner: dict[str, list[model.Event]] = field(default_factory=dict)
    news_by_partner: dict[str, list[model.News]] = field(default_factory=dict)
    news_by_event: dict[str, list[model.News]] = field(default_factory=dict)
    related_events: dict[str, list[model.Event]] = field(default_factory=dict)
    factor_uses: dict[str, list[FactorUse]] = field(default_factory=dict)
    figures: dict[str, model.Figure] = field(default_factory=dict)
    surveys: dict[str, model.Survey] = field(default_factory=dict)
    surveys_by_partner: dict[str, list[model.Survey]] = field(default_factory=dict)
    """Rounds that list the partner, and rounds whose sources disagree about it, oldest first."""

    def events_sorted(self) -> list[model.Event]:
        return sorted(self.events.values(), key=lambda e: (e.first_day, e.last_day, e.id))

    def past_events(self) -> list[model.Event]:
        """Events over by the build date; one known only to its month is past once that month is."""
        return [e for e in self.events_sorted() if e.last_day < self.build_date]

    def upcoming_events(self) -> list[model.Event]:
        return [e for e in self.events_sorted() if e.last_day >= self.build_date]

    def news_sorted(self) -> list[model.News]:
        return sorted(self.news.values(), key=lambda n: (n.first_day, n.id), reverse=True)

    def partners_sorted(self) -> list[model.Partner]:
        return sorted(self.partners.values(), key=lambda p: (p.name.en.casefold(), p.id))

    def figures_sorted(self) -> list[model.Figure]:
        return sorted(self.figures.values(), key=lambda f: (f.date.earliest(), f.id))

    def totals(self) -> list[model.Figure]:
        """The dated totals, oldest first: what the chart draws."""
        return [f for f in self.figures_sorted() if f.kind == "total"]

    def surveys_sorted(self) -> list[model.Survey]:
        return sorted(self.surveys.values(), key=lambda s: (s.start.earliest(), s.id))

    def factors_sorted(self) -> list[model.Factor]:
        return sorted(self.factors.values(), key=lambda f: (f.number, f.id))


class _Checker:
    """Collects reference problems with the line and column of the reference."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.diagnostics: list[Diagnostic] = []

    def refs(self, record: model.Record, kind: str, ids: Iterable[str]) -> None:
        known = self.content.known[kind]
        public = self.content.of(kind)
        for ref in ids:
            line, col, where = (ref.line, ref.col, ref.where) if isinstance(ref, RefId) else (record.origin.line, 1, "")
            prefix = f"{where}: " if where else ""
            if ref not in known:
                hint = did_you_mean(ref, sorted(known)) or f"no content/{_folder(kind)}/{ref}.yml exists"
                self.diagnostics.append(Diagnostic(record.origin.path, line, col, f"{prefix}unknown {kind} '{ref}'", hint))
            elif ref in public and public[ref].internal and not record.internal:
                self.diagnostics.append(Diagnostic(record.origin.path, line, col,
                                                   f"{prefix}{kind} '{ref}' is internal and cannot be linked from a public record",
                                                   "remove the reference or make that record public"))


def _folder(kind: str) -> str:
    return KINDS_BY_NAME[kind].folder


def _public(records: dict[str, model.Record], cls: type[R]) -> dict[str, R]:
    return {key: value for key, value in sorted(records.items()) if isinstance(value, cls) and not value.internal}


def resolve(content: Content, build_date: dt.date) -> tuple[Site | None, list[Diagnostic]]:
    """Check references across records and build the site graph."""
    check = _Checker(content)
    recs: dict[str, Any] = content.records
    for pid in recs["pid"].values():
        check.refs(pid, "partner", [pid.partner])
        check.refs(pid, "event", pid.discussed_at)
        for outcome in pid.specific_outcomes:
            check.refs(pid, "factor", outcome.arusha_factors)
    owners: dict[str, model.Pid] = {}
    for pid in sorted(recs["pid"].values(), key=lambda p: p.origin.path):
        first = owners.setdefault(pid.partner, pid)
        if first is not pid:
            check.diagnostics.append(Diagnostic(pid.origin.path, pid.partner.line, pid.partner.col,
                                                f"partner: '{pid.partner}' already has a PID in {first.origin.path}",
                                                "a partner has one PID; merge the two files"))
    for partner in recs["partner"].values():
        check.refs(partner, "donor", partner.donors)
        if partner.region:
            check.refs(partner, "region", [partner.region])
    for event in recs["event"].values():
        check.refs(event, "partner", event.participants)
        check.refs(event, "event", event.related)
        check.refs(event, "donor", event.donors)
        for ref in event.related:
            if ref == event.id:
                check.diagnostics.append(Diagnostic(event.origin.path, ref.line, ref.col, f"{ref.where}: an event cannot be related to itself", "remove it"))
    for news in recs["news"].values():
        check.refs(news, "partner", news.partners)
        check.refs(news, "event", news.events)
    for survey in recs["survey"].values():
        check.refs(survey, "partner", survey.countries)
        check.refs(survey, "partner", survey.disputed)
    programme = recs["programme"].get("programme")
    if programme is not None:
        check.refs(programme, "donor", programme.donors)
    if check.diagnostics or programme is None:
        return None, check.diagnostics

    site = Site(
        programme=programme, build_date=build_date,
        partners=_public(recs["partner"], model.Partner), pids=_public(recs["pid"], model.Pid),
        events=_public(recs["event"], model.Event), news=_public(recs["news"], model.News),
        donors=_public(recs["donor"], model.Donor), tools=_public(recs["tool"], model.Tool),
        factors=_public(recs["factor"], model.Factor), regions=_public(recs["region"], model.Region),
        figures=_public(recs["figure"], model.Figure), surveys=_public(recs["survey"], model.Survey),
    )
    _derive(site)
    return site, []


def _derive(site: Site) -> None:
    """Backlinks: computed once here so that no template searches the graph."""
    site.pid_by_partner = {pid.partner: pid for pid in site.pids.values() if pid.partner in site.partners}
    events_by_partner: dict[str, list[model.Event]] = defaultdict(list)
    related: dict[str, set[str]] = defaultdict(set)
    for event in site.events_sorted():
        for ref in event.participants:
            events_by_partner[ref].append(event)
        for ref in event.related:
            if ref in site.events:
                related[event.id].add(ref)
                related[ref].add(event.id)  # symmetric: the ISC links back to the workshop
    site.events_by_partner = dict(events_by_partner)
    site.related_events = {key: sorted((site.events[r] for r in refs), key=lambda e: (e.first_day, e.last_day, e.id)) for key, refs in related.items()}
    news_by_partner: dict[str, list[model.News]] = defaultdict(list)
    news_by_event: dict[str, list[model.News]] = defaultdict(list)
    for news in site.news_sorted():
        for ref in news.partners:
            news_by_partner[ref].append(news)
        for ref in news.events:
            news_by_event[ref].append(news)
    site.news_by_partner, site.news_by_event = dict(news_by_partner), dict(news_by_event)
    uses: dict[str, list[FactorUse]] = defaultdict(list)
    for partner in site.partners_sorted():
        pid = site.pid_by_partner.get(partner.id)
        if pid is None:
            continue
        for index, outcome in enumerate(pid.specific_outcomes):
            for factor in outcome.arusha_factors:
                uses[factor].append(FactorUse(pid, partner, index, outcome))
    site.factor_uses = dict(uses)
    surveys: dict[str, list[model.Survey]] = defaultdict(list)
    for survey in site.surveys_sorted():
        for ref in (*survey.countries, *survey.disputed):
            surveys[ref].append(survey)
    site.surveys_by_partner = dict(surveys)
