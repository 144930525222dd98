# Gofto: `make run` starts the app, `make test` runs everything CI runs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

# Never announce or browse on the real network from the tests, benchmarks or screenshots:
# discovery tests turn it on only in private namespaces (tests/fixtures/lan_netns.py).
test bench bench-gui screenshots fuzz: export GOFTO_DISCOVERY = off

.PHONY: run test fuzz lint fmt bench serve chat clean translations screenshots package package-dir bench-startup bench-gui

run: $(VENV)/.runtime
	@scripts/system-deps.sh run
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "No display found, so Gofto cannot open its window here."; \
	  echo "Run the server headless with:   $(PY) -m app serve --host 0.0.0.0"; \
	  echo "or the terminal client with:    $(PY) -m app chat --host HOST --nick NAME"; \
	else $(PY) -m app; fi

# The tkinter tests run in a process of their own: Gofto never runs Qt and Tk in one process,
# and after Qt windows had the X focus, Tk 8.6's `focus -force` can crash (TkSetFocusWin).
test: $(VENV)/.dev
	@scripts/system-deps.sh test
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest --ignore=tests/tk
	$(PY) -m pytest tests/tk

# The property tests with new random examples, 2,000 each (make test runs a fixed set).
fuzz: $(VENV)/.dev
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q -p no:cacheprovider \
	  $$(grep -rl "from hypothesis import" tests --include="test_*.py" | grep -v "tests/qt\|tests/tk")

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

fmt: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Collect the strings of app/qt into resources/translations/*.ts and compile the .qm files.
translations: $(VENV)/.dev
	scripts/translations.sh

# Rewrite the PNGs in resources/screenshots/ from the real windows under Xvfb.
screenshots: $(VENV)/.dev
	@scripts/system-deps.sh test
	GOFTO_SCREENSHOTS=1 $(PY) -m pytest -q -k screenshot tests/qt tests/discovery
	GOFTO_SCREENSHOTS=1 $(PY) -m pytest -q -k screenshot tests/tk

serve: $(VENV)/.runtime
	$(PY) -m app serve

chat: $(VENV)/.runtime
	$(PY) -m app chat

# Gofto's server against Debian's ngIRCd under the same loads (bench/server_bench.py): 3 rounds,
# medians, a markdown table on stdout and bench/results/. `make bench BENCH_ARGS=--quick` is the
# one-round smoke run. Then churn + slowloris + a one-address flood against the default limits
# (bench/abuse.py; --quick reduces it; --only abuse runs just that), and a 200 MB upload and
# download through the host next to a plain TLS copy (bench/files_bench.py;
# `FILES_BENCH_ARGS=--quick` is 50 MB).
bench: $(VENV)/.runtime
	@scripts/system-deps.sh bench
	$(PY) -m bench.server_bench $(BENCH_ARGS)
	$(PY) -m bench.abuse $(BENCH_ARGS)
	$(PY) -m bench.files_bench $(FILES_BENCH_ARGS)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

clean:
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis .import_linter_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# The executable (see build.spec): `make package` builds the one file dist/gofto,
# `make package-dir` the one folder dist/gofto-dir/ (faster start, what a distro package wraps).
# PyInstaller comes from requirements-dev.txt; the Qt system libraries must be present at build
# time so that PyInstaller can see (and bundle) what Qt's X11 plugin links against.
# Builds hold build/package.lock, as tests/package does while it builds or copies dist/gofto:
# several test runs and builds may share one checkout.
PYINSTALLER := mkdir -p build && flock build/package.lock \
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist

package: $(VENV)/.dev
	@scripts/system-deps.sh run
	$(PYINSTALLER) --workpath build/onefile build.spec
	@ls -l dist/gofto && dist/gofto --version

package-dir: $(VENV)/.dev
	@scripts/system-deps.sh run
	$(PYINSTALLER) --workpath build/onedir build.spec -- --onedir
	@du -sh dist/gofto-dir && dist/gofto-dir/gofto --version

# The Qt window under a 1,000 messages/s flood for 10 s with replies and reactions
# (bench/gui_flood.py): event-loop lag p50/p99/max and the GUI thread's CPU, memory, every
# message, reaction and quote shown; starts xvfb-run itself without a display.
# Then scrolling a 100,000-message history (bench/gui_scroll.py): frame time and CPU p99.
# bench/gui_cpu.py (not run here) compares versions by CPU time alone, offscreen.
# `make bench-gui GUI_BENCH_ARGS=--quick` is a 3-second flood and 300 scroll frames.
bench-gui: $(VENV)/.runtime
	@scripts/system-deps.sh bench
	$(PY) bench/gui_flood.py $(GUI_BENCH_ARGS)
	$(PY) bench/gui_scroll.py $(GUI_BENCH_ARGS)

# Cold start to the start dialog under Xvfb, median of 5: dist/gofto, dist/gofto-dir (if built)
# and `python -m app`. Builds dist/gofto first when it is missing.
bench-startup: $(VENV)/.dev
	@scripts/system-deps.sh bench
	@[ -x dist/gofto ] || $(MAKE) --no-print-directory package
	$(PY) bench/startup.py
