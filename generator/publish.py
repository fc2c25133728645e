"""The thin MkDocs edge: build every language into a fresh folder, then swap it in.

MkDocs empties its output folder before building, so building in place would
lose the published site on any failure. Here ``site/`` is replaced only after
every language has built with ``--strict``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator import cms
from generator.model import LANGUAGES
from generator.settings import build_time, load_settings

CONFIGS = {"en": "mkdocs.yml", "fr": "mkdocs.fr.yml"}


class BuildFailed(Exception):
    """MkDocs (or a drop-in fork) refused the generated pages."""


def _environment(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner is noise to editors
    env["ACIP_PREGENERATED"] = "1"  # the hook need not regenerate: the pages are fresh
    # MkDocs dates the sitemap (<lastmod>, the .gz header) from SOURCE_DATE_EPOCH, else from the clock.
    # Pin it to the generator's build time (the last commit), so that both languages and every rebuild
    # of one commit agree with the pages' dates and are byte-identical, with or without `make`.
    env.setdefault("SOURCE_DATE_EPOCH", str(int(build_time(root).timestamp())))
    return env


_NOISE = ("MkDocs 2.0", "mkdocs-material", "─", "│", "╭", "╰")


def _worth_showing(line: str) -> bool:
    """MkDocs' warnings and errors; not its progress (INFO) nor Material's end-of-life banner."""
    return bool(line.strip()) and not line.startswith("INFO") and not any(noise in line for noise in _NOISE)


def build_site(root: Path, site_dir: Path, *, builder: str = "mkdocs", strict: bool = True) -> None:
    """Build all languages into a temporary sibling of ``site_dir`` and swap it in atomically.

    The languages build at the same time, each into its own folder (MkDocs empties its output
    folder first, so French cannot build inside the English one while that runs); French is
    moved under ``fr/`` once both have succeeded.
    """
    site_dir = site_dir.resolve()
    problem = cms.check_auth_url(os.environ.get(cms.AUTH_URL_VARIABLE, "").strip())
    if problem:
        raise BuildFailed(problem)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    environment = _environment(root)  # once: every language gets the same SOURCE_DATE_EPOCH
    try:
        targets = {lang: staging / ("en" if lang == "en" else f"lang-{lang}") for lang in LANGUAGES}
        running: dict[str, subprocess.Popen[str]] = {}
        for lang, target in targets.items():
            # Not --quiet: it silences the warnings that --strict counts, so a broken link would be published.
            command = [sys.executable, "-m", builder, "build", "-f", str(root / CONFIGS[lang]), "-d", str(target)]
            if strict:
                command.append("--strict")
            running[lang] = subprocess.Popen(command, cwd=root, env=environment, stdout=subprocess.PIPE,
                                             stderr=subprocess.STDOUT, text=True)
        failures: list[str] = []
        for lang, process in running.items():
            output, _ = process.communicate()
            output = "\n".join(line for line in output.splitlines() if _worth_showing(line))
            if process.returncode != 0:
                failures.append(f"{builder} build of the {lang} site failed:\n{output}")
            elif output:
                print(output, file=sys.stderr)
        if failures:
            raise BuildFailed("\n".join(failures))
        built = targets["en"]
        try:  # one web editor for both languages, at /admin/
            cms.write_admin(load_settings(root), built / "admin")
        except cms.BundleMissing as exc:
            raise BuildFailed(str(exc)) from None
        for lang, target in targets.items():
            if lang != "en":
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
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
