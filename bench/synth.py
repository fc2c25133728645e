"""Synthetic A-CIP projects at any size, deterministic from a seed.

The bench needs content far larger than the programme's real 16 partners, yet
it must stay valid (so the numbers measure building, not error reporting) and
identical from run to run (so two benches compare). Every record is written
from a seeded ``random.Random``; nothing touches the network or the clock.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import fields, model
from generator.declare import shape

ROOT = Path(__file__).resolve().parent.parent
# What a project needs to check, generate and build: tests/conftest.py copies the same, plus content/.
PROJECT_PARTS = ("docs", "templates", "overrides", "generator", "mkdocs.yml")
# Real records kept as they are: the synthetic partners refer to them.
REAL_RECORDS = ("programme.yml", "regions", "factors", "donors", "tools")
# From the records' declaration, so that synthetic records use every value editors may write.
MEASURE_STATUSES = shape(model.Measure).fields["status"].choices  # type: ignore[attr-defined]
EVENT_KINDS = shape(model.Event).fields["kind"].choices  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Scale:
    """How much content one bench size has."""

    name: str
    partners: int
    events: int
    news: int
    outcomes: int = 5  # specific outcomes per PID
    measures: int = 6  # measures per outcome
    indicators: int = 2  # indicators per outcome


SCALES = (
    Scale("1×", partners=16, events=10, news=2),
    Scale("10×", partners=160, events=100, news=20),
    Scale("100×", partners=1600, events=1000, news=200),
)

# Small vocabularies: enough variety for Markdown, search and the table sorters to do real work.
_EN = ("customs integrity risk management audit automation transparency officers border trade clearance "
       "declarations training review ethics code conduct leadership reform data survey pilot unit staff "
       "procedures controls inspection revenue partners workshop plan baseline target report guide").split()
_FR = ("douane intégrité gestion risques audit automatisation transparence agents frontière commerce "
       "dédouanement déclarations formation examen éthique code conduite direction réforme données enquête "
       "pilote unité personnel procédures contrôles inspection recettes partenaires atelier plan cible").split()


def country_codes() -> list[str]:
    """ISO 3166-1 alpha-2 codes as validation knows them."""
    return sorted(fields.country_codes())


class _Writer:
    """Seeded text and record builders; one instance per project so the output is reproducible."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def words(self, vocabulary: tuple[str, ...] | list[str], low: int, high: int) -> str:
        return " ".join(self.rng.choice(vocabulary) for _ in range(self.rng.randint(low, high)))

    def sentence(self, vocabulary: list[str], low: int = 8, high: int = 16) -> str:
        text = self.words(vocabulary, low, high)
        return text[:1].upper() + text[1:] + "."

    def paragraphs(self, vocabulary: list[str], count: int) -> str:
        return "\n\n".join(" ".join(self.sentence(vocabulary) for _ in range(4)) for _ in range(count))

    def text(self, low: int = 3, high: int = 8) -> dict[str, str]:
        """A one-line text in both languages (fully translated: no 'untranslated' warnings)."""
        return {"en": self.words(_EN, low, high).capitalize(), "fr": self.words(_FR, low, high).capitalize()}

    def rich(self, count: int) -> dict[str, str]:
        return {"en": self.paragraphs(_EN, count), "fr": self.paragraphs(_FR, count)}

    def month(self, first: int = 2018, last: int = 2026) -> str:
        return f"{self.rng.randint(first, last)}-{self.rng.randint(1, 12):02d}"

    def day(self, first: int = 2018, last: int = 2027) -> dt.date:
        return dt.date(first, 1, 1) + dt.timedelta(days=self.rng.randrange((dt.date(last, 12, 31) - dt.date(first, 1, 1)).days))

    def sources(self, kind: str, ident: str) -> list[str]:
        return [f"https://www.wcoomd.org/en/media/newsroom/{kind}/{ident}-{n}.aspx" for n in range(self.rng.randint(1, 3))]


