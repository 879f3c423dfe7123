# The two commands a new user runs (see README):
#   make demo   set up, build the demo store from the bundled sources (no network)
#               and serve the reader on http://127.0.0.1:8080 (PORT=... to change)
#   make test   set up and run the test suite (SQLite always; PostgreSQL when reachable)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench bench-parse bench-ingest lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[postgres,test]'
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[postgres,test,bench]'
	touch $@

PORT ?= 8080

demo: $(VENV)/.installed
	$(BIN)/tidings serve-demo --port $(PORT)

test: $(VENV)/.installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: bench-parse bench-ingest

bench-parse: $(VENV)/.installed-bench
	$(BIN)/python bench/parse_conformance.py
	$(BIN)/python bench/parse_speed.py

bench-ingest: $(VENV)/.installed-bench
	$(BIN)/python bench/ingest.py

lint: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet ruff
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) .pytest_cache .tidings-demo
