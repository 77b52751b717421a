# `make demo`, `make test` and `make lint` (ruff + mypy). Each creates .venv if missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out

.PHONY: demo test fuzz bench lint clean

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
	$(BIN)/treaty compile . --format pdf -o $(OUT)/draft.pdf   # Typst (--pdf-engine html: WeasyPrint)
	$(BIN)/treaty compile . --mode clean --format html -o $(OUT)/clean.html
	@echo "open $(OUT)/draft.html (bracketed draft) and $(OUT)/draft.pdf"

test: $(VENV)/.installed
	$(BIN)/pytest -q

# The fuzzing harness of tests/security/test_fuzz.py with a long budget (`make test` runs
# the same properties with a few examples each). FUZZ_EXAMPLES=N for more or fewer.
FUZZ_EXAMPLES ?= 3000
fuzz: $(VENV)/.installed
	TREATY_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q tests/security/test_fuzz.py

bench: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_targets.py --full
	$(BIN)/python benchmarks/bench_compile.py
	$(BIN)/python benchmarks/bench_diff.py
	$(BIN)/python benchmarks/bench_reader_text.py
	$(BIN)/python benchmarks/bench_positions.py
	$(BIN)/python benchmarks/bench_serve.py
	$(BIN)/python benchmarks/bench_safe_parse.py
	$(BIN)/python benchmarks/bench_lock.py

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(OUT)