def _ids(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.yml"))


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style as editors write it: nested mappings indented, paragraphs as ``|`` literals."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


def _dump(path: Path, record: dict[str, object]) -> None:
    """One record file; PyYAML quotes what YAML 1.1 would misread (dates, ``NO``, ``2019``)."""
    text = yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    path.write_text(text, encoding="utf-8")


def make_project(target: Path, scale: Scale, seed: int = 2019) -> dict[str, int]:
    """Write a complete project for ``scale`` into ``target``; return how many records of each kind."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    content = target / "content"
    content.mkdir()
    for part in REAL_RECORDS:
        source = ROOT / "content" / part
        if source.is_dir():
            shutil.copytree(source, content / part)
        else:
            shutil.copy2(source, content / part)
    regions, factors, donors = (_ids(content / name) for name in ("regions", "factors", "donors"))
    write = _Writer(seed)
    rng = write.rng
    codes = country_codes()

    partners: list[str] = []
    (content / "partners").mkdir()
    for index in range(scale.partners):
        code = codes[index % len(codes)]  # more partners than countries: several share one
        ident = f"p{index + 1:04d}-{code.lower()}"
        partners.append(ident)
        _dump(content / "partners" / f"{ident}.yml", {
            "name": {"en": f"Partner {index + 1} ({code})", "fr": f"Partenaire {index + 1} ({code})"},
            "country": code,
            "joined": write.month(2019, 2025),
            "cohort": str(rng.randint(2019, 2025)),
            "region": rng.choice(regions),
            "administration": write.text(3, 6),
            "donors": rng.sample(donors, rng.randint(1, len(donors))),
            "summary": write.rich(2),
            "website": f"https://customs.example/{ident}",
            "sources": write.sources("partners", ident),
        })

    events: list[tuple[str, dt.date]] = []
    (content / "events").mkdir()
    for index in range(scale.events):
        start = write.day()
        end = start + dt.timedelta(days=rng.randint(0, 4))
        ident = f"event-{index + 1:04d}"
        record: dict[str, object] = {
            "title": write.text(4, 9),
            "kind": rng.choice(EVENT_KINDS),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "venue": write.text(2, 4),
            "city": write.text(1, 2),
            "country": rng.choice(codes),
            "participants": rng.sample(partners, min(len(partners), rng.randint(3, 12))),
            "donors": rng.sample(donors, rng.randint(0, len(donors))),
            "topics": [write.text(4, 10) for _ in range(rng.randint(0, 4))],
            "summary": write.rich(2),
            "sources": write.sources("events", ident),
        }
        if events and rng.random() < 0.3:
            record["related"] = [rng.choice(events)[0]]
        events.append((ident, start))
        _dump(content / "events" / f"{ident}.yml", record)

    (content / "pids").mkdir()
    for ident in partners:
        outcomes = []
        for _ in range(scale.outcomes):
            outcomes.append({
                "title": write.text(5, 12),
                "arusha_factors": rng.sample(factors, rng.randint(1, 3)),
                "indicators": [{
                    "name": write.text(3, 7),
                    "unit": {"en": "%", "fr": "%"},
                    "baseline": {"value": rng.randint(0, 50), "year": 2019},
                    "target": {"value": rng.randint(50, 100), "year": 2025},
                    **({"actual": {"value": round(rng.uniform(0, 100), 1), "year": 2023}} if rng.random() < 0.6 else {}),
                } for _ in range(scale.indicators)],
                "measures": [{
                    "title": write.text(5, 14),
                    "status": rng.choice(MEASURE_STATUSES),
                    "due": write.month(2020, 2027),
                } for _ in range(scale.measures)],
            })
        _dump(content / "pids" / f"{ident}.yml", {
            "partner": ident,
            "status": rng.choice(("agreed", "in-implementation", "completed")),
            "general_outcome": write.text(10, 25),
            "specific_outcomes": outcomes,
            "discussed_at": sorted({rng.choice(events)[0] for _ in range(rng.randint(0, 2))}),
            "summary": write.rich(1),
            "sources": write.sources("pids", ident),
        })

    (content / "news").mkdir()
    for index in range(scale.news):
        ident = f"news-{index + 1:04d}"
        _dump(content / "news" / f"{ident}.yml", {
            "title": write.text(5, 10),
            "date": write.day(2019, 2025).isoformat(),
            "summary": {"en": write.sentence(_EN), "fr": write.sentence(_FR)},
            "body": write.rich(3),
            "partners": rng.sample(partners, min(len(partners), rng.randint(0, 5))),
            "events": sorted({rng.choice(events)[0] for _ in range(rng.randint(0, 2))}),
            "sources": write.sources("news", ident),
        })
    return {"partners": len(partners), "pids": len(partners), "events": len(events), "news": scale.news}
