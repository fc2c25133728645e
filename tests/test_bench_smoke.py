"""The bench's synthetic content stays valid, so `make bench` cannot rot unnoticed.

A tiny project (3 partners) from bench/synth.py must pass `check` with no
error and no warning: if the schema changes and the synthetic records no longer
fit it, this fails here, not after minutes of benchmarking. No timing is asserted.
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_generator

from bench.synth import Scale, make_project

TINY = Scale("tiny", partners=3, events=2, news=1, outcomes=2, measures=2, indicators=1)


def test_synthetic_project_passes_check(tmp_path: Path) -> None:
    root = tmp_path / "project"
    counts = make_project(root, TINY)
    assert counts == {"partners": 3, "pids": 3, "events": 2, "news": 1}
    result = run_generator(root, "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert "0 error(s), 0 warning(s)" in result.stderr


def test_synthetic_content_is_deterministic(tmp_path: Path) -> None:
    first, second = make_project(tmp_path / "a", TINY), make_project(tmp_path / "b", TINY)
    assert first == second
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a" / "content").rglob("*.yml"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b" / "content").rglob("*.yml"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
