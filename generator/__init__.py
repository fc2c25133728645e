"""A-CIP programme site generator: YAML records → Markdown pages for MkDocs."""
