# Marsad: `make run` (sample corpus into SQLite) and `make test` (whole suite, evaluation gate included).
# Both work on a fresh machine: they create .venv, install the project into it, build the gazetteer,
# fetch the dashboard's map assets from the npm registry and (for tests) Debian's Chromium and
# PostgreSQL server (the store's tests run against a real server).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= marsad.db
STAMP  := $(VENV)/.installed
SAMPLES := samples/articles.jsonl samples/html samples/txt samples/legacy samples/bad

.PHONY: run test bench eval gazetteer web-assets system-deps clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,postgres]'
	@touch $(STAMP)

gazetteer: $(STAMP)
	$(BIN)/marsad data build-gazetteer --if-missing

web-assets:
	scripts/vendor-web-assets.sh

system-deps:
	scripts/install-system-deps.sh
	scripts/install-system-deps-postgres.sh

run: gazetteer
	@scripts/vendor-web-assets.sh || echo "note: map assets not fetched (needs npm); the map page will say so"
	$(BIN)/marsad run $(SAMPLES) --db $(DB)
	@echo ""
	@echo "workbench: $(BIN)/marsad users add admin --role admin --db $(DB)"
	@echo "           $(BIN)/marsad serve --db $(DB)    then open http://127.0.0.1:8000/"

test: gazetteer web-assets system-deps
	$(BIN)/python -m pytest -q

eval: gazetteer
	$(BIN)/marsad evaluate ../shared/eval/dev.jsonl --by-lang
	$(BIN)/python eval/heldout.py

bench: gazetteer
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/gazetteer_bench.py
	$(BIN)/python benchmarks/fusion_bench.py
	$(BIN)/python benchmarks/web_latency.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
