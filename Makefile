# Two commands: `make run` serves the glossary, `make test` runs the whole suite.
# Both set up everything they need on a machine that has only Python 3.11+.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# `make run` and `make serve` both listen on $(HOST):$(PORT); `run` (the development server)
# defaults to port 5000, `serve` (gunicorn) to 8000: `make run PORT=8080 HOST=0.0.0.0`.
HOST   ?= 127.0.0.1
PORT   ?=
RUN_PORT   := $(or $(PORT),5000)
SERVE_PORT := $(or $(PORT),8000)
WORKERS ?= 4
export FLASK_APP := glossary

RUN_STAMP  := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
PO_FILES   := $(wildcard glossary/translations/*/LC_MESSAGES/messages.po)
MO_FILES   := $(PO_FILES:.po=.mo)

.PHONY: run test serve bench bench-incremental bench-load install database translations messages system-deps lint clean

run: database ## set up and serve on http://$(HOST):$(PORT) (default 127.0.0.1:5000)
	$(BIN)/flask run --host $(HOST) --port $(RUN_PORT)

# The database tests run a second time with PostgreSQL behind the `app` fixtures; one
# throwaway cluster (scripts/pg-test-cluster.sh) serves both runs and is always stopped.
# Every module whose tests read or write the database through those fixtures is listed; left
# out are those that never reach it (favicon, security headers, request logs; the CSV checks
# of test_data_fidelity.py) and those that use the server directly in the first run anyway.
PG_TESTS = $(wildcard tests/test_importer*.py tests/test_api*.py tests/test_search*.py \
	tests/test_skosmos*.py tests/test_formats*.py tests/test_pages*.py tests/test_embed_*.py \
	tests/test_third_language.py tests/test_framework_content.py tests/test_citation_links.py \
	tests/test_i18n.py tests/test_openapi*.py tests/test_fuzz_import.py \
	tests/test_bench_generate.py tests/test_production_health.py tests/test_multi_scheme.py \
	tests/test_revision*.py tests/test_matching.py tests/test_snapshots.py tests/test_mappings.py \
	tests/test_import_rdf.py tests/test_linked_data_*.py tests/test_explanations.py \
	tests/test_migrations_explanations.py tests/test_concept_map.py tests/test_accounts*.py \
	tests/test_feedback*.py tests/test_editing*.py tests/test_workspace*.py \
	tests/test_whats_new*.py \
	tests/test_releases_*.py \
	tests/test_consultation*.py \
	tests/test_migrations_parts.py \
	tests/test_crosslinks_incremental.py \
	tests/test_status_*.py)

test: $(TEST_STAMP) translations system-deps ## set up, type-check, and run the whole test suite
	$(BIN)/python -m mypy
	bash scripts/pg-test-cluster.sh run sh -c '\
	  $(BIN)/python -m pytest; status=$$?; \
	  GLOSSARY_TEST_BACKEND=postgresql $(BIN)/python -m pytest -m "not browser" $(PG_TESTS) \
	    || status=1; exit $$status'

install: $(RUN_STAMP) translations

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[production]'
	touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[production,test]'
	touch $@ $(RUN_STAMP)

# Catalogs are compiled at install time, never committed.
translations: $(MO_FILES)

%.mo: %.po | $(RUN_STAMP)
	$(BIN)/pybabel compile -i $< -o $@

messages: $(RUN_STAMP) ## extract UI strings into the catalogs; then translate the new entries
	$(BIN)/pybabel extract -F babel.cfg -k _l -o glossary/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i glossary/translations/messages.pot -d glossary/translations -w 100 --no-fuzzy-matching

database: install ## migrate, import the bundled CSV when empty, make it the first release, build the search index
	$(BIN)/flask db upgrade
	$(BIN)/flask glossary import --if-empty data/begrippenkader.csv
	$(BIN)/flask glossary release create-initial
	$(BIN)/flask glossary reindex --if-stale

serve: database ## serve with gunicorn in production mode (needs SECRET_KEY and GLOSSARY_PUBLIC_URL; see docs/production.md)
	HOST=$(HOST) PORT=$(SERVE_PORT) WORKERS=$(WORKERS) $(BIN)/gunicorn -c gunicorn.conf.py

bench: $(TEST_STAMP) ## search benchmark on bundled and generated data → bench/results/search.md, then bench-incremental and bench-load
	$(BIN)/python bench/search.py
	$(MAKE) bench-incremental
	$(MAKE) bench-load

bench-incremental: $(TEST_STAMP) system-deps ## one-concept publication to searchable, two hosts on PostgreSQL → bench/results/incremental.md (QUICK=1: 10 000 concepts only)
	bash scripts/pg-test-cluster.sh run $(BIN)/python bench/incremental.py $(if $(QUICK),--quick)

bench-load: $(TEST_STAMP) system-deps ## throughput and p99 with 4 gunicorn workers → bench/results/load.md
	bash scripts/pg-test-cluster.sh run $(BIN)/python bench/load.py

system-deps: ## Debian packages the browser and PostgreSQL tests need
	bash scripts/system-deps.sh

# mypy in strict mode over glossary/ (configured in pyproject.toml): a type error fails lint,
# and `make test` too, before any test runs.
lint: $(TEST_STAMP) ## ruff and mypy
	$(BIN)/ruff check glossary tests
	$(BIN)/python -m mypy

clean:
	rm -rf $(VENV) instance .pytest_cache
