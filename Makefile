# Fastlegeordningen: build the briefing (website and PDF) and test it.
# `make book` and `make test` set up everything they need on a fresh Debian/Ubuntu machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The stamp names the locked packages and the folder: in a copied or moved project folder it is missing,
# and setup checks the environment (scripts/venv_home.py) and makes it again when its scripts and
# editable install still point at the original folder (whose package and data they would use).
STAMP := $(VENV)/.installed-$(shell (cat requirements.lock pyproject.toml; echo "$(CURDIR)") | sha256sum | cut -c1-12)
# SKIP_SETUP=1 uses the environment as it is (never reinstalls into it).
SETUP := $(if $(filter 1,$(SKIP_SETUP)),,$(STAMP))
# axe-core for the browser sweep, pinned in tests/book/axe/package-lock.json; `npm ci` only when the
# lock changed or node_modules is missing (like the venv stamp: an installed copy works offline).
AXE_DIR := tests/book/axe
AXE := $(AXE_DIR)/node_modules/.installed-$(shell cat $(AXE_DIR)/package-lock.json | sha256sum | cut -c1-12)
# Every build target is one call of the build's Python entry point (fastlege_book/build.py), which
# owns the layout (fastlege_book/layout.py): validate, skip what is up to date, build, publish.
BUILD := $(BIN)/python -m fastlege_book build

.DEFAULT_GOAL := help
.PHONY: help book html pdf test test-fast lint format validate lock clean system-deps bench release municipal geometry

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) scripts/venv_home.py $(VENV) || rm -rf $(VENV)
	@echo "setup: virtual environment with the locked packages in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

$(AXE): $(AXE_DIR)/package-lock.json $(AXE_DIR)/package.json | system-deps
	@echo "setup: axe-core from $(AXE_DIR)/package-lock.json (npm ci)"
	cd $(AXE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	rm -f $(AXE_DIR)/node_modules/.installed-*
	touch $@

system-deps: ## Install the Debian packages for the PDF (fonts, Pango) and the tests (poppler, Chromium) when missing
	@scripts/system-deps.sh

validate: $(SETUP) ## Check data/ against its schema and compute every figure and chart
	$(BIN)/python -m fastlege_calc validate

html: $(SETUP) ## Build the website into _build/html (validates data/ first)
	$(BUILD) html

pdf: $(SETUP) system-deps ## Build the PDFs into _build (the report and its kortversjon; from the website, by WeasyPrint)
	$(BUILD) pdf

book: $(SETUP) system-deps ## Build website and PDFs (validate first; published only when both succeed)
	$(BUILD) book

lint: $(SETUP) ## Ruff: lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(SETUP) ## Ruff: fix what can be fixed and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(SETUP) system-deps $(if $(filter 1,$(SKIP_SETUP)),,$(AXE)) lint ## Run every tier: unit, extension (fixture book), book (real build, browser)
	$(BIN)/python -m pytest -n auto --durations=15

test-fast: $(SETUP) ## The inner loop: lint and the unit tier (no book build, about a minute)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest tests/unit -q -n auto

bench: $(SETUP) system-deps ## Time clean build, no-change rebuild, data changes, a two-row release and the PDF
	$(BIN)/python scripts/bench.py

release: $(SETUP) ## Record the current figures as a new edition: make release EDITION=2026.2
	$(BIN)/python -m fastlege_book release --edition "$(EDITION)"

municipal: $(SETUP) ## Import the SSB 12005 and Kartverket snapshots (snapshots/) into data/ (checksums checked)
	$(BIN)/python -m fastlege_calc import-municipal

geometry: $(SETUP) ## Simplify Kartverket's boundaries into data/geo/ with the pinned mapshaper (needs Node.js and npm)
	cd scripts/geo && npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m fastlege_calc simplify-geometry

lock: ## Re-resolve requirements.lock from pyproject.toml (needs the package registry)
	rm -rf _build/lock-venv
	$(PYTHON) -m venv _build/lock-venv
	_build/lock-venv/bin/pip install --quiet --disable-pip-version-check -e ".[book,dev]"
	_build/lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf _build/lock-venv

clean: ## Remove everything built (keeps the virtual environment)
	$(PYTHON) -m fastlege_book clean
