# Marsad: `make run` (sample corpus into SQLite) and `make test` (whole suite, evaluation gate included).
# Both work on a fresh machine: they create .venv and install the project into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= marsad.db
STAMP  := $(VENV)/.installed

.PHONY: run test bench eval gazetteer clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

gazetteer: $(STAMP)
	$(BIN)/marsad data build-gazetteer --if-missing

run: gazetteer
	$(BIN)/marsad run samples/articles.jsonl samples/html samples/txt samples/legacy samples/bad --db $(DB)

test: gazetteer
	$(BIN)/python -m pytest -q

eval: gazetteer
	$(BIN)/marsad evaluate ../shared/eval/dev.jsonl --by-lang

bench: gazetteer
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
