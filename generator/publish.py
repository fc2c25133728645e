"""The thin MkDocs edge: build every language into a fresh folder, then swap it in.

MkDocs empties its output folder before building, so building in place would
lose the published site on any failure. Here ``site/`` is replaced only after
every language has built with ``--strict`` and every link-preview card is drawn.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from generator import cards, cms, siteconfig
from generator.settings import Settings, build_time, load_settings
from generator.values import LANGUAGES, SOURCE_LANGUAGE


class BuildFailed(Exception):
    """MkDocs (or a drop-in fork) refused the generated pages."""


def _environment(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner is noise to editors
    # MkDocs dates the sitemap (<lastmod>, the .gz header) from SOURCE_DATE_EPOCH, else from the clock.
    # Pin it to the generator's build time (the last commit), so that both languages and every rebuild
    # of one commit agree with the pages' dates and are byte-identical, with or without `make`.
    env.setdefault("SOURCE_DATE_EPOCH", str(int(build_time(root).timestamp())))
    return env


_NOISE = ("MkDocs 2.0", "mkdocs-material", "─", "│", "╭", "╰")


def _worth_showing(line: str) -> bool:
    """MkDocs' warnings and errors; not its progress (INFO) nor Material's end-of-life banner."""
    return bool(line.strip()) and not line.startswith("INFO") and not any(noise in line for noise in _NOISE)


def draw_cards(generated: Path, out: Path, cache_dir: Path | None, languages: tuple[str, ...] = LANGUAGES,
               stop: Callable[[], bool] | None = None) -> int:
    """Every language's link-preview cards (generation's plans in ``generated``) under ``out/<lang>/``; how many were drawn."""
    drawn = 0
    for lang in languages:
        plan = cards.Plan.read(generated / lang)
        if plan is not None:
            drawn += cards.write_cards(plan, out / lang, cache_dir, stop)
    return drawn


def _command(builder: str, settings: Settings, lang: str, target: Path) -> tuple[list[str], Path]:
    """The command that builds ``lang`` into ``target``, and the folder it really builds into.

    MkDocs and its forks take the output folder as ``-d``. Zensical has no such option and wants every
    folder inside its configuration's own, so it builds beside the pages and its output is moved afterwards.
    Not --quiet: it silences the warnings that --strict counts, so a broken link would be published.
    """
    if builder == "zensical":
        config = siteconfig.zensical_config(settings, lang)
        output = settings.generated / ".zensical" / lang
        shutil.rmtree(output, ignore_errors=True)
        return [sys.executable, "-m", builder, "build", "-f", str(config)], output
    return [sys.executable, "-m", builder, "build", "-f", str(siteconfig.config_path(settings.root, lang)), "-d", str(target)], target


def _any_failed(running: dict[str, subprocess.Popen[str]]) -> bool:
    """A build that has already failed: then it is reported at once, not after the cards (a minute at 100× content)."""
    return any(process.poll() not in (None, 0) for process in running.values())


def _merge(source: Path, target: Path) -> None:
    """Move the tree ``source`` into ``target``: whole folders where ``target`` has none, else file by file."""
    target.mkdir(parents=True, exist_ok=True)
    for child in source.iterdir():
        destination = target / child.name
        if child.is_dir() and destination.is_dir():
            _merge(child, destination)
        else:
            child.replace(destination)


def build_site(root: Path, site_dir: Path, *, builder: str = "mkdocs", strict: bool = True) -> None:
    """Build all languages into a temporary sibling of ``site_dir`` and swap it in atomically.

    The languages build at the same time, each into its own folder (MkDocs empties its output
    folder first, so French cannot build inside the English one while that runs); French is
    moved under ``fr/`` once both have succeeded. Meanwhile this process draws the link-preview
    cards (the cached ones are copied), which join the built site before the swap.
    """
    site_dir = site_dir.resolve()
    problem = cms.check_auth_url(os.environ.get(cms.AUTH_URL_VARIABLE, "").strip())
    if problem:
        raise BuildFailed(problem)
    settings = load_settings(root)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    environment = _environment(root)  # once: every language gets the same SOURCE_DATE_EPOCH
    running: dict[str, subprocess.Popen[str]] = {}
    try:
        targets = {lang: staging / (lang if lang == SOURCE_LANGUAGE else f"lang-{lang}") for lang in LANGUAGES}
        logs = {lang: staging / f"{lang}.log" for lang in LANGUAGES}
        built_into: dict[str, Path] = {}
        for lang, target in targets.items():
            command, built_into[lang] = _command(builder, settings, lang, target)
            if strict:
                command.append("--strict")
            with logs[lang].open("w", encoding="utf-8") as log:  # a file, not a pipe: nobody reads it while cards are drawn
                running[lang] = subprocess.Popen(command, cwd=root, env=environment, stdout=log, stderr=subprocess.STDOUT, text=True)
        drawn_cards = staging / "cards"
        try:
            draw_cards(settings.generated, drawn_cards, root / "build" / "cache" / "cards", stop=partial(_any_failed, running))
        except (OSError, ValueError) as exc:
            raise BuildFailed(f"drawing the link-preview cards failed: {exc}") from None
        failures: list[str] = []
        for lang, process in running.items():
            process.wait()
            output = "\n".join(line for line in logs[lang].read_text(encoding="utf-8").splitlines() if _worth_showing(line))
            if process.returncode != 0:
                failures.append(f"{builder} build of the {lang} site failed:\n{output}")
            elif output:
                print(output, file=sys.stderr)
        if failures:
            raise BuildFailed("\n".join(failures))
        for lang, target in targets.items():
            if built_into[lang] != target:
                shutil.move(built_into[lang], target)
        for lang, target in targets.items():
            if (drawn_cards / lang).is_dir():
                _merge(drawn_cards / lang, target)
        built = targets[SOURCE_LANGUAGE]
        try:  # one web editor for both languages, at /admin/
            cms.write_admin(settings, built / "admin")
        except cms.BundleMissing as exc:
            raise BuildFailed(str(exc)) from None
        for lang, target in targets.items():
            if lang != SOURCE_LANGUAGE:
                target.rename(built / lang)
        previous = site_dir.with_name(site_dir.name + ".previous")
        if previous.exists():
            shutil.rmtree(previous)
        if site_dir.exists():
            site_dir.rename(previous)
        built.rename(site_dir)
        if previous.exists():
            shutil.rmtree(previous)
    finally:
        for process in running.values():  # left early (cards failed, an interrupt): no build outlives this one
            if process.poll() is None:
                process.kill()
                process.wait()
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
