"""Command line: the edge where diagnostics become messages and exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import remembered, remembering
from generator.errors import ContentError, Diagnostic, Report, Severity
from generator.settings import CHECK_INPUTS, build_time, load_settings
from generator.speed import exit_now, paused_gc

if TYPE_CHECKING:
    from generator.build import Checked

# The other modules are imported by the commands that use them: a `check` answered from
# build/cache/ needs none of the pipeline, and importing it would be a third of that run.


def _kind(path: str) -> str:
    """What a diagnostic's file is, for counts: its record folder, a single record's name, or 'pages'."""
    parts = path.split("/", 2)
    if parts[0] != "content" or len(parts) < 2:
        return "pages"  # hand-written pages (docs/)
    return parts[1] if len(parts) == 3 else parts[1].removesuffix(".yml")


def _kinds_help(argv: list[str] | None) -> str:
    """The kinds `new` writes, for `new --help`: read from the schema only when `new` is the command."""
    if "new" not in (sys.argv[1:] if argv is None else argv):
        return "record kind"
    from generator import scaffold

    return scaffold.KIND_CHOICES


def _print(report: Report, *, github: bool, strict: bool = False, untranslated: bool = False) -> None:
    """Errors first and in full, then other warnings; untranslated texts only counted per kind, unless asked for.

    At 100x the content with no French, 'not yet translated' warnings were 117,000 lines,
    formatting them took most of `check`'s time, and they buried the errors. They are
    counted without being formatted; ``untranslated`` (or ``strict``, which makes them
    errors) lists each one.
    """
    listed = untranslated or strict
    diagnostics = [*report.diagnostics, *report.untranslated_diagnostics()] if listed else report.diagnostics
    blocking = [d for d in diagnostics if strict or d.severity is Severity.ERROR]
    warnings = [d for d in diagnostics if not (strict or d.severity is Severity.ERROR)]
    for diagnostic in sorted(blocking) + sorted(warnings):
        print(diagnostic.format(), file=sys.stderr)
        if github:
            print(diagnostic.github())
    if report.untranslated and not listed:
        counts: Counter[str] = Counter()
        for path, texts in report.untranslated:
            counts[_kind(path)] += len(texts)
        per_kind = ", ".join(f"{kind} {count:,}" for kind, count in sorted(counts.items()))
        summary = f"{counts.total():,} text(s) not yet translated ({per_kind})"
        print(f"warning: {summary}\n  hint: 'make check UNTRANSLATED=1' (python -m generator check --untranslated) lists each one",
              file=sys.stderr)
        if github:
            print(f"::warning title=Translation::{summary}")


def _summary(report: Report, strict: bool) -> str:
    total = report.count
    errors = total if strict else sum(d.severity is Severity.ERROR for d in report.diagnostics)
    return f"{errors} error(s), {total - errors} warning(s)"


def _failed(report: Report, strict: bool) -> bool:
    return any(strict or d.severity is Severity.ERROR for d in report.diagnostics) or (strict and bool(report.untranslated))


def _coverage(coverage: tuple[tuple[str, float], ...]) -> str:
    return "translation coverage: " + ", ".join(f"{lang} {percent:.0f}%" for lang, percent in coverage)


def _salt(now: dt.datetime) -> bytes:
    """What `check` depends on besides its inputs' bytes: the build date (resolving takes it)."""
    return now.date().isoformat().encode()


