"""First-visit weight of pages: what a reader with an empty cache downloads, gzipped, in Chromium.

Each page opens in a fresh browser context (no cache) served from 127.0.0.1 and is left until the
network is idle. Every response counts: text (HTML, CSS, JavaScript, JSON, SVG, XML) at its gzip size
(level 6, a common server default; the local server sends it uncompressed), anything else (PNG, fonts) as
it is. Budgets: 150 KiB for the home page, 100 KiB for a record page.

``python -m bench.weight [site]`` prints the table for the built site; ``make bench`` adds it for 1×.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator.localserve import serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Response

ROOT = Path(__file__).resolve().parent.parent
KIB = 1024
HOME_BUDGET = 150 * KIB
RECORD_BUDGET = 100 * KIB
COMPRESSIBLE = ("text/", "javascript", "json", "svg", "xml")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@dataclass
class Weight:
    path: str
    budget: int
    files: dict[str, int] = field(default_factory=dict)  # URL path → gzipped bytes

    @property
    def total(self) -> int:
        return sum(self.files.values())

    @property
    def met(self) -> bool:
        return self.total <= self.budget


def transferred(body: bytes, content_type: str) -> int:
    """What the server would send: gzip for text, the bytes themselves for what is compressed already."""
    if any(kind in content_type for kind in COMPRESSIBLE):
        return len(gzip.compress(body, compresslevel=6, mtime=0))
    return len(body)


def record_pages(site: Path) -> list[str]:
    """The home page, then one page of each record kind the site has (the first in name order), both languages."""
    paths = [""]
    for kind in ("partners", "pids", "events", "factors", "news"):
        pages = sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / kind).glob("*/index.html"))
        if pages:
            paths.append(pages[0])
    return paths + [f"fr/{path}" for path in paths if (site / "fr" / path / "index.html").is_file()]


def measure_in(browser: Browser, base: str, paths: list[str]) -> list[Weight]:
    """Each page of ``paths`` below ``base`` in a fresh context of ``browser``: the tests pass their own."""
    weights = []
    for path in paths:
        weight = Weight(path or "/", HOME_BUDGET if path in ("", "fr/") else RECORD_BUDGET)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        responses: list[Response] = []
        context.on("response", partial(list.append, responses))
        try:
            context.new_page().goto(base + path, wait_until="networkidle")
            for response in responses:
                if response.ok and response.url.startswith(base):
                    key = response.url[len(base) - 1:]
                    weight.files[key] = transferred(response.body(), response.headers.get("content-type", ""))
        finally:
            context.close()
        weights.append(weight)
    return weights


def measure(site: Path, paths: list[str]) -> list[Weight]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise RuntimeError("Chromium is missing: `make browser` installs Debian's chromium")
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            return measure_in(browser, base, paths)
        finally:
            browser.close()


def table(weights: list[Weight]) -> str:
    lines = ["| page | first visit, gzipped | budget | met | largest files |", "| --- | --: | --: | --- | --- |"]
    for weight in weights:
        largest = sorted(weight.files.items(), key=lambda item: -item[1])[:3]
        names = ", ".join(f"`{name.rsplit('/', 1)[-1] or name}` {size / KIB:.0f}" for name, size in largest)
        lines.append(f"| `{weight.path}` | {weight.total / KIB:.1f} KiB | {weight.budget // KIB} KiB | "
                     f"{'yes' if weight.met else '**no**'} | {names} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.weight", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "site")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: {args.site} has no index.html; run 'make site' first", file=sys.stderr)
        return 2
    print(table(measure(args.site, record_pages(args.site))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
