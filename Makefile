# A-CIP programme site. `make site` builds the site; `make test` runs every test.
# Both set up their own .venv with the pinned dependencies on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
STRICT_FLAG := $(if $(STRICT),--strict,)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Reproducible builds: dates and "upcoming" events follow the last commit, not the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
endif
export NO_MKDOCS_2_WARNING := 1
# Compiled bytecode goes under build/ (git-ignored, outside MkDocs' watched folders), so
# `make check` does not recompile the generator on every run and no __pycache__ lands in the tree.
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX := $(CURDIR)/build/pycache

.PHONY: site check build serve serve-fr test lint bench clean site-properdocs lock browser

site: $(VENV)/.runtime node_modules/.installed  ## Validate, generate and build both languages into site/ (atomically), with the web editor at /admin/
	$(PY) -m generator site $(STRICT_FLAG)

check: $(VENV)/.runtime  ## Validate content/ only (STRICT=1: warnings fail too)
	$(PY) -m generator check $(STRICT_FLAG)

build: $(VENV)/.runtime  ## Generate the Markdown pages into build/docs/
	$(PY) -m generator build $(STRICT_FLAG)

# Previews rebuild only the pages that changed (--dirty): seconds instead of a full build. Their search
# index holds only those pages and MkDocs warns about dirty builds, hence --no-strict; `make site` is the real build.
SERVE_FLAGS := -a 127.0.0.1:8000 --livereload --dirty --no-strict

serve: $(VENV)/.runtime  ## Live preview of the English site on http://127.0.0.1:8000/
	$(PY) -m generator build
	$(PY) -m mkdocs serve $(SERVE_FLAGS)

serve-fr: $(VENV)/.runtime  ## Live preview of the French site
	$(PY) -m generator build
	$(PY) -m mkdocs serve -f mkdocs.fr.yml $(SERVE_FLAGS)

test: $(VENV)/.dev node_modules/.installed browser  ## Set up and run every test
	$(PY) -m ruff check generator tests bench
	$(PY) -m pytest -n 2 --dist loadgroup -q

lint: $(VENV)/.dev
	$(PY) -m ruff check generator tests bench

bench: $(VENV)/.dev  ## Benchmarks at 1x, 10x and 100x content (writes bench/results/)
	$(PY) -m bench

site-properdocs: $(VENV)/.runtime  ## Build the same pages with ProperDocs (drop-in MkDocs fork)
	$(PIP) install properdocs==1.6.7
	$(PY) -m generator site --builder properdocs --site-dir site-properdocs

clean:  ## Remove generated pages, built sites and caches (keeps .venv)
	rm -rf build site site.previous site-properdocs test-output .pytest_cache .ruff_cache .hypothesis

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
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests use Debian's Chromium (Playwright's own browser download cannot work offline).
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null; }
