"""The built site against the W3C Nu Html Checker (npm vnu-jar): no errors on any page, theme included."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def checker_errors(files: list[Path]) -> list[str]:
    """``file:line: message`` for every error vnu reports; one JVM for all the files (it is slow to start)."""
    java = shutil.which("java")
    assert java, "the W3C checker needs Java (Debian: default-jre-headless)"
    assert VNU.is_file(), "node_modules/vnu-jar is missing: run `npm ci`"
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always",
                             *map(str, files)], capture_output=True, text=True, timeout=1200)
    report = json.loads(result.stderr)  # vnu writes its JSON report to stderr
    return [f"{m.get('url', '?').removeprefix('file:')}:{m.get('lastLine', '?')}: {m['message']}"
            for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def test_every_page_is_valid_html(built_site: Path) -> None:
    pages = sorted(p for p in built_site.rglob("*.html") if "admin" not in p.relative_to(built_site).parts[:2])
    assert any(p.relative_to(built_site).parts[0] == "fr" for p in pages), "both languages are checked"
    errors = checker_errors(pages)
    assert not errors, f"{len(errors)} error(s):\n" + "\n".join(errors[:50])


def test_the_checker_reports_invalid_markup(tmp_path: Path) -> None:
    """The check above can fail: Material's own checkbox markup is an error."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><title>t</title>'
                    '<input type="checkbox" id="x" autocomplete="off"><label for="nothing">x</label>', encoding="utf-8")
    errors = checker_errors([page])
    assert any("autocomplete" in e for e in errors) and any("for" in e for e in errors), errors
