"""The committed JSON Schemas that editors' YAML tools read stay in step with the schema module."""

from __future__ import annotations

import json
from pathlib import Path

from generator.cli import main, write_schemas
from generator.schema import KINDS

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_are_current() -> None:
    assert write_schemas(ROOT / "schemas", check_only=True) == [], "run 'python -m generator schema'"


def test_every_record_points_its_editor_at_a_schema() -> None:
    for path in sorted((ROOT / "content").rglob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target} does not exist"
        kind = json.loads(target.read_text(encoding="utf-8"))["title"]
        assert kind.startswith("A-CIP "), kind


def test_schema_check_reports_a_stale_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "schemas").mkdir()
    write_schemas(tmp_path / "schemas")
    (tmp_path / "schemas" / f"{KINDS[0].name}.schema.json").write_text("{}\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "schema", "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
