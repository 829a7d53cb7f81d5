# mou-builder: `make demo` builds the example agreement, `make test` runs the suite.
# Every install comes from the lock (requirements/dev.lock, exact versions with hashes), so a
# fresh machine gets the versions the suite last passed with; `make lock` refreshes it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements/dev.lock
EXAMPLE ?= examples/oakview-ca.mou.yaml
PIP_VERSION      := 26.3
PIP_TOOLS_VERSION := 7.6.2
COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
          --no-emit-index-url --no-emit-find-links

.PHONY: demo test lint bench install lock wheel clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip==$(PIP_VERSION)"

$(STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/mou check $(EXAMPLE)
	$(BIN)/mou build $(EXAMPLE) -o out/

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/summary.py
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# A wheel and an sdist in dist/, built with the locked setuptools (no download).
wheel: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .

# Re-resolve the compatible ranges in pyproject.toml to the newest versions and pin them.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet "pip-tools==$(PIP_TOOLS_VERSION)"
	$(COMPILE) --upgrade --extra dev --all-build-deps -o requirements/dev.lock pyproject.toml
	$(COMPILE) --upgrade -o requirements/runtime.lock pyproject.toml

clean:
	rm -rf out dist .pytest_cache build *.egg-info src/*.egg-info
