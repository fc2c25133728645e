"""``make bench``: the generator and the site build at 1×, 10× and 100× the programme's content.

Issue: "Fast at the programme's size and at a hundred times it". Each size is a
synthetic project written from a fixed seed (bench/synth.py) in a temporary
folder; every step runs as a separate process, as editors and CI run it. The
results go to bench/results/latest.md (git-ignored) and to standard output.
"""

from __future__ import annotations

import argparse
import os
import platform
import pstats
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bench import audit, measure, serve, synth, weight
from bench.measure import Run, Series, python, run
from generator import siteconfig
from generator.values import LANGUAGES

RESULTS = Path(__file__).resolve().parent / "results"
GENERATED = re.compile(r"generated: (\d+) file\(s\) changed")
# The card step of `make site` alone (publish.draw_cards), both languages, as its own process; prints how many it drew.
DRAW_CARDS = ("import sys; from pathlib import Path; from generator.publish import draw_cards; "
              "root = Path.cwd(); print(draw_cards(root / 'build/docs', Path(sys.argv[1]), root / 'build/cache/cards'))")
REPOSITORY = Path(__file__).resolve().parent.parent
GIB = 1024.0  # MiB


@dataclass
class ScaleResult:
    """Everything measured at one size."""

    scale: synth.Scale
    records: dict[str, int]
    content_mib: float
    pages: dict[str, int] = field(default_factory=dict)
    steps: dict[str, Series] = field(default_factory=dict)
    files_generated: int = 0
    noop_written: int = -1
    cards: int = 0

    @property
    def build(self) -> float:
        """MkDocs, both languages: what the ratios call 'build'."""
        return self.steps["mkdocs en"].wall + self.steps["mkdocs fr"].wall

    @property
    def build_cpu(self) -> float:
        """The same in CPU seconds: what the ratios would be on a machine nobody else is using."""
        return self.steps["mkdocs en"].cpu + self.steps["mkdocs fr"].cpu

    @property
    def total(self) -> float:
        """A site from a fresh checkout: generation, then both MkDocs builds (what `make site` runs)."""
        return self.steps["generation"].wall + self.build

    @property
    def peak_mib(self) -> float:
        return max(series.maxrss_mib for series in self.steps.values())


def _say(log: list[str], text: str) -> None:
    """Progress on stderr (the bench takes minutes), kept for the report's log."""
    line = f"[{time.strftime('%H:%M:%S')}] {text}"
    print(line, file=sys.stderr, flush=True)
    log.append(line)


def _written(result: Run) -> int:
    match = GENERATED.search(result.stderr)
    if not match:
        raise RuntimeError(f"no 'generated: N file(s)' line in the output of {' '.join(result.command)}:\n{result.stderr[-2000:]}")
    return int(match.group(1))


def _clean(root: Path, *, keep_cache: bool) -> None:
    """A fresh checkout has no build/ at all; ``keep_cache`` keeps only the record cache of earlier runs."""
    build = root / "build"
    if not build.exists():
        return
    for child in build.iterdir():
        if keep_cache and child.name == "cache":
            continue
        shutil.rmtree(child) if child.is_dir() else child.unlink()


def _edit_one(root: Path) -> None:
    """What an editor does between two checks: one record changes (a comment line, so it stays valid)."""
    path = sorted((root / "content" / "partners").glob("*.yml"))[0]
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("# bench edit ")]
    path.write_text("\n".join(kept) + f"\n# bench edit {time.monotonic_ns()}\n", encoding="utf-8")


def _drop_cache(root: Path) -> None:
    shutil.rmtree(root / "build" / "cache", ignore_errors=True)


def _drop_cards(root: Path, out: Path) -> None:
    """No card drawn yet: neither in the card cache nor in the step's output."""
    shutil.rmtree(root / "build" / "cache" / "cards", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)


def _before_site(root: Path, *, keep_cards: bool) -> None:
    """Two `site` runs that differ only in the card cache: the record cache is kept, the generated pages are not."""
    _clean(root, keep_cache=True)
    if not keep_cards:
        shutil.rmtree(root / "build" / "cache" / "cards", ignore_errors=True)


