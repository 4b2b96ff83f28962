# `make build` sets up everything on a fresh machine and publishes the warehouse;
# `make test` runs everything CI checks. See README.md.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

# The publication's extracted text, where it lies beside the clone (developers and CI have
# it there): with it, the build checks every seed row against it. Never needed to build.
SOURCE_TEXT := $(abspath $(CURDIR)/../shared/source/uwv-ai-werkgevers-2025.txt)
ifneq ($(wildcard $(SOURCE_TEXT)),)
export UWV_AI_SOURCE_TEXT ?= $(SOURCE_TEXT)
endif

export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DBT_PROFILES_DIR := $(CURDIR)/profiles
export DBT_TARGET_PATH := $(CURDIR)/build/dbt/target
export DBT_LOG_PATH := $(CURDIR)/build/dbt/logs
export DBT_LOG_LEVEL_FILE := warn

.PHONY: build test lint format docs report export bench clean

# Publishes the warehouse, then writes what is made from it: the report and the exports.
build: $(INSTALLED)
	$(BIN)/uwv-ai build
	$(BIN)/uwv-ai report
	$(BIN)/uwv-ai export

# pip compiles bytecode at install; without it every dbt start recompiles (+1 s),
# because PYTHONDONTWRITEBYTECODE is set on our machines.
# Activating the virtualenv also sets up plain dbt, which runs from the project root: the
# profile in profiles/, artifacts and logs in build/dbt/ (where uwv-ai puts them), a file log
# of warnings and errors (the console shows the rest; debug logs every statement, about 1 s a
# build, info about 0.3 s; `--log-level-file debug` brings it back), no usage statistics, and the source text where there is one. The dbt
# paths are relative to the root, so they hold for any copy of the project. The block goes last
# in the script; a reinstall replaces the one an earlier install wrote.
$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[dev]'
	mkdir -p build
	sed -i '/^# uwv-ai: plain dbt/,$$d' $(BIN)/activate
	printf '%s\n' \
	    '# uwv-ai: plain dbt from the project root (see README, "Plain dbt")' \
	    'export DBT_PROFILES_DIR=profiles' \
	    'export DBT_TARGET_PATH=build/dbt/target' \
	    'export DBT_LOG_PATH=build/dbt/logs' \
	    'export DBT_LOG_LEVEL_FILE=warn' \
	    'export DBT_SEND_ANONYMOUS_USAGE_STATS=false' \
	    'if [ -f "$(SOURCE_TEXT)" ]; then export UWV_AI_SOURCE_TEXT="$(SOURCE_TEXT)"; fi' \
	    >> $(BIN)/activate
	touch $@

test: $(INSTALLED) lint
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/sqlfluff lint --processes 0 models macros tests/dbt analyses

format: $(INSTALLED)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/sqlfluff fix --processes 0 models macros tests/dbt analyses

docs: $(INSTALLED)
	$(BIN)/uwv-ai docs

report: $(INSTALLED)
	$(BIN)/uwv-ai report

export: $(INSTALLED)
	$(BIN)/uwv-ai export

# Prints every figure of README "Performance" beside dbt's floor (benchmarks/README.md says how).
bench: $(INSTALLED)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf build $(VENV)
