"""Record texts shared by the validation tests: one PID that uses every nested field."""

PID_TEXT = """\
partner: ghana
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
