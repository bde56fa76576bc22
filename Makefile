# The two commands of the README: `make run` and `make test`. Both create .venv when missing and
# install the pinned versions from requirements/*.lock first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
APP_STAMP  := $(VENV)/.app-installed
TEST_STAMP := $(VENV)/.test-installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint bench i18n screenshots lock clean

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

test: $(TEST_STAMP)
	$(BIN)/ruff check app tests
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check app tests
	$(BIN)/lint-imports

bench: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench

# Refresh the Japanese translation source from the code, then compile it (translate new entries in the .ts).
i18n: $(APP_STAMP)
	$(BIN)/pyside6-lupdate $$(find app/ui -name '*.py' | sort) -ts resources/i18n/mlops_kickoff_ja.ts -source-language en -target-language ja -no-obsolete
	$(BIN)/pyside6-lrelease resources/i18n/mlops_kickoff_ja.ts -qm resources/i18n/mlops_kickoff_ja.qm

# The README's pictures, made by the app itself (--screenshot) on a throw-away demo database.
screenshots: $(APP_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.screenshots docs/screenshots

lock: | $(BIN)/python
	@echo "edit the pins in requirements/*.lock; see the README's dependency section"

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
