# Gofto: `make run` starts the app, `make test` runs everything CI runs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint fmt bench serve chat clean

run: $(VENV)/.runtime
	@scripts/system-deps.sh run
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "No display found, so Gofto cannot open its window here."; \
	  echo "Run the server headless with:   $(PY) -m app serve --host 0.0.0.0"; \
	  echo "or the terminal client with:    $(PY) -m app chat --host HOST --nick NAME"; \
	else $(PY) -m app; fi

test: $(VENV)/.dev
	@scripts/system-deps.sh test
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

serve: $(VENV)/.runtime
	$(PY) -m app serve

chat: $(VENV)/.runtime
	$(PY) -m app chat

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

clean:
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