def write_schemas(folder: Path, *, check_only: bool = False) -> list[str]:
    """The JSON Schemas as committed files, so editors' tools find them offline; returns the stale ones."""
    from generator.schema import KINDS
    from generator.write import write_tree

    files = {f"{kind.name}.schema.json": json.dumps(kind.json_schema(), ensure_ascii=False, indent=2) + "\n" for kind in KINDS}
    stale = [name for name, text in files.items() if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
    if not check_only:
        write_tree(folder, {name: text.encode("utf-8") for name, text in files.items()})
    return stale


def _check(root: Path, *, strict: bool, github: bool, end_process: bool, untranslated: bool = False) -> int:
    """Report on the content; with ``exit_now`` (run as a program), end the process there (``speed.exit_now``).

    The report is the last run's (``check``, ``build`` or ``site``) while not one byte of what
    ``check`` reads has changed, nor the build date (``generator.cache.remembered``).
    """
    now = build_time(root)
    checked: list[Checked] = []  # alive until the process ends: not freed one object at a time

    def fresh() -> Report:
        from generator import build

        checked.append(build.check(load_settings(root), now))
        return checked[-1].report()

    report = remembered(root, "check", CHECK_INPUTS, _salt(now), fresh)
    _print(report, github=github, strict=strict, untranslated=untranslated)
    failed = _failed(report, strict)
    print(f"{'FAILED' if failed else 'ok'}: {_summary(report, strict)}; {_coverage(report.coverage)}", file=sys.stderr)
    if end_process:
        exit_now(1 if failed else 0)
    return 1 if failed else 0


def _diff(root: Path, base: str | None, out: Path, max_pages: int) -> int:
    from generator.diff.run import DiffFailed, run

    try:
        outcome = run(root, base, out, max_pages=max_pages)
    except DiffFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    pages = len(outcome.changes.pages)
    files = len(outcome.changes.data) + len(outcome.changes.other)
    print(f"diff against {outcome.base[:12]}: {pages} page(s) and {files} file(s) differ\n"
          f"wrote {outcome.summary} and {outcome.report}", file=sys.stderr)
    return 0


def _fmt(root: Path, paths: list[Path], *, check_only: bool, github: bool) -> int:
    from generator import fmt

    results = fmt.run(root, paths, write=not check_only)
    problems = [d for result in results for d in result.diagnostics]
    _print(Report.of(problems), github=github)
    changed = [result for result in results if result.changed]
    if check_only:
        for result in changed:
            diagnostic = Diagnostic(result.shown, 1, 1, "not in canonical layout", "run 'python -m generator fmt'")
            print(diagnostic.format(), file=sys.stderr)
            if github:
                print(diagnostic.github())
    verb = "to reformat" if check_only else "reformatted"
    print(f"fmt: {len(changed)} of {len(results)} record(s) {verb}" + (f", {len(problems)} unreadable" if problems else ""),
          file=sys.stderr)
    return 1 if problems or (check_only and changed) else 0


def main(argv: list[str] | None = None) -> int:
    """The command line; ``argv`` None means run as the program (``python -m generator``), from sys.argv."""
    parser = argparse.ArgumentParser(prog="python -m generator", description="A-CIP programme site generator")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: current)")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("check", "validate content/ and report every problem"),
                       ("build", "validate and generate the Markdown pages into build/docs/"),
                       ("site", "generate and build the whole site into site/, atomically")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--strict", action="store_true", help="treat warnings (e.g. untranslated text) as errors")
        sub.add_argument("--untranslated", action="store_true", help="list each untranslated text, not only their count per kind")
    commands.choices["site"].add_argument("--builder", default="mkdocs", help="mkdocs or a drop-in fork such as properdocs")
    commands.choices["site"].add_argument("--site-dir", type=Path, default=None)
    schema = commands.add_parser("schema", help="write the JSON Schemas that editors' YAML tools read into schemas/")
    schema.add_argument("--check", action="store_true", help="only report whether schemas/ is current")
    diff = commands.add_parser("diff", help="build a base commit and the working tree; write build/diff/summary.md and report.html")
    diff.add_argument("--base", default=None, help="git commit to compare with (default: the merge base with main)")
    diff.add_argument("--out", type=Path, default=None, help="output folder (default: build/diff)")
    diff.add_argument("--max-pages", type=int, default=12, help="pages shown with screenshots in report.html")
    layout = commands.add_parser("fmt", help="rewrite records in the canonical layout (after the web editor or by hand)")
    layout.add_argument("--check", action="store_true", help="change nothing; fail if a record is not in canonical form")
    layout.add_argument("paths", nargs="*", type=Path, help="record files (default: every record in content/)")
    new = commands.add_parser("new", help="write a skeleton record")
    new.add_argument("kind", help=_kinds_help(argv))
    new.add_argument("id")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    github = os.environ.get("GITHUB_ACTIONS") == "true"

    if args.command == "new":
        from generator import scaffold

        try:
            path = scaffold.create(root, args.kind, args.id)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {path.relative_to(root)}; fill in its empty fields, then run 'make check'")
        return 0

    if args.command == "fmt":
        return _fmt(root, args.paths, check_only=args.check, github=github)

    if args.command == "schema":
        stale = write_schemas(root / "schemas", check_only=args.check)
        if stale and args.check:
            print("error: schemas/ is out of date: " + ", ".join(stale) + "\n  hint: run 'python -m generator schema'", file=sys.stderr)
            return 1
        print(f"schemas: {len(stale)} file(s) {'stale' if args.check else 'written'}", file=sys.stderr)
        return 0

    if args.command == "diff":
        return _diff(root, args.base, (args.out or root / "build" / "diff").resolve(), args.max_pages)

    if args.command == "check":
        with paused_gc():  # the records are long-lived and acyclic: collector passes over them are pure cost
            return _check(root, strict=args.strict, github=github, end_process=argv is None, untranslated=args.untranslated)
    from generator import build, publish

    settings = load_settings(root)
    now = build_time(root)
    try:
        with remembering(root, "check", CHECK_INPUTS, _salt(now)) as memo:  # the next `check` need not check again
            with paused_gc():  # rendering leaves little cyclic garbage (~4 KB a page): collected once, afterwards
                checked, changed = build.generate(settings, strict=args.strict, now=now)
            report = checked.report()
            memo.keep(report)
    except ContentError as exc:
        failure = Report.of(exc.diagnostics)
        _print(failure, github=github, strict=args.strict, untranslated=args.untranslated)
        print(f"FAILED: {_summary(failure, args.strict)}; nothing was generated or published", file=sys.stderr)
        return 1
    _print(report, github=github, untranslated=args.untranslated)
    print(f"generated: {len(changed)} file(s) changed in {settings.generated.relative_to(root)}; {_coverage(report.coverage)}",
          file=sys.stderr)
    if args.command == "site":
        try:
            publish.build_site(root, args.site_dir or root / "site", builder=args.builder)
        except publish.BuildFailed as exc:
            print(f"error: {exc}\nFAILED: the previous site/ is unchanged", file=sys.stderr)
            return 1
        print(f"built: {(args.site_dir or root / 'site')}", file=sys.stderr)
    return 0
