# i18n-pipeline: `make demo` runs the pipeline on the sample site, `make test` runs the tests.
# Both create the virtual environment on first use (and again only when pyproject.toml changes);
# `make test` also installs GNU gettext and Chromium when they are missing (.ci/system-tools).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LANGS ?= de fr
LANG_OPTS := $(foreach lang,$(LANGS),--lang $(lang))

.DEFAULT_GOAL := help

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

.PHONY: install
install: $(STAMP) ## Create the virtual environment and install the package

.PHONY: demo
demo: $(STAMP) ## Run extract, update and publish on the sample site (content/, locales/)
	$(BIN)/i18n-pipeline extract
	$(BIN)/i18n-pipeline update $(LANG_OPTS)
	$(BIN)/i18n-pipeline publish $(LANG_OPTS)

.PHONY: test
test: $(STAMP) system-tools ## Run the test suite (PYTEST_ARGS='-m "not needs_browser"' to leave some out)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

.PHONY: system-tools
system-tools: ## Install what the tests need outside Python (GNU gettext, Chromium) if missing; DRY_RUN=1 says what it would do
	@sh .ci/system-tools $(if $(DRY_RUN),--dry-run)

.PHONY: dist
dist: $(STAMP) ## Build the wheel and the sdist into dist/
	rm -rf dist
	$(BIN)/python -m build --outdir dist

.PHONY: lint
lint: $(STAMP) ## ruff check, ruff format --check, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

.PHONY: extract update publish
extract: $(STAMP) ## Write the POT files of the sample site
	$(BIN)/i18n-pipeline extract
update: $(STAMP) ## Merge the POT files into each language's PO files
	$(BIN)/i18n-pipeline update $(LANG_OPTS)
publish: $(STAMP) ## Write the translated pages that pass the threshold
	$(BIN)/i18n-pipeline publish $(LANG_OPTS)

.PHONY: check stats
check: $(STAMP) ## Report errors and warnings in the PO files (exit 1 on an error)
	$(BIN)/i18n-pipeline check $(LANG_OPTS)
stats: $(STAMP) ## Translated, fuzzy and untranslated entries per language and issue
	$(BIN)/i18n-pipeline stats $(LANG_OPTS)

.PHONY: bench
bench: $(STAMP) ## Time a 1,000-issue archive, one process per file and per-page overhead, against po4a and mdpo (BENCH_OPTS=--quick: minutes)
	$(BIN)/python bench/run.py $(BENCH_OPTS)
	$(BIN)/python bench/big_page.py

.PHONY: clean
clean: ## Remove the virtual environment, caches and published demo pages
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .i18n-pipeline-cache build dist bench/.venv bench/.venv-ours *.egg-info
	find content -name '*.*.md' -delete
