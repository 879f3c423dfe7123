# The two commands a new user runs (see README):
#   make demo   set up, build the demo store from the bundled sources (no network)
#               and serve the reader on http://127.0.0.1:8080 (PORT=... to change)
#   make test   set up and run the test suite (SQLite always; PostgreSQL when reachable)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test browser screenshots bench bench-parse bench-ingest bench-ingest-faults bench-extraction bench-stories bench-web lint clean

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

test: $(VENV)/.installed browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests (tests/browser) drive Debian's chromium through Playwright; Playwright's
# own browser download is never used. With CI=true, as root with apt-get, a missing chromium
# is installed; elsewhere the browser tests are skipped and say why (CI=true fails them).
browser:
	@if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then :; \
	elif [ "$$CI" = true ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	    || echo "Could not install chromium: the browser tests will fail (CI=true)."; \
	elif [ "$$CI" = true ]; then \
	  echo "No chromium, and installing it needs root and apt-get: the browser tests will fail (CI=true)."; \
	else \
	  echo "No chromium: the browser tests will be skipped (apt-get install chromium)."; \
	fi

# PNGs of the main pages of the demo into docs/screenshots/ (see tests/browser/screenshots.py).
screenshots: $(VENV)/.installed
	$(BIN)/python -m tests.browser.screenshots

# Benchmarks print figures (never timed tests); they read ../shared/data.
bench: bench-parse bench-ingest bench-extraction bench-stories bench-web

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

# 2,000 feeds x 50 entries, 20 clients, two server workers (~3 min); wrk as the load tool
# when installed (apt-get install wrk), else aiohttp.
bench-web: $(VENV)/.installed-bench
	$(BIN)/python bench/web_load.py --workers 2

bench-stories: $(VENV)/.installed-bench
	$(BIN)/python bench/stories_eval.py ../shared/data/stories-uci-dev/headlines.jsonl --half heldout --orders time,shuffle:3 --no-time
	$(BIN)/python bench/clickbait_eval.py

lint: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet 'ruff==0.17.6'  # pinned: new ruff releases add rules
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) .pytest_cache .tidings-demo
