# make run   — install into .venv on first use, build the graph from graph/, validate it, serve on 127.0.0.1:8000
# make test  — install the test dependencies on first use and run the whole suite
# make bench — benchmarks; results in bench/RESULTS*.md
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= var/store
HOST   ?= 127.0.0.1
PORT   ?= 8000
# the source documents' text files, for the document pages (a deployment sets its own folder)
SOURCE_TEXTS ?= ../shared/seeds

.PHONY: run test bench build validate stats docs clean

$(BIN)/samverkan: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/samverkan
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

build: $(BIN)/samverkan
	$(BIN)/samverkan build --store $(STORE)

stats: build
	$(BIN)/samverkan stats --store $(STORE)

validate: build
	$(BIN)/samverkan validate --store $(STORE) --format summary --fail-on violation

run: stats validate
	SAMVERKAN_SOURCE_TEXTS=$(SOURCE_TEXTS) $(BIN)/samverkan serve --store $(STORE) --host $(HOST) --port $(PORT)

# axe-core (npm, from package-lock.json) for the accessibility checks of the browser tests; skipped without npm
node_modules/.installed: package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility checks of the browser tests will be skipped"; fi

test: $(VENV)/.test-deps node_modules/.installed
	$(BIN)/python -m pytest -q

bench: $(VENV)/.test-deps
	$(BIN)/python -m bench            # national scale vs the naive stack → bench/RESULTS.md
	$(BIN)/python -m bench.remote     # remote Oxigraph server vs embedded → bench/RESULTS-remote.md
	$(BIN)/python -m bench.importer   # draft-from-text recall/precision → bench/RESULTS-importer.md
	$(BIN)/python -m bench.startup    # `samverkan --help` / `queries` start-up → bench/RESULTS-startup.md

docs: $(VENV)/.test-deps
	mkdir -p docs/ontology
	$(BIN)/pylode ontology/samverkan.ttl -o docs/ontology/index.html
	@echo "ontology documentation: docs/ontology/index.html"

clean:
	rm -rf $(VENV) var build dist
