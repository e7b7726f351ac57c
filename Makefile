# adpilot — `make help` lists the targets. Everything installs itself into .venv on first use.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION ?= 3.11
UV_VERSION := 0.13.9
VENV := .venv
PY := $(VENV)/bin/python
UV := .tools/bin/uv
STAMP := $(VENV)/.installed-stamp

export ADPILOT_DUCKDB_PATH ?= $(CURDIR)/data/warehouse.duckdb
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DBT_PROFILES_DIR := $(CURDIR)/dbt_project
DBT := $(VENV)/bin/dbt
DBT_ARGS := --project-dir dbt_project --profiles-dir dbt_project
MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := $(shell find dbt_project -path dbt_project/target -prune -o -type f \( -name '*.sql' -o -name '*.yml' -o -name '*.csv' -o -name '*.md' \) -print 2>/dev/null)

.PHONY: help install run run-replay test test-bigquery bigquery-ddl dev lint fix bench dbt-build dbt-parse docs sandbox clean dashboard looker-link chromium

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(UV):
	python$(PYTHON_VERSION) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON_VERSION)
	@touch $@

install: $(STAMP) $(DAGSTER_HOME)/dagster.yaml ## Create .venv with every pinned dependency (uv, from uv.lock)

$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml
	@mkdir -p $(DAGSTER_HOME) && cp $< $@

$(MANIFEST): $(STAMP) $(DBT_SOURCES)
	$(DBT) parse $(DBT_ARGS) --quiet

dbt-parse: $(MANIFEST) ## Parse the dbt project (Dagster reads its manifest)

run: install $(MANIFEST) ## Start the sandbox, materialize every asset for the last 35 days on DuckDB, print a summary
	$(PY) -m orchestration.run --days 35

run-replay: install $(MANIFEST) ## Same job, but the sandbox replays the recorded real Meta data in ../shared/data
	$(PY) -m orchestration.run --replay ../shared/data

test: install $(MANIFEST) chromium ## Run the whole test suite (then the BigQuery stage: test-bigquery)
	$(VENV)/bin/pytest -n 2 --dist loadfile -m "not bigquery" --durations=25
	$(MAKE) --no-print-directory test-bigquery

# The local BigQuery emulator has its own venv: bqemulator is DuckDB-backed and pins duckdb 1.5.5,
# the project runs DuckDB 2.x (tests/bigquery/requirements-emulator.txt, ../shared/TOOLCHAIN.md).
BQEMU_VENV := .bqemulator-venv
BQEMU_STAMP := $(BQEMU_VENV)/.installed-stamp

$(BQEMU_STAMP): tests/bigquery/requirements-emulator.txt | $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON_VERSION) $(BQEMU_VENV)
	$(UV) pip install --quiet --python $(BQEMU_VENV)/bin/python -r $<
	@touch $@

test-bigquery: install $(MANIFEST) $(BQEMU_STAMP) ## BigQuery path on the local emulator: loaders, then dbt build vs DuckDB
	$(VENV)/bin/pytest -p no:xdist -m bigquery tests/bigquery

bigquery-ddl: install ## Regenerate sql/raw/*.sql and sql/ops/*.sql from extractors/common/schemas.py
	$(PY) -m extractors.common.bigquery_ddl

dev: install $(MANIFEST) ## Sandbox + Dagster UI on http://127.0.0.1:3000
	$(PY) -m orchestration.dev --port 3000

sandbox: install ## Run the sandbox API emulator in the foreground (port 8765)
	$(PY) -m sandbox serve --port 8765

dbt-build: install $(MANIFEST) ## dbt build against the current warehouse (no extraction)
	$(DBT) build $(DBT_ARGS)

docs: install $(MANIFEST) ## Generate the dbt docs site (dbt_project/target/index.html)
	$(DBT) docs generate $(DBT_ARGS)

lint: install ## ruff, mypy and sqlfluff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy extractors optimizer orchestration config sandbox
	cd dbt_project && ../$(VENV)/bin/sqlfluff lint models

fix: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install $(MANIFEST) ## Run the benchmarks; results in bench/results/*.json
	$(PY) -m bench

.PHONY: bench-optimizer
bench-optimizer: install $(MANIFEST) ## Closed-loop optimizer benchmark on the sandbox (30 days x 3 seeds); bench/results/optimizer.json + .png
	$(PY) -m bench.optimizer

clean: ## Remove the warehouse, Dagster instance and dbt build output (keeps .venv)
	rm -rf data/warehouse.duckdb data/warehouse.duckdb.wal $(DAGSTER_HOME) dbt_project/target dbt_project/logs

dashboard: install ## Render the local dashboard preview from the DuckDB marts into data/dashboard/index.html
	$(PY) -m looker_studio preview

looker-link: install ## Print the Looker Studio link creating the report on BigQuery (GCP_PROJECT, BQ_DATASET_PREFIX)
	$(PY) -m looker_studio link

# Headless Chromium and the Noto/Thai fonts for the dashboard's browser test (Debian packages;
# Playwright-style browser downloads do not work offline). Installs only what is missing.
CHROMIUM_FONT := /usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf
SUDO := $(if $(filter 0,$(shell id -u)),,sudo )
chromium: ## Install Debian's chromium and the Noto/Thai fonts when missing (browser tests)
	@if ! command -v chromium >/dev/null 2>&1 || [ ! -f $(CHROMIUM_FONT) ]; then \
		$(SUDO)apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO)apt-get install -y \
			--no-install-recommends chromium fonts-noto-core fonts-thai-tlwg; \
	fi
