# Two commands do all the set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MERMAID_VERSION := 11.12.0
MERMAID := build/vendor/mermaid.min.js

.PHONY: site serve test validate lint bench clean vendor

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Mermaid draws the org charts; it is served from the site itself, never from a CDN.
$(MERMAID):
	mkdir -p build/vendor/tmp
	cd build/vendor/tmp && npm pack --silent mermaid@$(MERMAID_VERSION) >/dev/null
	tar -xzf build/vendor/tmp/mermaid-$(MERMAID_VERSION).tgz -C build/vendor/tmp package/dist/mermaid.min.js
	mv build/vendor/tmp/package/dist/mermaid.min.js $(MERMAID)
	rm -rf build/vendor/tmp

vendor: $(MERMAID)

site: $(STAMP) $(MERMAID)
	$(BIN)/ciso-course build

serve: $(STAMP) $(MERMAID)
	$(BIN)/mkdocs serve

test: $(STAMP) $(MERMAID)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/ciso-course validate

lint: $(STAMP)
	$(BIN)/ciso-course lint

bench: $(STAMP) $(MERMAID)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site build .pytest_cache
