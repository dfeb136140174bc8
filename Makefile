# The two commands a new user needs (see README.md). Both are idempotent.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup deps demo test test-fast lint bench

setup:
	bash scripts/setup.sh

# The venv and the dev tools without the models: all that `make test-fast` needs.
deps:
	ASSISTANT_SKIP_MODELS=1 bash scripts/setup.sh

demo: setup
	bash scripts/demo.sh

# Everything CI runs: the lint below, then the whole suite with the real models.
test: setup
	$(MAKE) lint BIN=$(BIN)
	$(BIN)/python -m pytest -q

# The lint, then every test that needs no model file (no download, a few minutes).
test-fast: deps
	$(MAKE) lint BIN=$(BIN)
	$(BIN)/python -m pytest -q -m "not models"

# Style, the layers (import-linter contracts in pyproject.toml) and the types (mypy).
lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy

bench: setup
	$(BIN)/assistant models pull embeddinggemma-300m-q4_0
	$(BIN)/python benchmarks/embed.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/cli.py
