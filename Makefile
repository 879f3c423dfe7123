# The two commands a new user runs (see README):
#   make demo   set up, build the demo store from the bundled sources (no network)
#               and serve the reader on http://127.0.0.1:8080 (PORT=... to change)
#   make test   set up and run the test suite (SQLite always; PostgreSQL when reachable)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench bench-parse bench-ingest bench-ingest-faults bench-extraction bench-stories lint clean

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

# Benchmarks print figures (never timed tests); they read ../shared/data.
bench: bench-parse bench-ingest bench-extraction bench-stories

bench-parse: $(VENV)/.installed-bench
	$(BIN)/python bench/parse_conformance.py
	$(BIN)/python bench/parse_speed.py

# 2,000 healthy feeds against lemon24/reader in the same run (~5 min).
bench-ingest: $(VENV)/.installed-bench
	$(BIN)/python bench/ingest.py --healthy

# The same with the fault mix (slow, 500, 301, malformed, huge, stalled; ~15 min).
bench-ingest-faults: $(VENV)/.installed-bench
	$(BIN)/python bench/ingest.py

bench-extraction: $(VENV)/.installed-bench
	$(BIN)/python bench/extraction_eval.py --half all --tools tidings,trafilatura,readability

bench-stories: $(VENV)/.installed-bench
	$(BIN)/python bench/stories_eval.py ../shared/data/stories-uci-dev/headlines.jsonl --half heldout --orders time,shuffle:3 --no-time
	$(BIN)/python bench/clickbait_eval.py

lint: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet 'ruff==0.17.6'  # pinned: new ruff releases add rules
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) .pytest_cache .tidings-demo
