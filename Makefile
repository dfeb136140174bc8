# The two commands a new user needs (see README.md). Both are idempotent.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench

setup:
	bash scripts/setup.sh

demo: setup
	bash scripts/demo.sh

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/assistant models pull embeddinggemma-300m-q4_0
	$(BIN)/python benchmarks/embed.py
	$(BIN)/python benchmarks/ingest.py
