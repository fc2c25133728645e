"""Command line: the edge where diagnostics become messages and exit codes."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections import Counter
from pathlib import Path

from generator import build, fmt, publish, scaffold
from generator.cache import paused_gc
from generator.errors import ContentError, Diagnostic, Severity, errors_in
from generator.model import LANGUAGES
from generator.schema import KINDS
from generator.settings import Settings, load_settings
from generator.write import write_tree

UNTRANSLATED = "untranslated"


def _kind(path: str) -> str:
    """What a diagnostic's file is, for counts: its record folder, a single record's name, or 'pages'."""
    parts = path.split("/", 2)
    if parts[0] != "content" or len(parts) < 2:
        return "pages"  # hand-written pages (docs/)
    return parts[1] if len(parts) == 3 else parts[1].removesuffix(".yml")


def _print(diagnostics: list[Diagnostic], *, github: bool, strict: bool = False, untranslated: bool = False) -> None:
    """Errors first and in full, then other warnings; untranslated texts only counted per kind, unless asked for.

    At 100x the content with no French, 'not yet translated' warnings were 117,000 lines,
    formatting them took most of `check`'s time, and they buried the errors. They are
    counted without being formatted; ``untranslated`` (or ``strict``, which makes them
    errors) lists each one.
    """
    blocking: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    counts: Counter[str] = Counter()
    for diagnostic in diagnostics:
        if strict or diagnostic.severity is Severity.ERROR:
            blocking.append(diagnostic)
        elif diagnostic.code != UNTRANSLATED or untranslated:
            warnings.append(diagnostic)
        else:
            counts[_kind(diagnostic.path)] += 1
    for diagnostic in sorted(blocking) + sorted(warnings):
        print(diagnostic.format(), file=sys.stderr)
        if github:
            print(diagnostic.github())
    if counts:
        per_kind = ", ".join(f"{kind} {count:,}" for kind, count in sorted(counts.items()))
        summary = f"{counts.total():,} text(s) not yet translated ({per_kind})"
        print(f"warning: {summary}\n  hint: 'make check UNTRANSLATED=1' (python -m generator check --untranslated) lists each one",
              file=sys.stderr)
        if github:
            print(f"::warning title=Translation::{summary}")


def _summary(diagnostics: list[Diagnostic], strict: bool) -> str:
    errors = sum(d.severity is Severity.ERROR or strict for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error(s), {warnings} warning(s)"


def _coverage(checked: build.Checked) -> str:
    return "translation coverage: " + ", ".join(f"{lang} {checked.coverage(lang):.0f}%" for lang in LANGUAGES)


def write_schemas(folder: Path, *, check_only: bool = False) -> list[str]:
    """The JSON Schemas as committed files, so editors' tools find them offline; returns the stale ones."""
    files = {f"{kind.name}.schema.json": json.dumps(kind.json_schema(), ensure_ascii=False, indent=2) + "\n" for kind in KINDS}
    stale = [name for name, text in files.items() if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
    if not check_only:
        write_tree(folder, {name: text.encode("utf-8") for name, text in files.items()})
    return stale


def _check(settings: Settings, *, strict: bool, github: bool, exit_now: bool, untranslated: bool = False) -> int:
    """Report on the content; with ``exit_now`` (run as a program), end the process there and then.

    At 100x the records are ~800,000 objects: freeing them one by one, then the
    interpreter's last collection, took 0.13 s of a 1 s `check`, for a process that
    is ending anyway. Once the report is flushed nothing is pending: `check` opens
    no file it has not closed, and nothing it imports needs its exit hooks.
    """
    checked = build.check(settings)
    _print(checked.diagnostics, github=github, strict=strict, untranslated=untranslated)
    failed = bool(errors_in(checked.diagnostics, strict=strict))
    print(f"{'FAILED' if failed else 'ok'}: {_summary(checked.diagnostics, strict)}; {_coverage(checked)}", file=sys.stderr)
    if exit_now:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # e.g. a reader that went away: nothing more can be said
                stream.flush()
        os._exit(1 if failed else 0)
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
    results = fmt.run(root, paths, write=not check_only)
    problems = [d for result in results for d in result.diagnostics]
    _print(problems, github=github)
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
    new.add_argument("kind", help=scaffold.KIND_CHOICES)
    new.add_argument("id")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    github = os.environ.get("GITHUB_ACTIONS") == "true"

    if args.command == "new":
        try:
            path = scaffold.create(root, args.kind, args.id)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {path.relative_to(root)}; fill it in, then run 'make check'")
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

    settings = load_settings(root)
    if args.command == "check":
        with paused_gc():  # back on only once the records are freed: a pass over them took 0.2 s at 100x
            return _check(settings, strict=args.strict, github=github, exit_now=argv is None, untranslated=args.untranslated)
    try:
        checked, changed = build.generate(settings, strict=args.strict)
    except ContentError as exc:
        _print(exc.diagnostics, github=github, strict=args.strict, untranslated=args.untranslated)
        print(f"FAILED: {_summary(exc.diagnostics, args.strict)}; nothing was generated or published", file=sys.stderr)
        return 1
    _print(checked.diagnostics, github=github, untranslated=args.untranslated)
    print(f"generated: {len(changed)} file(s) changed in {settings.generated.relative_to(root)}; {_coverage(checked)}", file=sys.stderr)
    if args.command == "site":
        try:
            publish.build_site(root, args.site_dir or root / "site", builder=args.builder)
        except publish.BuildFailed as exc:
            print(f"error: {exc}\nFAILED: the previous site/ is unchanged", file=sys.stderr)
            return 1
        print(f"built: {(args.site_dir or root / 'site')}", file=sys.stderr)
    return 0
