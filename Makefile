# Balai developer commands. Everything installs into .venv; nothing global.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
DEV_ENV := DEBUG=True
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: install run serve migrate demo worker test test-pg test-browser lint fmt check lock bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## make run: migrate, load the region tree and the demo kabupaten, serve on :8000
run: install migrate demo serve

migrate: install
	$(DEV_ENV) $(BIN)/balai migrate --noinput -v0
	$(DEV_ENV) $(BIN)/balai regions load

demo: install
	$(DEV_ENV) $(BIN)/balai demo

# The task worker runs beside the web server (large imports, notifications) and
# stops with it.
serve: install
	@echo "Balai: http://127.0.0.1:8000  (Ctrl+C untuk berhenti)"
	@$(DEV_ENV) $(BIN)/balai worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(BIN)/balai runserver 127.0.0.1:8000

worker: install
	$(DEV_ENV) $(BIN)/balai worker

## make test: the whole suite on SQLite (browser tests need Debian's chromium)
test: install
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

## make test-pg: the same suite on PostgreSQL (PG_URL; pytest creates test_* databases)
test-pg: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n auto --create-db $(PYTEST_ARGS)

test-browser: install
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests conftest.py bench
	$(BIN)/ruff format --check src tests conftest.py bench
	$(BIN)/mypy
	$(DEV_ENV) $(BIN)/balai makemigrations --check --dry-run

fmt: install
	$(BIN)/ruff check --fix src tests conftest.py bench
	$(BIN)/ruff format src tests conftest.py bench

check: install
	$(DEV_ENV) $(BIN)/balai check

lock: install
	(echo "# Exact versions CI and 'make' install (pip install -c constraints.txt). Regenerate with 'make lock'."; \
	 $(BIN)/pip freeze | grep -v -E "^-e|^#|^balai") > constraints.txt

bench: install
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