def measure_scale(scale: synth.Scale, root: Path, runs: int, log: list[str], *, profile: bool = False) -> ScaleResult:
    """Check, generate, build both languages and regenerate one synthetic project.

    With ``profile``, the no-op regeneration is left to profile_regeneration (one
    run serves both: at 100× a separate profiled generation would not fit the time budget).
    """

    def say(text: str) -> None:
        _say(log, f"{scale.name}: {text}")

    say("writing synthetic content")
    records = synth.make_project(root, scale)
    content_mib = sum(p.stat().st_size for p in (root / "content").rglob("*.yml")) / 2**20
    result = ScaleResult(scale, records, content_mib)
    generator = python("-m", "generator", "--root", str(root))

    say(f"check, no record cache ×{runs}")
    result.steps["check (cold cache)"] = measure.repeat(runs, [*generator, "check"], cwd=root, before=partial(_drop_cache, root))

    say(f"generation from a clean build/ ×{runs}")
    result.steps["generation"] = measure.repeat(runs, [*generator, "build"], cwd=root, before=partial(_clean, root, keep_cache=False))
    result.files_generated = _written(result.steps["generation"].runs[-1])
    for lang in LANGUAGES:
        result.pages[lang] = sum(1 for _ in (root / "build" / "docs" / lang).rglob("*.md"))

    say(f"link-preview cards alone, no card cache ×{runs}")
    cards_out = root / "build" / "cards-bench"
    result.steps["cards (no card cache)"] = measure.repeat(runs, python("-c", DRAW_CARDS, str(cards_out)), cwd=root,
                                                          before=partial(_drop_cards, root, cards_out))
    result.cards = int(result.steps["cards (no card cache)"].runs[-1].stdout.split()[-1])
    shutil.rmtree(cards_out, ignore_errors=True)

    say(f"check with the record cache the generation left ×{runs}")
    result.steps["check (warm cache)"] = measure.repeat(runs, [*generator, "check"], cwd=root)
    say(f"check after editing one record ×{runs}")
    result.steps["check (one record edited)"] = measure.repeat(runs, [*generator, "check"], cwd=root, before=partial(_edit_one, root))

    for lang in LANGUAGES:
        say(f"MkDocs build {lang} ×{runs}")
        target = root / "build" / f"site-{lang}"
        command = python("-m", "mkdocs", "build", "-q", "-f", str(siteconfig.config_path(root, lang)), "-d", str(target))
        env = measure.environment()
        result.steps[f"mkdocs {lang}"] = measure.repeat(runs, command, cwd=root, env=env, before=partial(shutil.rmtree, target, ignore_errors=True))

    # `make site`: generation, then both MkDocs builds at once while this process draws the cards. The two runs
    # differ only in the card cache, so their difference is what drawing the cards adds to the wall time.
    modules = root / "node_modules"  # the web editor's bundle, which `site` copies into /admin/
    if not modules.exists():
        modules.symlink_to(REPOSITORY / "node_modules", target_is_directory=True)
    for keep_cards in (False, True):
        name = "site (cards cached)" if keep_cards else "site (no card cache)"
        say(f"{name} ×{runs}")
        result.steps[name] = measure.repeat(runs, [*generator, "site"], cwd=root, before=partial(_before_site, root, keep_cards=keep_cards))

    if not profile:
        say("no-op regeneration")
        result.steps["no-op regeneration"] = measure.repeat(1, [*generator, "build"], cwd=root)
        result.noop_written = _written(result.steps["no-op regeneration"].runs[0])
    return result


