"""The ``--update-golden`` option of tests/test_golden.py.

pytest registers command-line options only from conftest files it loads at start-up, and this
folder is not a test folder of its own, so name it on the command line when regenerating:

    .venv/bin/pytest tests/golden tests/test_golden.py --update-golden

(``tests/golden`` holds no tests; naming it only loads this file.) Review the diff of
tests/golden/expected/ before committing it.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/expected/ from the current generator and templates instead of comparing")
