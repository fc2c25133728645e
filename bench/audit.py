"""Lighthouse on the built site: `make audit`.

Audits the home page, every section index and one page of each record kind (the first
sub-page of each section), in both languages, with npm's pinned Lighthouse and Debian's
Chromium, over a local web server. Prints one row per page; fails unless accessibility,
best practices and SEO are 100 everywhere. The performance score is shown and recorded
(``--json``), never required: it depends on the machine's load.

    python -m bench.audit [site-folder] [--json build/audit.json] [--only PATH ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.localserve import serve

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
REQUIRED = ("accessibility", "best-practices", "seo")
CATEGORIES = (*REQUIRED, "performance")
# Not pages of the reading site: assets, the search index, the content editor (Decap CMS) if present.
SKIPPED = frozenset({"assets", "search", "admin", "fr"})


@dataclass
class Audit:
    path: str
    scores: dict[str, int | None] = field(default_factory=dict)
    failing: list[str] = field(default_factory=list)  # "category: audit title" below 100 in a required category
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and all(self.scores.get(c) == 100 for c in REQUIRED)


def page_kinds(site: Path) -> list[str]:
    """Paths below one language's root: the home page, each section's index and its first sub-page."""
    paths = [""]
    for section in sorted(p for p in site.iterdir() if p.is_dir() and p.name not in SKIPPED):
        if (section / "index.html").is_file():
            paths.append(f"{section.name}/")
        child = next((c for c in sorted(section.iterdir()) if (c / "index.html").is_file()), None)
        if child is not None:
            paths.append(f"{section.name}/{child.name}/")
    return paths


def pages(site: Path) -> list[str]:
    """Every page kind in every language (the French site mirrors the English one under fr/)."""
    english = page_kinds(site)
    french = [f"fr/{p}" for p in english if (site / "fr" / p / "index.html").is_file()]
    return english + french


def lighthouse(url: str, categories: tuple[str, ...] = CATEGORIES) -> dict:
    """One Lighthouse run: its JSON report (Chromium from CHROME_PATH, Debian's by default)."""
    if not LIGHTHOUSE.is_file():
        raise RuntimeError("node_modules/.bin/lighthouse is missing: run `npm ci`")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROME)}
    result = subprocess.run(
        [str(LIGHTHOUSE), url, f"--only-categories={','.join(categories)}", "--output=json", "--output-path=stdout",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu", "--quiet"],
        capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit {result.returncode}")
    return json.loads(result.stdout)


def score(report: dict, path: str) -> Audit:
    audit = Audit(path)
    if report.get("runtimeError"):
        audit.error = report["runtimeError"].get("message", "runtime error")
    for name, category in report["categories"].items():
        value = category.get("score")
        audit.scores[name] = None if value is None else round(value * 100)
        if name in REQUIRED:
            for ref in category["auditRefs"]:
                result = report["audits"][ref["id"]]
                if ref.get("weight", 0) > 0 and result.get("score") is not None and result["score"] < 1:
                    audit.failing.append(f"{name}: {result['title']}")
    return audit


def performance(site: Path, paths: list[str]) -> dict[str, str]:
    """Lighthouse's performance score of some pages, for the bench: a number, or why there is none."""
    scores: dict[str, str] = {}
    with serve(site) as base:
        for path in paths:
            try:
                value = lighthouse(base + path, ("performance",))["categories"]["performance"].get("score")
                scores[path or "/"] = "no score" if value is None else str(round(value * 100))
            except (RuntimeError, subprocess.TimeoutExpired, ValueError, KeyError) as exc:
                scores[path or "/"] = f"failed ({exc})"
    return scores


def _cell(value: int | None) -> str:
    return "–" if value is None else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.audit", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "site")
    parser.add_argument("--json", type=Path, help="also write the scores there")
    parser.add_argument("--only", nargs="*", help="audit only these paths (e.g. '' partners/ghana/)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: {args.site} has no index.html; run 'make site' first", file=sys.stderr)
        return 2
    paths = args.only if args.only is not None else pages(args.site)
    audits: list[Audit] = []
    width = max(len(p or "/") for p in paths)
    print(f"{'page':<{width}}  access.  best-pr.  SEO  perf.", flush=True)
    with serve(args.site) as base:
        for path in paths:
            try:
                audit = score(lighthouse(base + path), path)
            except (RuntimeError, subprocess.TimeoutExpired, ValueError, KeyError) as exc:
                audit = Audit(path, error=str(exc))
            audits.append(audit)
            s = audit.scores
            print(f"{'/' + path:<{width + 1}} {_cell(s.get('accessibility')):>7}  {_cell(s.get('best-practices')):>7}  "
                  f"{_cell(s.get('seo')):>3}  {_cell(s.get('performance')):>5}  {'ok' if audit.ok else 'FAILED'}", flush=True)
            for line in ([audit.error] if audit.error else []) + audit.failing:
                print(f"    {line}", flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(a) for a in audits], indent=2) + "\n", encoding="utf-8")
    failed = [a.path or "/" for a in audits if not a.ok]
    print(f"{'FAILED' if failed else 'ok'}: {len(audits) - len(failed)} of {len(audits)} pages score 100 for "
          f"{', '.join(REQUIRED)}" + (f"; failing: {', '.join(failed)}" if failed else ""), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