def profile_regeneration(root: Path, result: ScaleResult) -> tuple[str, float]:
    """cProfile of a regeneration (the no-op run: it renders every page, then writes nothing); the top functions as Markdown."""
    output = root / "generation.prof"
    profiled = run(python("-m", "cProfile", "-o", str(output), "-m", "generator", "--root", str(root), "build"), cwd=root).check()
    result.steps["no-op regeneration (under cProfile)"] = Series([profiled])
    result.noop_written = _written(profiled)
    stats = pstats.Stats(str(output))
    entries = stats.stats  # type: ignore[attr-defined]  # {(file, line, name): (cc, nc, tt, ct, callers)}
    wrappers = ("<frozen runpy>", "<string>", "<built-in method builtins.exec>", "__main__.py")

    def label(key: tuple[str, int, str]) -> str:
        filename, line, name = key
        if filename == "~":
            return name
        parts = Path(filename).parts
        short = "/".join(parts[parts.index("site-packages") + 1:]) if "site-packages" in parts else "/".join(parts[-2:])
        return f"{short}:{line}({name})"

    rows = [(key, value) for key, value in entries.items() if not any(w in label(key) or w in key[0] for w in wrappers)]

    def table(order: int, title: str) -> list[str]:
        ranked = sorted(rows, key=lambda item: item[1][order], reverse=True)[:10]
        lines = [f"**{title}**", "", "| # | function | calls | own s | cumulative s |", "| --: | --- | --: | --: | --: |"]
        for rank, (key, (_, calls, own, cumulative, _)) in enumerate(ranked, 1):
            lines.append(f"| {rank} | `{label(key)}` | {calls} | {own:.2f} | {cumulative:.2f} |")
        return lines

    text = table(3, "Top 10 by cumulative time") + [""] + table(2, "Top 10 by own time (where the time is actually spent)")
    output.unlink()
    return "\n".join(text), profiled.wall


def _mark(ok: bool) -> str:
    return "✅" if ok else "❌"


def _fmt(seconds: float) -> str:
    return f"{seconds:.2f}" if seconds < 100 else f"{seconds:.0f}"


def _cards_lines(result: ScaleResult) -> list[str]:
    """The link-preview cards: their own cost, and what they add to `make site`, where they are drawn during MkDocs."""
    alone = result.steps["cards (no card cache)"]
    cold, warm = result.steps["site (no card cache)"].wall, result.steps["site (cards cached)"].wall
    mkdocs = max(result.steps["mkdocs en"].wall, result.steps["mkdocs fr"].wall)
    each = 1000 * alone.cpu / result.cards if result.cards else 0.0
    return [f"- Link-preview cards: {result.cards} drawn alone in {_fmt(alone.wall)} s ({_fmt(alone.cpu)} s CPU with start-up, "
            f"{each:.1f} ms a card); not part of *generation*: `site` draws them while both MkDocs builds run "
            f"(the longer of which takes {_fmt(mkdocs)} s alone).",
            f"- `site` end to end: {_fmt(cold)} s with no card cache, {_fmt(warm)} s with every card cached: "
            f"drawing the cards added {_fmt(cold - warm)} s of wall time."]


