# Two commands on a fresh machine with Python 3.11 and pip: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: install install-dev run db test lint format lock clean browser-deps pdf-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# SQLite in var/ with every French commune and the Ain demo directory.
db: install
	mkdir -p var
	$(BIN)/allervers migrate --noinput
	$(BIN)/allervers load-territories
	$(BIN)/allervers load-demo
	$(BIN)/allervers load-pathways --demo
	$(BIN)/allervers load-plan-demo
	$(BIN)/allervers load-outreach-demo
	$(BIN)/allervers load-campaigns-demo
	$(BIN)/allervers load-surveys-demo
	$(BIN)/allervers load-agreements-demo
	$(BIN)/allervers load-isg-demo
	$(BIN)/allervers load-network-demo
	$(BIN)/allervers load-network-requests-demo
	$(BIN)/allervers demo-accounts

# The web server and the worker (e-mails, reminders, deadlines, purges) together; Ctrl-C stops both.
run: db pdf-deps
	$(BIN)/allervers run-all 127.0.0.1:$(PORT)

# System packages the tests need (Debian 12): chromium and a text font for the browser tests, Pango and HarfBuzz
# for WeasyPrint's PDFs (fiches réflexes, plan, hand-over exports), and for the campaigns' print supports (PDF/X-4
# output intent) the FOGRA39L characterization data (icc-profiles-free) and ArgyllCMS's colprof (argyll), which
# builds the FOGRA39 CMYK profile from it once, into $(FOGRA39_ICC) (about 30 s; allervers/campaigns/SOURCES.md);
# Ghostscript's CMYK profile (libgs-common) is the fallback. Installed with apt-get only when missing, so
# that `make test` stays quick where they are. CI runs as root; elsewhere sudo is used.
PDF_PACKAGES := fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils libgs-common \
	icc-profiles-free argyll
BROWSER_PACKAGES := chromium fonts-liberation $(PDF_PACKAGES)
# Where supports.py looks for it: settings.VAR_DIR/icc (ALLERVERS_VAR_DIR, var/ by default).
FOGRA39_ICC := $(or $(ALLERVERS_VAR_DIR),var)/icc/FOGRA39L.icc
pdf-deps: PACKAGES = $(PDF_PACKAGES)
browser-deps: PACKAGES = $(BROWSER_PACKAGES)
pdf-deps browser-deps:
	@missing=$$(for package in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'install ok installed' || echo $$package; done); \
	if [ -n "$$missing" ]; then \
	    sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	    $$sudo apt-get update && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi
	@# Medium quality (-qm), total ink limit 330 % (FOGRA39's), black generation on a ramp (-kr), no gamut-mapped
	@# perceptual table (relative colorimetric is what the logos use): into a temporary file, then renamed.
	@if [ ! -s $(FOGRA39_ICC) ]; then \
	    echo "Building the FOGRA39 CMYK profile ($(FOGRA39_ICC)) with colprof…"; \
	    mkdir -p $(dir $(FOGRA39_ICC)) && \
	    colprof -qm -nc -kr -l330 -A "ArgyllCMS colprof, Aller-vers" \
	        -D "Coated FOGRA39 (ISO 12647-2:2004), from the FOGRA39L data" \
	        -C "FOGRA39L characterization data: Kai-Uwe Behrmann, zlib licence (icc-profiles-free)" \
	        -O $(FOGRA39_ICC).part.icc /usr/share/color/icc/FOGRA39L >/dev/null && \
	    mv $(FOGRA39_ICC).part.icc $(FOGRA39_ICC); \
	fi

# axe-core, injected into the pages by the accessibility tests: from the npm registry, as package-lock.json pins it.
BROWSER_TESTS := tests/browser
$(BROWSER_TESTS)/node_modules/axe-core/axe.min.js: $(BROWSER_TESTS)/package.json $(BROWSER_TESTS)/package-lock.json
	cd $(BROWSER_TESTS) && npm ci --no-audit --no-fund
	touch $@

test: install-dev browser-deps $(BROWSER_TESTS)/node_modules/axe-core/axe.min.js
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest

lint: install-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy --strict allervers config
	mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/allervers makemigrations --check --dry-run

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the lock files from pyproject.toml (needs the package registry).
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet .
	var/lockenv/bin/pip freeze --exclude allervers > requirements.lock
	var/lockenv/bin/pip install --quiet ".[dev]"
	var/lockenv/bin/pip freeze --exclude allervers > requirements-dev.lock
	rm -rf var/lockenv

clean:
	rm -rf $(VENV) var/static

# Benchmarks of the directory (docs/performance.md): `make bench` for 3,000, 30,000 and 140,000 services on SQLite
# and PostgreSQL (127.0.0.1:5432, user postgres; a database allervers_bench is created then dropped), which takes
# a long while; `make bench-quick` (or `make bench ARGS=--quick`) for 3,000 services. Not part of `make test`.
# wrk is installed with apt-get when missing, like the browser tests' packages.
.PHONY: bench bench-quick bench-deps
bench-deps:
	@dpkg-query -W -f='$${Status}' wrk 2>/dev/null | grep -q 'install ok installed' || { \
	    sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	    $$sudo apt-get update && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk; }

bench: install bench-deps
	$(BIN)/allervers bench $(ARGS)

bench-quick: install bench-deps
	$(BIN)/allervers bench --quick $(ARGS)

# Lighthouse (mobile) on /, /recherche/?commune=Oyonnax, /parcours/ and /urgences/, served by gunicorn with the
# production settings (docs/performance.md, section « Lighthouse »). Lighthouse 12.2.3 from the npm registry, as
# scripts/lighthouse/package-lock.json pins it, drives Debian's chromium. `make lighthouse ARGS="--runs 5"`.
.PHONY: lighthouse
LIGHTHOUSE_DIR := scripts/lighthouse
$(LIGHTHOUSE_DIR)/node_modules/.bin/lighthouse: $(LIGHTHOUSE_DIR)/package.json $(LIGHTHOUSE_DIR)/package-lock.json
	cd $(LIGHTHOUSE_DIR) && npm ci --no-audit --no-fund
	touch $@

lighthouse: install browser-deps $(LIGHTHOUSE_DIR)/node_modules/.bin/lighthouse
	$(BIN)/python $(LIGHTHOUSE_DIR)/run_lighthouse.py $(ARGS)
