"""``python -m generator new KIND ID``: a commented skeleton record that editors fill in."""

from __future__ import annotations

from pathlib import Path

from generator.fields import ID_PATTERN, ListOf, Obj
from generator.schema import KINDS_BY_NAME, RecordKind
from generator.validate import RESERVED_IDS

ALIASES = {"workshop": "event", "meeting": "event"}
"""Other names `new` accepts for a kind: editors speak of workshops and meetings; the kind is event (content/events/)."""
KIND_CHOICES = "partner, pid, event (or workshop, meeting), news, donor, tool, factor, region, figure or survey"
"""The kinds `new` writes, as its help and its error name them."""
EXAMPLES = {
    "partner": 'name: Ghana                      # display name (usually the country)\n'
               'country: GH                      # ISO 3166-1 alpha-2 code, capitals\n'
               'joined: "2019-01"                # YYYY or YYYY-MM\n'
               'cohort: "2019"\n'
               'region: west-central-africa      # an id from content/regions/\n'
               'donors: [norad]\n'
               'summary:\n  en: What the partner does in the programme.\n  fr: Ce que fait le partenaire dans le programme.\n'
               'sources:\n  - https://www.wcoomd.org/\n',
    # No sample outcomes, indicators or figures: a skeleton that is saved unedited must not publish invented content.
    "pid": 'partner: {id}                   # the partner id\n'
           'status: not-published            # the default; once the content is public: draft, agreed, in-implementation, completed\n'
           '# Once the PID is public, add its general_outcome and specific_outcomes (each with title, measures,\n'
           '# and optionally arusha_factors and indicators) as the published document states them;\n'
           '# the field reference in the editors\' guide lists every field.\n'
           '# summary: {en: …, fr: …}        # what public sources say about it\n'
           'sources: []                      # public pages that state these facts\n',
    "event": 'title:\n  en: Name of the workshop\n  fr: Nom de l’atelier\n'
             'kind: workshop                   # workshop, meeting, committee, launch, visit, signing, training\n'
             'start: 2026-03-02                # or 2026-03 when only the month is known\n'
             'end: 2026-03-03                  # not before start\n'
             'venue: {en: WCO headquarters, fr: Siège de l’OMD}\n'
             'city: {en: Brussels, fr: Bruxelles}\n'
             'country: BE\n'
             'participants: []                 # partner ids, e.g. [ghana, mali]\n'
             'sources:\n  - https://www.wcoomd.org/\n',
    "news": 'title: {en: Headline, fr: Titre}\n'
            'date: 2026-01-15\n'
            'summary:\n  en: One or two sentences for lists and link previews.\n  fr: Une ou deux phrases pour les listes et les aperçus.\n'
            'body:\n  en: |\n    The post.\n  fr: |\n    L’article.\n'
            'partners: []                     # partner ids it mentions\n'
            'events: []                       # event ids it reports on\n'
            'sources:\n  - https://www.wcoomd.org/\n',
    "donor": 'name: {en: Full name of the donor, fr: Nom complet du donateur}\n'
             'short_name: Donor                # short name, e.g. Norad\n'
             'country: "NO"                    # ISO 3166-1 alpha-2 code, in quotes\n'
             'website: https://www.example.org/\n'
             'summary:\n  en: Its part in the programme.\n  fr: Son rôle dans le programme.\n'
             'sources:\n  - https://www.wcoomd.org/\n',
    "tool": 'name: {en: Full name of the tool, fr: Nom complet de l’outil}\n'
            'short_name: TOOL                 # acronym\n'
            'summary:\n  en: What it is and how it is used.\n  fr: Ce que c’est et comment il est utilisé.\n'
            'sources:\n  - https://www.wcoomd.org/\n',
    "factor": 'name: {en: Name of the factor, fr: Nom du facteur}\n'
              'number: 11                       # its place in the Revised Arusha Declaration\n'
              'summary:\n  en: What it covers.\n  fr: Ce qu’il recouvre.\n',
    "region": 'name: {en: Name of the region, fr: Nom de la région}\n'
              'sources:\n  - https://www.wcoomd.org/\n',
    "figure": 'date: "2026-03"                  # as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD\n'
              'count: 0                         # the number the source gives\n'
              'counts: {en: active partner administrations, fr: administrations partenaires actives}\n'
              'kind: total                      # total, or added (how many joined at that date)\n'
              'more_than: false                 # true where the source says "more than" or "over"\n'
              'derived: false                   # true where no source states it (e.g. a sum)\n'
              'sources:\n  - https://www.wcoomd.org/\n',
    "survey": 'name: {en: Name of the round, fr: Nom de la vague}\n'
              'iteration: 1\n'
              'start: "2026-01"                 # as precise as the source\n'
              'countries: []                    # partner ids the sources name\n'
              'countries_note: {en: The sources do not name the countries., fr: Les sources ne nomment pas les pays.}\n'
              '# officials: {count: 0, more_than: false}        # respondents, as published\n'
              '# private_sector: {count: 0, more_than: false}\n'
              'sources:\n  - https://www.wcoomd.org/\n',
}


def skeleton(kind: RecordKind, record_id: str) -> str:
    schema = f"../../schemas/{kind.name}.schema.json"
    lines = [f"# yaml-language-server: $schema={schema}", f"# A {kind.title} record. Run 'make check' after editing.", ""]
    if kind.name in EXAMPLES:
        lines.append(EXAMPLES[kind.name].replace("{id}", record_id))  # not format(): examples hold {en: …}
    else:
        for name, spec in kind.shape.fields.items():
            if spec.private or name == "internal":
                continue
            marker = "required" if spec.required else "optional"
            inner = spec.item if isinstance(spec, ListOf) else spec
            value = "[]" if isinstance(spec, ListOf) else ("" if isinstance(inner, Obj) else "…")
            lines.append(f"# {name}: {value}    # {marker}: {spec.describe()}")
    return "\n".join(lines).rstrip() + "\n"


def create(root: Path, kind_name: str, record_id: str) -> Path:
    """Write the skeleton; refuse bad ids and never overwrite a record."""
    kind = KINDS_BY_NAME.get(ALIASES.get(kind_name, kind_name))
    if kind is None or not kind.folder:
        raise ValueError(f"unknown record kind '{kind_name}'; use {KIND_CHOICES}")
    if not ID_PATTERN.fullmatch(record_id) or record_id in RESERVED_IDS or len(record_id) > 80:
        raise ValueError(f"'{record_id}' is not a valid id: lowercase letters, digits and hyphens, e.g. cote-divoire")
    path = root / "content" / kind.folder / f"{record_id}.yml"
    if path.exists():
        raise ValueError(f"{path.relative_to(root)} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kind, record_id), encoding="utf-8")
    return path