def render_report(results: list[ScaleResult], edits: dict[bool, serve.EditResult], profile: str | None, profile_wall: float,
                  header: dict[str, str], log: list[str], weights: str | None = None) -> str:
    """The Markdown report: machine, a table per size, ratios, targets, profile."""
    out = ["# A-CIP site benchmark", ""]
    out += [f"- **{key}:** {value}" for key, value in header.items()]
    out += ["", "Times are wall-clock seconds, the median of the runs shown; CPU is the child's user + system time",
            "(less sensitive to other load on the machine). Peak memory is the largest resident set of any run of the step.",
            "*Cold cache*: no `build/` (a fresh clone, or CI); *warm*: the record cache of the previous run is in `build/cache/`.", ""]
    for result in results:
        scale = result.scale
        records = ", ".join(f"{count} {kind}" for kind, count in result.records.items())
        out += [f"## {scale.name} — {records}",
                "",
                f"PIDs: {scale.outcomes} specific outcomes × {scale.measures} measures + {scale.indicators} indicators each. "
                f"Content: {result.content_mib:.1f} MiB of YAML. Generated: {result.files_generated} files, "
                f"{result.pages['en']} + {result.pages['fr']} Markdown pages (en + fr).",
                "",
                "| step | runs | wall s | CPU s | peak MiB |",
                "| --- | --: | --: | --: | --: |"]
        for name, series in result.steps.items():
            out.append(f"| {name} | {series.count} | {_fmt(series.wall)} | {_fmt(series.cpu)} | {series.maxrss_mib:.0f} |")
        pages = result.pages["en"] + result.pages["fr"]
        out += [f"| **total** (generation + MkDocs en + fr) | | **{_fmt(result.total)}** | | **{result.peak_mib:.0f}** |",
                "",
                f"- Pages per second: {pages / result.total:.0f} end to end, {pages / result.build:.0f} in MkDocs alone.",
                f"- Generation / build (MkDocs en + fr): {100 * result.steps['generation'].wall / result.build:.1f} %.",
                f"- No-op regeneration wrote {result.noop_written} file(s).",
                *_cards_lines(result),
                ""]
    if weights:
        out += ["## First-visit weight at 1×", "", weight.__doc__.split("\n\n")[1].replace("\n", " "), "", weights, ""]
    by_name = {r.scale.name: r for r in results}
    out += ["## Ratios", "",
            "| ratio | build (MkDocs en + fr) | build, CPU time | total (with generation) | generation |",
            "| --- | --: | --: | --: | --: |"]
    for high, low in (("10×", "1×"), ("100×", "10×")):
        if high in by_name and low in by_name:
            h, lo = by_name[high], by_name[low]
            gen = h.steps["generation"].wall / lo.steps["generation"].wall
            cpu = h.build_cpu / lo.build_cpu
            out.append(f"| {high} / {low} | {h.build / lo.build:.2f} | {cpu:.2f} | {h.total / lo.total:.2f} | {gen:.2f} |")
    out += ["", "| size | generation / build |", "| --- | --: |"]
    for result in results:
        out.append(f"| {result.scale.name} | {100 * result.steps['generation'].wall / result.build:.1f} % |")

    out += ["", "## Targets", ""]
    targets: list[tuple[str, bool | None, str]] = []
    big = by_name.get("100×")
    mid = by_name.get("10×")
    if big:
        warm, cold = big.steps["check (warm cache)"].wall, big.steps["check (cold cache)"].wall
        edited = big.steps["check (one record edited)"].wall
        targets.append(("`check` at 100× < 1 s, warm record cache (every run after the first)", warm < 1, f"{warm:.2f} s"))
        targets.append(("`check` at 100× < 1 s after editing one record", edited < 1, f"{edited:.2f} s"))
        targets.append(("`check` at 100× < 1 s, cold (first run after a clone or a generator change)", cold < 1, f"{cold:.2f} s"))
    for result in results:
        share = result.steps["generation"].wall / result.build
        targets.append((f"generation ≤ 5 % of build at {result.scale.name}", share <= 0.05, f"{100 * share:.1f} %"))
    if big and mid:
        ratio = big.build / mid.build
        targets.append(("100×/10× build ratio ≤ 10.5", ratio <= 10.5, f"{ratio:.2f} (CPU time: {big.build_cpu / mid.build_cpu:.2f})"))
    if big:
        for lang in ("en", "fr"):
            seconds = big.steps[f"mkdocs {lang}"].wall
            targets.append((f"100× MkDocs build < 60 s ({lang})", seconds < 60, f"{seconds:.1f} s"))
    peak = max((r.peak_mib for r in results), default=0.0)
    targets.append(("peak memory < 1 GiB (any step, any size)", peak < GIB, f"{peak:.0f} MiB"))
    noop = [r.noop_written for r in results]
    targets.append(("no-op regeneration writes 0 files (every size)", all(n == 0 for n in noop), ", ".join(map(str, noop))))
    for dirty, edit in sorted(edits.items(), reverse=True):
        shown = "never (timed out)" if edit.seconds is None else f"{edit.seconds:.2f} s"
        ok = edit.seconds is not None and edit.seconds < 5
        if dirty:  # what `make serve` runs
            targets.append(("`make serve` (`mkdocs serve --dirty`) edit → visible < 5 s at 10×", ok, shown))
        else:
            targets.append(("*(not a target: plain `mkdocs serve`, which rebuilds every page on each edit)*", None, shown))
    out += ["| target | met | measured |", "| --- | :-: | --: |"]
    out += [f"| {name} | {'—' if ok is None else _mark(ok)} | {value} |" for name, ok, value in targets]
    for dirty, edit in edits.items():
        out += ["", f"Serve{' --dirty' if dirty else ''}: first page after {edit.startup:.1f} s (initial build); "
                f"edited the English summary of `{edit.page}`."]
    if profile:
        out += ["", f"## Profile: regeneration at 100× (cProfile, the no-op run, {profile_wall:.0f} s under the profiler)", "",
                "Records come from the record cache in this run; validating them from scratch costs what *check (cold cache)* shows.", "",
                profile]
    out += ["", "<details><summary>Progress log</summary>", "", "```", *log, "```", "", "</details>", ""]
    return "\n".join(out)


