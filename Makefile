# Kolektor — the two commands a newcomer needs:
#   make demo   install what is missing and run the whole flow on the demo data
#   make test   install what is missing and run every check
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kolektor-installed
RUST_SOURCES := $(shell find core_rs -name '*.rs' -o -name Cargo.toml) Cargo.toml
export PYO3_PYTHON := $(abspath $(BIN)/python)

.PHONY: demo test install system-deps-demo system-deps-test rust-checks python-checks pytest clean

demo: system-deps-demo install
	$(BIN)/kolektor demo $(DEMO_ARGS)

test: system-deps-test install rust-checks python-checks pytest

system-deps-demo:
	@scripts/system-deps.sh demo

system-deps-test:
	@scripts/system-deps.sh test

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Kolektor needs Python 3.11 or newer (found $$($(PYTHON) --version))" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml $(RUST_SOURCES)
	$(BIN)/pip install -q -e '.[test,lint]'
	touch $(STAMP)

install: $(STAMP)

rust-checks: install
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --quiet -- -D warnings
	cargo test -p kolektor-core --quiet

python-checks: install
	$(BIN)/ruff check kolektor tests bench
	$(BIN)/ruff format --check kolektor tests bench
	$(BIN)/mypy
	$(BIN)/python -m mypy.stubtest kolektor._core

# Tests run in one worker per core (pytest-xdist), a module's tests in the same worker so
# its servers start once; PYTEST_WORKERS=0 runs them in this process.
PYTEST_WORKERS ?= auto

pytest: install
	KOLEKTOR_TEST_REQUIRE_SERVICES=1 $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope

clean:
	rm -rf $(VENV) target .pytest_cache .mypy_cache .ruff_cache
