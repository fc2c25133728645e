"""Record texts shared by the validation tests: one PID that uses every nested field.

Its outcomes, figures and measures are invented, so it belongs to a fictitious partner
(``ATLANTIS_PATH``), never to a real administration.
"""

ATLANTIS_PATH = "content/partners/atlantis.yml"
ATLANTIS_TEXT = 'name: Atlantis\ncountry: AQ\njoined: "2019-01"\ncohort: "2019"\n'

PID_TEXT = """\
partner: atlantis
status: in-implementation
general_outcome: {en: Better integrity., fr: Une meilleure intégrité.}
specific_outcomes:
  - title: {en: Fewer bribes, fr: Moins de pots-de-vin}
    arusha_factors: [transparency, automation]
    indicators:
      - name: {en: Perception index, fr: Indice de perception}
        unit: {en: "%", fr: "%"}
        baseline: {value: 40, year: 2020}
        target: {value: 70, year: 2024}
    measures:
      - title: {en: Publish the rules, fr: Publier les règles}
        status: completed
        due: "2021-06"
"""
