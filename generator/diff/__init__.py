"""What a change does to the built site: build two commits, compare them, show the pages that differ.

Only the public entry points are used: each side is built with ``python -m generator site``
in its own checkout, so the comparison keeps working whatever the pipeline does inside.
"""