def _machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import mkdocs

    return {
        "Machine": f"{os.cpu_count()} CPU(s) (`nproc` {len(os.sched_getaffinity(0))}), {model}, {platform.system()} {platform.release()}",
        "Python": f"{platform.python_version()} ({sys.executable})",
        "MkDocs": mkdocs.__version__,
        "Memory measured with": "`os.wait4` per child (`ru_maxrss`); `/usr/bin/time` "
        + ("is present but not needed" if shutil.which("time") or Path("/usr/bin/time").exists() else "is absent"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scales", default="1,10,100", help="comma-separated sizes among 1, 10, 100 (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="runs per step at 1× and 10× (default 3)")
    parser.add_argument("--big-runs", type=int, default=1, help="runs per step at 100× (default 1)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve edit → visible measurement")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile run at 100×")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse's performance score at 1×")
    parser.add_argument("--no-weight", action="store_true", help="skip the first-visit page weights at 1× (Chromium)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects (their path is printed)")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.md")
    args = parser.parse_args(argv)
    wanted = {f"{s.strip()}×" for s in args.scales.split(",") if s.strip()}
    scales = [s for s in synth.SCALES if s.name in wanted]
    if not scales:
        parser.error(f"no known size in {args.scales!r}; choose among 1, 10, 100")

    started = time.perf_counter()
    header = {"Date": time.strftime("%Y-%m-%d %H:%M %Z"), **_machine(), "Load average at start (1/5/15 min)": measure.load_average()}
    workdir = Path(tempfile.mkdtemp(prefix="acip-bench-"))
    measure.PYCACHE = workdir / "pycache"
    log: list[str] = []
    results: list[ScaleResult] = []
    edits: dict[bool, serve.EditResult] = {}
    profile: str | None = None
    profile_wall = 0.0
    weights: str | None = None
    try:
        for scale in scales:
            root = workdir / scale.name.rstrip("×")
            profiled = scale.name == "100×" and not args.no_profile
            result = measure_scale(scale, root, args.big_runs if scale.name == "100×" else args.runs, log, profile=profiled)
            results.append(result)
            if scale.name == "1×" and not args.no_lighthouse:
                _say(log, "1×: Lighthouse performance score (English site)")
                partner = sorted(p.stem for p in (root / "content" / "partners").glob("*.yml"))[0]
                scores = audit.performance(root / "site", ["", f"partners/{partner}/"])  # what `site` published
                header["Lighthouse performance at 1× (English site; simulated mobile, varies with load)"] = ", ".join(
                    f"`{path}` {value}" for path, value in scores.items())
            if scale.name == "1×" and not args.no_weight:
                _say(log, "1×: first-visit weight of the home page and one page of each record kind (Chromium, gzip)")
                weights = weight.table(weight.measure(root / "site", weight.record_pages(root / "site")))
                published = REPOSITORY / "site"
                if (published / "index.html").is_file():  # the real content, as `make site` last built it
                    _say(log, "first-visit weight of the site `make site` built from content/")
                    weights += "\n\nThe real content (`site/`, as `make site` last built it):\n\n" + weight.table(
                        weight.measure(published, weight.record_pages(published)))
            if scale.name == "10×" and not args.no_serve:
                partner = sorted(p.stem for p in (root / "content" / "partners").glob("*.yml"))[0]
                for dirty in (False, True):
                    _say(log, f"10×: mkdocs serve{' --dirty' if dirty else ''}, edit → visible")
                    edits[dirty] = serve.edit_to_visible(root, partner, dirty=dirty)
                    log.append(f"serve{' --dirty' if dirty else ''} log tail:\n{edits[dirty].log_tail}")
            if profiled:
                _say(log, "100×: no-op regeneration under cProfile")
                profile, profile_wall = profile_regeneration(root, result)
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"projects kept in {workdir}", file=sys.stderr)
    header["Load average at end"] = measure.load_average()
    header["Bench duration"] = f"{(time.perf_counter() - started) / 60:.1f} min (incl. writing the synthetic content)"
    header["Settings"] = (f"seed 2019, SOURCE_DATE_EPOCH={measure.SOURCE_DATE_EPOCH}, runs: {args.runs} at 1×/10×, {args.big_runs} at 100×; "
                          "bytecode cached (PYTHONPYCACHEPREFIX), as `make` does")
    report = render_report(results, edits, profile, profile_wall, header, log, weights)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
