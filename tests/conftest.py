"""Shared fixtures: throwaway copies of the project, and one real build per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "docs", "templates", "overrides", "generator", "mkdocs.yml", "mkdocs.fr.yml")


def copy_project(target: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """A copy of the project that a test may break freely."""
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target / part)
    return target


def run_generator(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m generator`` as an editor runs it, in ``root``."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1764000000")}
    environment.pop("GITHUB_ACTIONS", None)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], cwd=ROOT,
                          capture_output=True, text=True, env=environment, timeout=600)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the real project in a temporary folder."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real content built once per session with ``--strict``: the site folder."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_generator(root, "site")
    assert result.returncode == 0, result.stderr
    yield root / "site"
