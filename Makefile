# Balai developer commands. Everything installs into .venv; nothing global.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
DEV_ENV := DEBUG=True
# Production mode over plain http on this machine: no HTTPS redirect, no
# Secure-only cookies (a browser would drop them on http://127.0.0.1).
LOCAL_HTTP_ENV := SECURE_SSL_REDIRECT=False SESSION_COOKIE_SECURE=False CSRF_COOKIE_SECURE=False SECURE_HSTS_SECONDS=0 LOG_FORMAT=text
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
LOAD_DB ?= postgres://postgres@127.0.0.1:5432/balai_load
LOAD_ARGS ?=
PYTEST_ARGS ?=

.PHONY: install run serve dev migrate demo worker test test-pg test-browser lint fmt check lock bench bench-load clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## make run: migrate, load the region tree and the demo kabupaten, serve on :8000
## with the production server (DEBUG off), over plain http on 127.0.0.1
run: install migrate demo
	@$(LOCAL_HTTP_ENV) $(MAKE) --no-print-directory serve

migrate: install
	$(DEV_ENV) $(BIN)/balai migrate --noinput -v0
	$(DEV_ENV) $(BIN)/balai regions load

demo: install
	$(DEV_ENV) $(BIN)/balai demo

# The production server (balai serve: granian, DEBUG off, static files by
# WhiteNoise) with the task worker beside it; both stop together. Settings come
# from the environment (.env.example); behind a TLS proxy set BEHIND_PROXY=True.
serve: install
	@$(BIN)/balai collectstatic --noinput -v0
	@echo "Balai: http://127.0.0.1:$(PORT)  (Ctrl+C untuk berhenti)"
	@$(BIN)/balai worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/balai serve --port $(PORT)

## make dev: Django's development server with DEBUG on and auto-reload
dev: install migrate
	@$(DEV_ENV) $(BIN)/balai worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) LOG_FORMAT=text $(BIN)/balai runserver 127.0.0.1:$(PORT)

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
	$(BIN)/lint-imports --no-cache --no-logo
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
	@for f in $(filter-out bench/load_test.py,$(wildcard bench/*.py)); do echo "== $$f"; $(BIN)/python $$f; done

## make bench-load: 200 users for 5 minutes against granian, gunicorn and runserver
## (LOAD_DB must exist; it gets the demo kabupaten). Loopback only.
bench-load: install
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev,bench]"
	DATABASE_URL=$(LOAD_DB) $(BIN)/balai migrate --noinput -v0
	DATABASE_URL=$(LOAD_DB) $(BIN)/balai demo
	$(BIN)/python bench/load_test.py --database-url $(LOAD_DB) $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
