# Two commands set everything up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint clean

# torch goes in first, pinned to the local CPU wheel: anything else would pull CUDA builds.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)  ## serve on http://127.0.0.1:8000, building the index first when there is none
	$(BIN)/caseqa serve --build-missing

test: $(STAMP)  ## the whole test suite, integration tests included
	$(BIN)/pytest

lint: $(STAMP)  ## ruff and mypy on the package (CI runs this before the tests)
	$(BIN)/ruff check src
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build src/*.egg-info
