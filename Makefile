# `make demo`, `make test` and `make lint` (ruff + mypy). Each creates .venv if missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out

.PHONY: demo test bench lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	@mkdir -p $(OUT)
	$(BIN)/treaty check .
	$(BIN)/treaty compile . --format html -o $(OUT)/draft.html
	$(BIN)/treaty compile . --format pdf -o $(OUT)/draft.pdf
	$(BIN)/treaty compile . --mode clean --format html -o $(OUT)/clean.html
	@echo "open $(OUT)/draft.html (bracketed draft) and $(OUT)/draft.pdf"

test: $(VENV)/.installed
	$(BIN)/pytest -q

bench: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_compile.py
	$(BIN)/python benchmarks/bench_diff.py
	$(BIN)/python benchmarks/bench_reader_text.py
	$(BIN)/python benchmarks/bench_positions.py
	$(BIN)/python benchmarks/bench_serve.py

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(OUT)
