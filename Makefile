# make run   — install into .venv on first use, build the graph from graph/, validate it, serve on 127.0.0.1:8000
# make test  — install the test dependencies on first use and run the whole suite (one process per core, a test file per process)
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

run: stats validate $(VENDOR)/.installed
	SAMVERKAN_SOURCE_TEXTS=$(SOURCE_TEXTS) $(BIN)/samverkan serve --store $(STORE) --host $(HOST) --port $(PORT)

# Front-end packages from the npm registry (package-lock.json): Cytoscape.js for the network page, YASGUI for
# the SPARQL page, Swagger UI for /docs, and axe-core for the accessibility checks of the browser tests.
node_modules/.installed: package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the network page, the SPARQL editor and /docs will lack their scripts, and the accessibility checks will be skipped"; fi

# the files the pages load, copied from node_modules into the package (served under /static/vendor/, never from a CDN)
VENDOR := api/static/vendor
VENDOR_FILES := cytoscape/dist/cytoscape.min.js layout-base/layout-base.js cose-base/cose-base.js \
	cytoscape-fcose/cytoscape-fcose.js cytoscape-svg/cytoscape-svg.js \
	@zazuko/yasgui/build/yasgui.min.js @zazuko/yasgui/build/yasgui.min.css \
	swagger-ui-dist/swagger-ui-bundle.js swagger-ui-dist/swagger-ui.css
$(VENDOR)/.installed: node_modules/.installed
	if test -f node_modules/.installed; then \
	  for f in $(VENDOR_FILES); do mkdir -p $(VENDOR)/$$(dirname $$f) && cp node_modules/$$f $(VENDOR)/$$f; done && touch $@; fi

test: $(VENV)/.test-deps node_modules/.installed $(VENDOR)/.installed
	$(BIN)/python -m pytest -q -n auto --dist loadfile --durations=15

bench: $(VENV)/.test-deps $(VENDOR)/.installed
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
