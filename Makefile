# Fastlegeordningen: build the briefing (website and PDF) and test it.
# `make book` and `make test` set up everything they need on a fresh Debian/Ubuntu machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
# SKIP_SETUP=1 uses the environment as it is (the tests and the benchmark build scratch copies
# with this checkout's environment and must never reinstall into it).
SETUP := $(if $(filter 1,$(SKIP_SETUP)),,$(STAMP))
# Builds go to a work folder (kept, so rebuilds are incremental); fastlege_book/publish.py swaps the
# website and PDFs into _build only after the whole build succeeded (atomic publish).
WORK := _build/.work
JB := $(BIN)/jupyter-book build . --path-output $(WORK) -W -n --keep-going --quiet
PUBLISH := $(BIN)/python -m fastlege_book.publish
WORK_HTML := $(WORK)/_build/html/index.html
WORK_HTML_DIR := $(WORK)/_build/html
WORK_PDF_DIR := $(WORK)/_build/pdf
WORK_PDF := $(WORK_PDF_DIR)/fastlegeordningen.pdf
# The PDFs are set from the website's HTML by WeasyPrint (fastlege_book/pdf), tagged PDF/UA-1.
PDFS := $(BIN)/python -m fastlege_book.pdf $(WORK_HTML_DIR) $(WORK_PDF_DIR)
PDF := _build/fastlegeordningen.pdf
SHORT_PDF := _build/fastlegeordningen-kortversjon.pdf
# Reproducible PDFs: the build date (title page, colophon, /CreationDate) is the last commit's
# unless SOURCE_DATE_EPOCH is given.
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
endif
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
# Skip Sphinx entirely when no input changed since the last successful build (fastlege_calc/stamp.py).
UPTODATE = $(BIN)/python -m fastlege_book.stamp check
STAMPED = $(BIN)/python -m fastlege_book.stamp run

.DEFAULT_GOAL := help
.PHONY: help book html pdf test test-fast lint format validate lock clean system-deps bench release municipal geometry

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@echo "setup: virtual environment with the locked packages in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

system-deps: ## Install the Debian packages for the PDF (fonts, Pango) and the tests (poppler, Chromium) when missing
	@scripts/system-deps.sh

validate: $(SETUP) ## Check data/ against its schema (nothing is built if this fails)
	@$(UPTODATE) html $(WORK_HTML) >/dev/null && $(UPTODATE) pdf $(WORK_PDF) >/dev/null \
		|| $(BIN)/python -m fastlege_calc validate

html: validate ## Build the website into _build/html
	@$(STAMPED) html $(WORK_HTML) -- $(JB) --builder html
	$(PUBLISH) html

pdf: validate system-deps ## Build the PDFs: _build/fastlegeordningen.pdf and its two-page kortversjon
	@$(STAMPED) html $(WORK_HTML) -- $(JB) --builder html
	@$(STAMPED) pdf $(WORK_PDF) -- $(PDFS)
	$(PUBLISH) pdf

book: validate system-deps ## Build website and PDFs (validate first; published only when both succeed)
	@$(STAMPED) html $(WORK_HTML) -- $(JB) --builder html
	@$(STAMPED) pdf $(WORK_PDF) -- $(PDFS)
	@$(PUBLISH) html pdf
	@echo "book: website in _build/html/index.html, PDFs in $(PDF) and $(SHORT_PDF)"

lint: $(SETUP) ## Ruff: lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(SETUP) ## Ruff: fix what can be fixed and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(SETUP) system-deps lint ## Run the whole test suite (unit, data, book build, browser)
	$(BIN)/python -m pytest --durations=15

test-fast: $(SETUP) ## The inner loop: lint and the unit tier (no book build, under a minute)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest tests/unit -q

bench: $(SETUP) system-deps ## Time clean build, no-change rebuild, a one-value data change and the PDF
	$(BIN)/python scripts/bench.py

release: $(SETUP) ## Record the current figures as a new edition: make release EDITION=2026.2
	@test -n "$(EDITION)" || { echo "usage: make release EDITION=<name>" >&2; exit 2; }
	$(BIN)/python -m fastlege_calc release --edition $(EDITION)

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
	rm -rf _build
