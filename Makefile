# The two commands of the README: `make run` and `make test`. Both create .venv when missing and
# install the pinned versions from requirements/*.lock first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
APP_STAMP  := $(VENV)/.app-installed
TEST_STAMP := $(VENV)/.test-installed
PACKAGE_STAMP := $(VENV)/.package-installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint bench soak i18n screenshots lock clean package package-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(APP_STAMP): requirements/app.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/app.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(TEST_STAMP): $(APP_STAMP) requirements/test.lock
	$(BIN)/python -m pip install --quiet -r requirements/test.lock
	@touch $@

run: $(APP_STAMP)
	$(BIN)/mlops-kickoff $(ARGS)

# pytest runs on one worker per CPU (pytest-xdist; PYTEST_WORKERS=0 runs in this process) and prints
# its 15 slowest steps, so a test that became slow shows in every run's output.
PYTEST_WORKERS ?= auto
test: $(TEST_STAMP)
	$(BIN)/ruff check app tests packaging
	$(BIN)/lint-imports
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --durations=15 $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check app tests packaging
	$(BIN)/lint-imports
	$(BIN)/mypy

# Every performance target as a ratio against a baseline taken in the same run (a bare Qt window, a
# bare `import app`, the demo, a plain XlsxWriter write); a table, exit 1 when one is missed.
# BENCH_ARGS="--quick" is a smoke test; BENCH_ARGS="--only wbs,excel" runs some groups.
BENCH_ARGS ?=
bench: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench $(BENCH_ARGS)

# Kill the app at random moments (editing, exporting, importing, backing up) KILLS times, then check
# that no database is corrupt and no acknowledged edit lost; fails when any is. The suite runs 14.
# Then two processes edit one project for TWO_WRITERS_SECONDS (the suite: 10 s) and no acknowledged
# edit may be lost.
KILLS ?= 60
TWO_WRITERS_SECONDS ?= 60
soak: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.crash_harness --kills $(KILLS)
	TWO_WRITERS_SECONDS=$(TWO_WRITERS_SECONDS) QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider -q -s tests/test_two_processes.py
	PG_PROOF_ROUNDS=200 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider -q -s tests/test_postgres_proof.py

# Refresh the Japanese translation sources from the code and compile them (translate new entries in the .ts).
i18n: $(APP_STAMP)
	$(BIN)/python packaging/i18n.py

# The README's pictures, made by the app itself (--screenshot) on a throw-away demo database.
screenshots: $(APP_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/screenshots.py docs/screenshots

# The one-folder bundle (PyInstaller, packaging/mlops-kickoff.spec): dist/mlops-kickoff/ with the
# executable dist/mlops-kickoff/mlops-kickoff; on Linux also the .desktop entry and icon beside it and
# dist/mlops-kickoff-<version>-linux-<arch>.tar.gz of that folder. docs/packaging.md says more.
VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
$(PACKAGE_STAMP): $(APP_STAMP) requirements/package.lock
	$(BIN)/python -m pip install --quiet -r requirements/package.lock
	@touch $@

package: $(PACKAGE_STAMP)
	rm -rf build/mlops-kickoff dist/mlops-kickoff
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build packaging/mlops-kickoff.spec
	@if [ "$$(uname -s)" = Linux ]; then \
	  tar -C dist -czf dist/mlops-kickoff-$(VERSION)-linux-$$(uname -m).tar.gz mlops-kickoff && \
	  echo "dist/mlops-kickoff-$(VERSION)-linux-$$(uname -m).tar.gz"; fi
	@du -sh dist/mlops-kickoff

# Build the bundle, then run its smoke test (tests/test_bundle.py; `make test` runs it too once built).
package-test: package $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider -m bundle -v tests/test_bundle.py

lock: | $(BIN)/python
	@echo "edit the pins in requirements/*.lock; see the README's dependency section"

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
